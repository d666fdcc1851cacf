/**
 * What a SQL span may say about its statement: the operation (SELECT,
 * INSERT, BEGIN…) and the first table it names, never the statement's text.
 * Our statements carry values only as parameters, but a span must not depend
 * on that: only keywords and identifier-shaped names are read, outside string
 * literals, and never more than those two words.
 */
export interface SqlSummary {
  operation: string;
  table?: string;
}

/** Statements we name; anything else is `SQL`. */
const OPERATIONS = new Set([
  'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'WITH', 'VALUES', 'BEGIN', 'START', 'COMMIT', 'ROLLBACK', 'SAVEPOINT', 'RELEASE',
  'SET', 'SHOW', 'LOCK', 'LISTEN', 'UNLISTEN', 'NOTIFY', 'CREATE', 'ALTER', 'DROP', 'TRUNCATE', 'COPY', 'DO', 'CALL', 'EXPLAIN',
]);
/** After a WITH, the statement its CTEs feed. */
const MAIN_STATEMENTS = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE']);
/** The keyword after which an operation names its table. */
const TABLE_AFTER: Readonly<Record<string, string>> = { SELECT: 'FROM', DELETE: 'FROM', INSERT: 'INTO', MERGE: 'INTO', UPDATE: 'UPDATE' };

/** PostgreSQL's longest identifier. */
const MAX_IDENTIFIER = 63;

/**
 * Words and parentheses, with comments, string literals (also E'' and
 * dollar-quoted), numbers and operators dropped. A quoted identifier
 * ("public"."pm_programs") is one word per part, its quotes removed.
 */
const TOKEN = /--[^\n]*|\/\*[\s\S]*?\*\/|[Ee]?'(?:[^']|'')*'|\$([A-Za-z_]*)\$[\s\S]*?\$\1\$|"((?:[^"]|"")*)"|([A-Za-z_][A-Za-z0-9_$]*)|([()])|[^\s]/g;

interface Word { text: string; depth: number; quoted: boolean }

function words(sql: string): Word[] {
  const out: Word[] = [];
  let depth = 0;
  for (const match of sql.matchAll(TOKEN)) {
    const [, , quoted, bare, paren] = match;
    if (paren === '(') depth += 1;
    else if (paren === ')') depth = Math.max(0, depth - 1);
    else if (quoted !== undefined) out.push({ text: quoted, depth, quoted: true });
    else if (bare !== undefined) out.push({ text: bare, depth, quoted: false });
    else if (match[0] === '.') out.push({ text: '.', depth, quoted: false });
  }
  return out;
}

const isName = (word: Word | undefined) => !!word && word.text !== '.' && word.text.length <= MAX_IDENTIFIER
  && /^[A-Za-z_][A-Za-z0-9_$]*$/.test(word.text);

/** The name after `words[i]`, its schema dropped (`public.pm_programs` is `pm_programs`). */
function tableAt(list: Word[], i: number, depth: number): string | undefined {
  let name: string | undefined;
  let j = i;
  while (isName(list[j]) && list[j].depth === depth) {
    name = list[j].text;
    if (list[j + 1]?.text !== '.') break;
    j += 2;
  }
  return name;
}

export function summarizeSql(sql: string): SqlSummary {
  const list = words(sql);
  const first = list[0];
  let operation = first && !first.quoted ? first.text.toUpperCase() : '';
  if (!OPERATIONS.has(operation)) return { operation: 'SQL' };
  let start = 0;
  if (operation === 'WITH') {
    // The first statement keyword outside the CTEs' parentheses.
    const main = list.findIndex((w) => w.depth === 0 && !w.quoted && MAIN_STATEMENTS.has(w.text.toUpperCase()));
    if (main < 0) return { operation };
    operation = list[main].text.toUpperCase();
    start = main;
  }
  const keyword = TABLE_AFTER[operation];
  if (!keyword) return { operation };
  // The statement's own table, else (its FROM is a subquery, or it has none) the first its subqueries read.
  const table = firstTable(list, start, operation, keyword, list[start].depth) ?? firstTable(list, start, operation, keyword);
  return table ? { operation, table } : { operation };
}

/** The table after `keyword` at `depth` (any depth when not given); UPDATE names its own right after the keyword that opens it. */
function firstTable(list: Word[], start: number, operation: string, keyword: string, depth?: number): string | undefined {
  for (let i = start; i < list.length; i += 1) {
    const word = list[i];
    if ((depth !== undefined && word.depth !== depth) || word.quoted || word.text.toUpperCase() !== keyword) continue;
    if (operation === 'UPDATE' && i !== start) continue;
    const table = tableAt(list, i + 1, word.depth);
    if (table || depth !== undefined) return table;
  }
  return undefined;
}
