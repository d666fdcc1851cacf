/**
 * A GraphQL answer as the bytes of its JSON (UTF-8), exactly what
 * JSON.stringify gives, without ever holding that JSON as one string.
 *
 * V8 builds a long JSON.stringify result as a string of many parts, and
 * encoding it (Buffer.from, a socket write) first copies it whole into one
 * new string: for a dashboard's 150 KB a large object in fresh memory, each
 * of its pages faulted in, then unmapped by the next collection; that copy
 * was about a tenth of the server's CPU per dashboard. Here the few top
 * levels are written piece by piece, every subtree below them by one
 * JSON.stringify call (a few KB: a string in one part), each piece encoded
 * straight into one buffer.
 */
const DEPTH = 4;

/** An array or plain object JSON.stringify would walk into (no toJSON of its own). */
function isStructure(value: unknown): value is object {
  if (value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const proto = Object.getPrototypeOf(value);
  return Array.isArray(value) ? proto === Array.prototype : proto === Object.prototype || proto === null;
}

/** Appends the JSON of `value` to `out`; false when JSON.stringify would write nothing for it (undefined, a function, a symbol). */
function write(value: unknown, depth: number, out: string[]): boolean {
  if (depth >= DEPTH || !isStructure(value)) {
    const json = JSON.stringify(value);
    if (json === undefined) return false;
    out.push(json);
    return true;
  }
  if (Array.isArray(value)) {
    out.push('[');
    value.forEach((item, i) => {
      if (i) out.push(',');
      if (!write(item, depth + 1, out)) out.push('null');
    });
    out.push(']');
    return true;
  }
  out.push('{');
  let first = true;
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    const at = out.length;
    out.push(`${first ? '' : ','}${JSON.stringify(key)}:`);
    if (write(item, depth + 1, out)) first = false;
    else out.length = at; // a member JSON.stringify leaves out
  }
  out.push('}');
  return true;
}

/** The UTF-8 bytes of JSON.stringify(value) (value must be one it can write: not undefined, no cycles). */
export function jsonBody(value: unknown): Buffer {
  const out: string[] = [];
  if (!write(value, 0, out)) throw new TypeError('no JSON for this value');
  let length = 0;
  for (const piece of out) length += Buffer.byteLength(piece);
  const body = Buffer.allocUnsafe(length);
  let offset = 0;
  for (const piece of out) offset += body.write(piece, offset);
  return body;
}
