/**
 * Text is text: a string holding U+0000 (PostgreSQL text cannot store it) or an
 * unpaired surrogate (an encoder would put U+FFFD in its place, so two different
 * values could become one) is refused where it enters, never repaired.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
export const isBadText = (s: string) => s.includes('\u0000') || LONE_SURROGATE.test(s);

/** Why `s` is not text, for an error message (names no value). */
export const badTextReason = (s: string) => (s.includes('\u0000') ? 'must not contain U+0000' : 'must not contain an unpaired surrogate');

export type TextPath = (string | number)[];

/** A step of the walk below: the path is kept as links to the parent, so a deep value costs linear time, not quadratic. */
interface Step { value: unknown; parent: Step | null; key: string | number | null }

const pathOf = (step: Step): TextPath => {
  const path: TextPath = [];
  for (let s: Step | null = step; s && s.key !== null; s = s.parent) path.push(s.key);
  return path.reverse();
};

/**
 * The path of the first string (value or object key) in a JSON-like value that
 * is not text, or null. Iterative, so a deeply nested value cannot overflow the stack.
 * A bad key is reported at the path of its object, followed by the index of the key.
 */
export function findBadText(value: unknown): { path: TextPath; reason: string } | null {
  const stack: Step[] = [{ value, parent: null, key: null }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    const v = step.value;
    if (typeof v === 'string') {
      if (isBadText(v)) return { path: pathOf(step), reason: badTextReason(v) };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], parent: step, key: i });
    } else if (typeof v === 'object' && v !== null) {
      const keys = Object.keys(v);
      for (let i = 0; i < keys.length; i++) {
        if (isBadText(keys[i])) return { path: [...pathOf(step), i], reason: `key ${badTextReason(keys[i]).replace('must not contain', 'contains')}` };
      }
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: (v as Record<string, unknown>)[keys[i]], parent: step, key: keys[i] });
    }
  }
  return null;
}

/** `input.members.2.name`: a path as `extensions.field` names it. */
export const fieldPath = (path: TextPath) => path.join('.');

/** The 1-based line (LF-separated) of the first character that makes `s` bad text; 1 when there is none. */
export function lineOfBadText(s: string): number {
  const at = s.search(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  let line = 1;
  for (let i = s.indexOf('\n'); i >= 0 && i < at; i = s.indexOf('\n', i + 1)) line++;
  return line;
}

const isContinuation = (b: number | undefined) => b !== undefined && b >= 0x80 && b <= 0xbf;
const within = (b: number | undefined, lo: number, hi: number) => b !== undefined && b >= lo && b <= hi;

/** Length of the well-formed UTF-8 sequence at `i` (Unicode's table 3-7), or 0 when the byte there starts none. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const c = bytes[i];
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return isContinuation(bytes[i + 1]) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const ok = within(bytes[i + 1], c === 0xe0 ? 0xa0 : 0x80, c === 0xed ? 0x9f : 0xbf) && isContinuation(bytes[i + 2]);
    return ok ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const ok = within(bytes[i + 1], c === 0xf0 ? 0x90 : 0x80, c === 0xf4 ? 0x8f : 0xbf) && isContinuation(bytes[i + 2]) && isContinuation(bytes[i + 3]);
    return ok ? 4 : 0;
  }
  return 0;
}

/**
 * UTF-8 bytes as text, where each byte that is not part of a well-formed
 * sequence becomes the unpaired surrogate U+DC80..U+DCFF (as Python's
 * `surrogateescape` does) instead of U+FFFD: what was not text stays visible
 * to findBadText and is refused, and `\xc9` and `\xc8` never decode alike.
 */
export function decodeUtf8KeepingInvalidBytes(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let text = '';
  let runStart = 0;
  for (let i = 0; i < buffer.length;) {
    const length = sequenceLength(buffer, i);
    if (length > 0) {
      i += length;
      continue;
    }
    text += buffer.toString('utf8', runStart, i) + String.fromCharCode(0xdc00 | buffer[i]);
    runStart = ++i;
  }
  return text + buffer.toString('utf8', runStart);
}
