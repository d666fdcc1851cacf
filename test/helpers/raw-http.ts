/**
 * Raw bytes over real HTTP: what a client that does not encode its text as
 * UTF-8 sends (a Latin-1 CSV, a byte pasted into a member id), which a JSON
 * escape cannot express.
 */

/** `json` as UTF-8 with each `marker` replaced by `bytes`, sent as they are. */
export function withBytes(json: string, marker: string, bytes: number[]): Buffer {
  const parts = json.split(marker).map((part) => Buffer.from(part, 'utf8'));
  return Buffer.concat(parts.flatMap((part, i) => (i === 0 ? [part] : [Buffer.from(bytes), part])));
}

export interface RawResponse { status: number; body: any }

/** POSTs `body` to `<url>/graphql` unchanged, as application/json (or `contentType`). */
export async function postBytes(url: string, body: Buffer, token?: string, contentType = 'application/json'): Promise<RawResponse> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed };
}
