import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { type DocumentNode, type GraphQLSchema, Kind, type OperationDefinitionNode, parse, type ParseOptions } from 'graphql';
import { decodeUtf8KeepingInvalidBytes, fieldPath, findBadText, lineOfBadText } from '../../domain/text';
import { findBadArgumentText } from '../graphql/text-boundary';

/**
 * Contract (Hostile input, version 2): a request body that is not valid UTF-8
 * is HTTP 400, never decoded with U+FFFD in place of what was sent (so that
 * `MEMBER-\xc9-0001` and `MEMBER-\xc8-0001` never become one member). The
 * refusal names the argument whose string holds the bytes, as the text
 * boundary would (`BAD_USER_INPUT` on `csv`), or else is `BAD_REQUEST`.
 */
export class BodyNotUtf8Error extends Error {
  readonly status = 400;
  readonly type = 'entity.not.utf8';
  constructor(readonly field: string | null, readonly line: number | null) {
    super(field ? `${field} is not valid UTF-8${line ? ` (line ${line})` : ''}` : 'The request body is not valid UTF-8');
  }

  /** The answer, shaped as GraphQL errors are. */
  response() {
    return { errors: [{ message: this.message, extensions: { code: this.field ? 'BAD_USER_INPUT' : 'BAD_REQUEST', ...(this.field ? { field: this.field } : {}) } }] };
  }
}

/** An invalid byte as decodeUtf8KeepingInvalidBytes leaves it: an unpaired low surrogate. */
const INVALID_BYTE = /(?<![\ud800-\udbff])[\udc80-\udcff]/g;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function operationOf(document: DocumentNode, name: unknown): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return typeof name === 'string' ? operations.find((o) => o.name?.value === name) : operations.length === 1 ? operations[0] : undefined;
}

/** Where in the GraphQL request the first bad text sits: an argument path, a variable's path, or null (elsewhere). */
function locate(body: unknown, schema: GraphQLSchema, parseOptions: ParseOptions): { field: string; text?: string } | null {
  if (!isObject(body)) return null;
  const { query, variables: given, ...rest } = body;
  if (findBadText(rest)) return null;
  const variables = isObject(given) ? given : {};
  let document: DocumentNode | undefined;
  try {
    // An invalid byte in a string literal becomes U+0000, which the document may hold: the walk then names its argument.
    if (typeof query === 'string') document = parse(query.replace(INVALID_BYTE, '\u0000'), parseOptions);
  } catch {
    document = undefined; // not a document we could walk: the variables may still say where
  }
  const operation = document && operationOf(document, body.operationName);
  if (document && operation) {
    const found = findBadArgumentText(schema, document, operation, variables, new Set());
    if (found) return found;
  }
  const inVariables = findBadText(variables);
  return inVariables ? { field: fieldPath(inVariables.path) } : null;
}

/**
 * express.json's `verify`: a body declared (or defaulting to) UTF-8 must be
 * UTF-8; body-parser would otherwise decode it with replacement characters.
 * Only a refused body is decoded a second time, to name where it went wrong.
 */
export function verifyUtf8Body(schema: GraphQLSchema, parseOptions: ParseOptions) {
  return (_req: IncomingMessage, _res: unknown, buffer: Buffer, encoding: string) => {
    if (encoding.toLowerCase() !== 'utf-8' || isUtf8(buffer)) return;
    let body: unknown;
    try {
      body = JSON.parse(decodeUtf8KeepingInvalidBytes(buffer));
    } catch {
      throw new BodyNotUtf8Error(null, null);
    }
    const found = locate(body, schema, parseOptions);
    const multiline = found?.text?.includes('\n');
    throw new BodyNotUtf8Error(found?.field ?? null, found?.text && multiline ? lineOfBadText(found.text) : null);
  };
}
