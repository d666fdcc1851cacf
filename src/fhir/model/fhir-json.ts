import { parseCalendarDate } from '../../domain/calendar-date';

/**
 * Reading FHIR JSON that nobody has validated yet (a payer's report, or a
 * Bundle under test): every accessor accepts anything and answers with a safe
 * default, so a checker walks malformed input without throwing.
 */
export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const objectOr = (value: unknown): JsonObject | undefined => (isObject(value) ? value : undefined);

/** The array, or [] for anything else (FHIR JSON omits empty arrays). */
export const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export const nonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** The element's extensions with this url. */
export const extensionsOf = (element: unknown, url: string): JsonObject[] =>
  listOf(objectOr(element)?.extension).filter((e): e is JsonObject => isObject(e) && e.url === url);

/** The codings of a CodeableConcept that carry a code. */
export const codingsOf = (concept: unknown): { system?: string; code: string }[] =>
  listOf(objectOr(concept)?.coding).flatMap((c) => {
    const coding = objectOr(c);
    if (!coding || !nonEmptyString(coding.code)) return [];
    return [{ code: coding.code, ...(typeof coding.system === 'string' ? { system: coding.system } : {}) }];
  });

export const hasCode = (concept: unknown, code: string, system?: string) =>
  codingsOf(concept).some((c) => c.code === code && (system === undefined || c.system === system));

/** meta.profile canonicals without their `|version`. */
export const profilesOf = (resource: unknown): string[] =>
  listOf(objectOr(objectOr(resource)?.meta)?.profile).filter(nonEmptyString).map((p) => p.split('|')[0]);

/** A FHIR date or dateTime of at least day precision (deqm-1), whose date part is a real calendar date. */
export const isFullDate = (value: unknown): value is string =>
  typeof value === 'string'
  && /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value)
  && parseCalendarDate(value.slice(0, 10)) !== null;

/** A FHIR dateTime of any precision (year, year-month, date, or instant with an offset). */
export const isDateTime = (value: unknown): value is string =>
  typeof value === 'string'
  && /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/.test(value);

/** FHIR `integer` (32-bit signed) that is >= 0. */
export const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 2_147_483_647;

/** The last segment of a canonical's url, before any `|version` (e.g. `hedis-BCS`). */
export const canonicalTail = (canonical: string): string => {
  const url = canonical.split('|')[0];
  return url.slice(url.lastIndexOf('/') + 1);
};

/**
 * Depth of a JSON value, walked without recursion so a hostile report nested
 * a million levels deep cannot overflow the stack; stops counting past `limit`.
 */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}
