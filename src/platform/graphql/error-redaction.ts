/**
 * graphql-js writes the offending input into its coercion and validation
 * messages (`got invalid value { memberIdExternal: "…" }`, `found "…"`,
 * `cannot represent a non string value: …`). A value may be PHI, and no error
 * may ever carry a member id (contract README, Errors), so those messages are
 * rebuilt from their structure: the variable, the path, and a reason from a
 * list of shapes that hold no value.
 */

const PATH = /^Variable "\$([^"]+)" got invalid value [\s\S]*? at "([\w.[\]]+)"; ([\s\S]*)$/;
const WHOLE = /^Variable "\$([^"]+)" got invalid value ([\s\S]*)$/;

const SAFE_REASONS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^Field "(\w+)" of required type "([^"]+)" was not provided\./, (m) => `Field "${m[1]}" of required type "${m[2]}" was not provided.`],
  [/^Field "(\w+)" is not defined by type "([^"]+)"\./, (m) => `Field "${m[1]}" is not defined by type "${m[2]}".`],
  [/^Expected non-nullable type "([^"]+)" not to be null\./, (m) => `Expected non-nullable type "${m[1]}" not to be null.`],
  [/^Expected type "([^"]+)" to be an object\./, (m) => `Expected type "${m[1]}" to be an object.`],
  [/^(Decimal|Date|DateTime) must [^.]*$/, (m) => m[0]], // our own scalars' messages never quote the value
  [/^Value [\s\S]* does not exist in "(\w+)" enum\./, (m) => `The value does not exist in "${m[1]}" enum.`],
  [/^(\w+) cannot represent/, (m) => `${m[1]} cannot represent this value.`],
];

const knownReason = (reason: string): string | null => {
  for (const [shape, rewrite] of SAFE_REASONS) {
    const m = reason.match(shape);
    if (m) return rewrite(m);
  }
  return null;
};

const UNKNOWN_REASON = 'The value is not valid.';

/** Without a path the value and the reason are only split by "; ", which a value may contain too. */
function reasonAfterValue(rest: string): string {
  for (let at = rest.indexOf('; '); at >= 0; at = rest.indexOf('; ', at + 2)) {
    const reason = knownReason(rest.slice(at + 2));
    if (reason) return reason;
  }
  return UNKNOWN_REASON;
}

/** A variable coercion error, rebuilt without the value, and the input field it names. */
export function describeVariableError(message: string): { message: string; field: string } | null {
  const atPath = PATH.exec(message);
  const match = atPath ?? WHOLE.exec(message);
  if (!match) return null;
  const variable = match[1];
  const path = atPath ? atPath[2] : variable;
  const reason = atPath ? knownReason(atPath[3]) ?? UNKNOWN_REASON : reasonAfterValue(match[2]);
  const missing = /^Field "(\w+)" (?:of required type|is not defined by type)/.exec(reason);
  return {
    message: `Variable "$${variable}" has an invalid value at "${path}": ${reason}`,
    field: missing ? `${path}.${missing[1]}` : path,
  };
}

/** Validation and parse messages of inline literals, without the literal. */
export const redactLiterals = (message: string): string => message
  .replace(/(cannot represent[^:]*): [\s\S]*?(?=(;|$))/g, '$1.')
  .replace(/, found [\s\S]*?(?=(;|$))/g, '.')
  .replace(/(Syntax Error: [^,]*), found [\s\S]*$/, '$1.')
  .replace(/^(Value) [\s\S]*? (does not exist in "\w+" enum)/, 'The value $2');
