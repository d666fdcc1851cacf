/**
 * FHIR decimals keep their precision (`1000.40` is not `1000.4`), but a JS
 * number cannot say how many decimals it was written with. An element built
 * here carries its value twice: as the JSON number (what GraphQL's JSONObject
 * and every reader of the object sees) and, out of sight, as the exact decimal
 * text that `writeFhirJson` writes in its place.
 */
const DECIMAL_TEXT = Symbol('FHIR decimal text');

/** FHIR R4 `decimal` as it may appear in JSON (no leading zeros, no `+`, no bare `.`). */
const FHIR_DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

type Texts = Readonly<Record<string, string>>;

/**
 * `element` with `texts` set as numbers and remembered as text (non-enumerable,
 * so copies, `toEqual` and JSON.stringify see plain numbers). Each text must be
 * a FHIR decimal whose number reads back as the same value.
 */
export function withDecimalText<T extends object>(element: T, texts: Texts): T {
  for (const [key, text] of Object.entries(texts)) {
    if (!FHIR_DECIMAL.test(text) || !Number.isFinite(Number(text))) throw new TypeError(`${key}: not a FHIR decimal`);
    (element as Record<string, unknown>)[key] = Number(text);
  }
  Object.defineProperty(element, DECIMAL_TEXT, { value: { ...texts }, enumerable: false });
  return element;
}

const textsOf = (value: object): Texts | undefined => (value as { [DECIMAL_TEXT]?: Texts })[DECIMAL_TEXT];

/**
 * JSON.stringify's output, except that a number remembered by `withDecimalText`
 * is written as its decimal text, as long as it still holds the number that text
 * reads as (a value changed since is written as the number it now is).
 */
export function writeFhirJson(value: unknown): string {
  return write(value) ?? 'null';
}

/** One JSON value, or undefined for what JSON.stringify leaves out (undefined, functions, symbols). */
function write(value: unknown): string | undefined {
  const plain = toJsonOf(value);
  if (plain === null || typeof plain !== 'object') return JSON.stringify(plain);
  if (Array.isArray(plain)) return `[${plain.map((item) => write(item) ?? 'null').join(',')}]`;
  const texts = textsOf(plain);
  const members: string[] = [];
  for (const key of Object.keys(plain)) {
    const member = (plain as Record<string, unknown>)[key];
    const text = texts?.[key];
    const written = text !== undefined && typeof member === 'number' && Number(text) === member ? text : write(member);
    if (written !== undefined) members.push(`${JSON.stringify(key)}:${written}`);
  }
  return `{${members.join(',')}}`;
}

/** As JSON.stringify does: an object's own `toJSON` (a Date's) speaks for it. */
function toJsonOf(value: unknown): unknown {
  const toJSON = (value as { toJSON?: unknown } | null | undefined)?.toJSON;
  return typeof value === 'object' && value !== null && typeof toJSON === 'function' ? toJSON.call(value) : value;
}
