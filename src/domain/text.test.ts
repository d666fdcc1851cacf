import { findBadText, isBadText } from './text';

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
