import { decodeUtf8KeepingInvalidBytes, findBadText, isBadText, lineOfBadText } from './text';

describe('isBadText', () => {
  it.each([
    ['', false],
    ['plain', false],
    ['MEMBER-\u00c9-0001', false],
    ['\ufffd is legitimate text', false],
    ['pair \ud83d\ude00', false],
    ['a\u0000b', true],
    ['\u0000', true],
    ['lone high \ud800', true],
    ['lone low \udc00 x', true],
    ['reversed \ude00\ud83d', true],
  ])('%p -> %p', (s, bad) => expect(isBadText(s)).toBe(bad));
});

describe('findBadText', () => {
  it.each<[string, unknown, unknown]>([
    ['null', null, null],
    ['number', 12, null],
    ['clean object', { a: 'x', b: [1, 'y', { c: '\ufffd' }] }, null],
    ['top-level string', 'a\u0000', { path: [], reason: 'must not contain U+0000' }],
    ['nested value', { input: { name: 'ok', notes: 'x\ud800' } }, { path: ['input', 'notes'], reason: 'must not contain an unpaired surrogate' }],
    ['list item', { ids: ['a', 'b', '\u0000'] }, { path: ['ids', 2], reason: 'must not contain U+0000' }],
    ['first in order', { a: ['\u0000'], b: '\u0000' }, { path: ['a', 0], reason: 'must not contain U+0000' }],
    ['bad key', { metadata: { ok: 1, 'k\u0000': 2 } }, { path: ['metadata', 1], reason: 'key contains U+0000' }],
  ])('%s', (_name, value, expected) => expect(findBadText(value)).toEqual(expected));

  it('walks a deeply nested value without overflowing the stack', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findBadText(deep)?.reason).toBe('must not contain U+0000');
  });
});

describe('lineOfBadText', () => {
  it.each([
    ['no bad text', 'a\nb', 1],
    ['first line', 'a\u0000\nb', 1],
    ['third line', 'h\nok\nx\ud800y\n', 3],
    ['a pair is text; the lone one after it counts', 'a\n\ud83d\ude00\n\udc80', 3],
  ])('%s', (_name, s, line) => expect(lineOfBadText(s)).toBe(line));
});

describe('decodeUtf8KeepingInvalidBytes', () => {
  const bytes = (...b: number[]) => Uint8Array.from(b);
  it.each<[string, Uint8Array, string]>([
    ['ASCII', bytes(0x61, 0x62), 'ab'],
    ['two-byte É', bytes(0xc3, 0x89), '\u00c9'],
    ['four-byte emoji', bytes(0xf0, 0x9f, 0x98, 0x80), '\ud83d\ude00'],
    ['Latin-1 É (0xC9) alone', bytes(0x4d, 0xc9, 0x2d), 'M\udcc9-'],
    ['Latin-1 È (0xC8) differs from É', bytes(0x4d, 0xc8, 0x2d), 'M\udcc8-'],
    ['a truncated sequence at the end', bytes(0x61, 0xe2, 0x82), 'a\udce2\udc82'],
    ['overlong NUL (0xC0 0x80)', bytes(0xc0, 0x80), '\udcc0\udc80'],
    ['an encoded surrogate (CESU-8)', bytes(0xed, 0xa0, 0x80), '\udced\udca0\udc80'],
    ['beyond U+10FFFF', bytes(0xf4, 0x90, 0x80, 0x80), '\udcf4\udc90\udc80\udc80'],
    ['valid text around an invalid byte', bytes(0xc3, 0xa9, 0xff, 0xc3, 0xa9), '\u00e9\udcff\u00e9'],
  ])('%s', (_name, input, text) => expect(decodeUtf8KeepingInvalidBytes(input)).toBe(text));

  it('leaves every invalid byte as bad text, and valid UTF-8 as Node decodes it', () => {
    expect(isBadText(decodeUtf8KeepingInvalidBytes(bytes(0x4d, 0xc9)))).toBe(true);
    const valid = Buffer.from('MEMBER-\u00c9-0001 \ud83d\ude00 \u4e2d', 'utf8');
    expect(decodeUtf8KeepingInvalidBytes(valid)).toBe(valid.toString('utf8'));
  });
});
