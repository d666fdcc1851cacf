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

/**
 * The path of the first string (value or object key) in a JSON-like value that
 * is not text, or null. Iterative, so a deeply nested value cannot overflow the stack.
 * A bad key is reported at the path of its object, followed by the index of the key.
 */
export function findBadText(value: unknown): { path: TextPath; reason: string } | null {
  const stack: { value: unknown; path: TextPath }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (isBadText(v)) return { path, reason: badTextReason(v) };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, i] });
    } else if (typeof v === 'object' && v !== null) {
      const keys = Object.keys(v);
      for (let i = 0; i < keys.length; i++) {
        if (isBadText(keys[i])) return { path: [...path, i], reason: `key ${badTextReason(keys[i]).replace('must not contain', 'contains')}` };
      }
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: (v as Record<string, unknown>)[keys[i]], path: [...path, keys[i]] });
    }
  }
  return null;
}

/** `input.members.2.name`: a path as `extensions.field` names it. */
export const fieldPath = (path: TextPath) => path.join('.');
