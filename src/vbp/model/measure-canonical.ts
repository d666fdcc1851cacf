/**
 * Contract ("Rules on input", `canonical`): at most 500 characters, no whitespace,
 * an absolute http:, https: or urn: URI, optionally `|` and a version of 1–64
 * characters without `|`. The migration's CHECK holds the same rule.
 */
const CANONICAL = /^(?:https?:\/\/[^/|?#]+|urn:[a-z0-9][a-z0-9-]{0,31}:[^|]+)[^|]*(?:\|[^|]{1,64})?$/i;
const SPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f]/;

/** Why `canonical` (already trimmed, non-empty) is refused, or null when it is acceptable. */
export function canonicalProblem(canonical: string): string | null {
  if ([...canonical].length > 500) return 'must be at most 500 characters';
  if (SPACE_OR_CONTROL.test(canonical)) return 'must not contain whitespace';
  if (!CANONICAL.test(canonical)) return 'must be an absolute http:, https: or urn: URI, optionally followed by |version (1-64 characters)';
  return null;
}

/** The canonical's url, without its `|version`. */
export const canonicalUrl = (canonical: string): string => canonical.split('|')[0];
