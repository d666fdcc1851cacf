/**
 * Parses and validates a capitation roster CSV (contract README, "Capitation", `importRosterCsv`).
 * Pure: no database, no GraphQL; the caller writes the rows and maps `ok: false` to BAD_USER_INPUT on `csv`.
 *
 * Format: RFC 4180 with LF, CRLF (or a lone CR) line breaks and an optional UTF-8 BOM. Quoted fields may hold
 * commas, doubled quotes and line breaks. Friendlier than the RFC in three ways:
 * - every cell is trimmed of surrounding spaces and tabs after unquoting (`" A1 "` is `A1`), and spaces/tabs
 *   around a quoted field are allowed (`  "a,b"  `);
 * - a quote inside an unquoted field is kept as a plain character (`ab"c`);
 * - header names match in any letter case.
 * Other characters after a closing quote (`"ab"c`) are an error of that cell.
 *
 * Rows are numbered as in a spreadsheet: every record is one row (a blank line too; a quoted field spanning
 * several lines does not add rows). A record whose cells are all empty and unquoted (a blank line, `   ` or
 * `,,,` as spreadsheets export empty rows) is ignored. The header is the first record that is not ignored.
 *
 * Cells are never evaluated or altered beyond trimming: `=SUM(A1)`, `+1`, `-2`, `@x` are plain text.
 * PHI: no message ever contains a cell's value (a member id may sit in any column, even in the header of a
 * file that has none); messages name the column and the rule only.
 */
import { parseCalendarDate } from '../../domain/calendar-date';
import { badTextReason, isBadText } from '../../domain/text';
import { isUuid } from '../../domain/uuid';

export type RosterEventType = 'ENROLL' | 'DISENROLL';
export type RosterCsvColumn = 'memberIdExternal' | 'eventType' | 'effectiveDate' | 'patientId';

export interface RosterCsvRow {
  /** Spreadsheet row number (the header is row 1 when the file starts with it). */
  row: number;
  memberIdExternal: string;
  eventType: RosterEventType;
  /** YYYY-MM-DD */
  effectiveDate: string;
  /** Lower-case UUID, or null when the column is absent or the cell empty. */
  patientId: string | null;
}

export interface RosterCsvError {
  row: number;
  /** The header name of the bad cell, or null when the error is about the whole row. */
  column: RosterCsvColumn | null;
  message: string;
}

export type RosterCsvResult =
  /** `rows`: the valid rows in file order (accepted = rows.length); `rejected`: rows with at least one error. */
  | { ok: true; rows: RosterCsvRow[]; errors: RosterCsvError[]; rejected: number }
  /** A whole-file problem: header, size, row limit, unterminated quote. */
  | { ok: false; message: string };

export const ROSTER_CSV_MAX_BYTES = 5 * 1024 * 1024;
export const ROSTER_CSV_MAX_ROWS = 50_000;
export const ROSTER_CSV_REQUIRED_COLUMNS: readonly RosterCsvColumn[] = ['memberIdExternal', 'eventType', 'effectiveDate'];
export const ROSTER_CSV_COLUMNS: readonly RosterCsvColumn[] = [...ROSTER_CSV_REQUIRED_COLUMNS, 'patientId'];
const MEMBER_ID_MAX_CHARS = 64;

// ---- Scanner: one pass over the text, one record at a time. ----

const COMMA = 0x2c, QUOTE = 0x22, CR = 0x0d, LF = 0x0a, SPACE = 0x20, TAB = 0x09;
const isBlank = (c: number) => c === SPACE || c === TAB;
const endsField = (c: number) => c === COMMA || c === LF || c === CR;

interface Cell { text: string; quoted: boolean; strayAfterQuote: boolean }
interface CsvRecord { row: number; cells: Cell[]; unterminated: boolean }

function trimBlanks(s: string): string {
  let start = 0, end = s.length;
  while (start < end && isBlank(s.charCodeAt(start))) start++;
  while (end > start && isBlank(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

class CsvScanner {
  private pos: number;
  private row = 0;

  constructor(private readonly s: string) {
    this.pos = s.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  /** The next record, or null at the end; a record with `unterminated` is the last one. */
  next(): CsvRecord | null {
    const { s } = this;
    if (this.pos >= s.length) return null;
    const row = ++this.row;
    const cells: Cell[] = [];
    for (;;) {
      const cell = this.readCell();
      if (!cell) return { row, cells, unterminated: true };
      cells.push(cell);
      const c = s.charCodeAt(this.pos++); // NaN past the end
      if (c === COMMA) continue;
      if (c === CR && s.charCodeAt(this.pos) === LF) this.pos++;
      return { row, cells, unterminated: false };
    }
  }

  /** Reads up to (not past) the comma or line break ending the cell; null for an unterminated quote. */
  private readCell(): Cell | null {
    const { s } = this;
    const n = s.length;
    let i = this.pos;
    while (i < n && isBlank(s.charCodeAt(i))) i++;
    if (s.charCodeAt(i) !== QUOTE) {
      while (i < n && !endsField(s.charCodeAt(i))) i++;
      const text = trimBlanks(s.slice(this.pos, i));
      this.pos = i;
      return { text, quoted: false, strayAfterQuote: false };
    }
    let text = '';
    let chunk = i + 1;
    for (;;) {
      const q = s.indexOf('"', chunk);
      if (q < 0) return null;
      if (s.charCodeAt(q + 1) !== QUOTE) {
        text += s.slice(chunk, q);
        i = q + 1;
        break;
      }
      text += s.slice(chunk, q + 1); // a doubled quote stands for one
      chunk = q + 2;
    }
    while (i < n && isBlank(s.charCodeAt(i))) i++;
    const strayAfterQuote = i < n && !endsField(s.charCodeAt(i));
    while (i < n && !endsField(s.charCodeAt(i))) i++;
    this.pos = i;
    return { text: trimBlanks(text), quoted: true, strayAfterQuote };
  }
}

const isIgnored = (record: CsvRecord) => record.cells.every((c) => !c.quoted && c.text === '');

// ---- Header ----

const COLUMN_BY_LOWER = new Map(ROSTER_CSV_COLUMNS.map((c) => [c.toLowerCase(), c] as const));

/** The columns in file order, or the reasons the header is refused (no cell value is ever echoed). */
function readHeader(cells: Cell[]): RosterCsvColumn[] | string {
  const problems: string[] = [];
  const columns: RosterCsvColumn[] = [];
  cells.forEach((cell, i) => {
    const column = cell.strayAfterQuote ? undefined : COLUMN_BY_LOWER.get(cell.text.toLowerCase());
    if (isBadText(cell.text)) {
      problems.push(`header column ${i + 1} ${badTextReason(cell.text)}`);
    } else if (!column) {
      problems.push(cell.text === '' ? `header column ${i + 1} is empty` : `header column ${i + 1} is not one of ${ROSTER_CSV_COLUMNS.join(', ')}`);
    } else if (columns.includes(column)) {
      problems.push(`header has column ${column} more than once`);
    }
    if (column) columns.push(column);
  });
  const missing = ROSTER_CSV_REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) problems.push(`header is missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  return problems.length > 0 ? `Invalid CSV header: ${problems.join('; ')}` : columns;
}

// ---- Cells ----

function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x1f || c === 0x7f) return true;
  }
  return false;
}

function codePointCount(s: string): number {
  let count = 0;
  for (const _ of s) count++;
  return count;
}

// ASCII-only case folding: a non-Unicode `i` regex does not fold `ı` or `ſ` to I or S as toUpperCase does.
const EVENT_TYPE = /^(?:ENROLL|DISENROLL)$/i;

/** What is wrong with a cell (naming the column and the rule, never the value), or null when it is valid. */
const PROBLEMS: Record<RosterCsvColumn, (text: string) => string | null> = {
  memberIdExternal: (text) => {
    if (text === '') return 'memberIdExternal is required';
    if (codePointCount(text) > MEMBER_ID_MAX_CHARS) return `memberIdExternal must be at most ${MEMBER_ID_MAX_CHARS} characters`;
    return hasControlCharacter(text) ? 'memberIdExternal must not contain control characters' : null;
  },
  eventType: (text) => {
    if (text === '') return 'eventType is required';
    return EVENT_TYPE.test(text) ? null : 'eventType must be ENROLL or DISENROLL';
  },
  effectiveDate: (text) => {
    if (text === '') return 'effectiveDate is required';
    return parseCalendarDate(text) ? null : 'effectiveDate must be a real calendar date in the form YYYY-MM-DD';
  },
  patientId: (text) => (text === '' || isUuid(text) ? null : 'patientId must be a UUID'),
};

/** The valid row, or the errors of its cells. */
function readRow(record: CsvRecord, columns: readonly RosterCsvColumn[]): RosterCsvRow | RosterCsvError[] {
  const { row, cells } = record;
  if (cells.length !== columns.length) {
    const cellsWord = cells.length === 1 ? 'cell' : 'cells';
    return [{ row, column: null, message: `Row has ${cells.length} ${cellsWord} but the header has ${columns.length} columns` }];
  }
  const errors: RosterCsvError[] = [];
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i];
    const { text, strayAfterQuote } = cells[i];
    // Text is text (contract, Hostile input version 2): U+0000 or an unpaired surrogate is this row's error, in any column.
    const message = isBadText(text) ? `${column} ${badTextReason(text)}`
      : strayAfterQuote ? `${column} has characters after its closing quote` : PROBLEMS[column](text);
    if (message) errors.push({ row, column, message });
  }
  if (errors.length > 0) return errors;
  const text = (column: RosterCsvColumn) => cells[columns.indexOf(column)]?.text ?? '';
  const patientId = text('patientId');
  return {
    row,
    memberIdExternal: text('memberIdExternal'),
    eventType: text('eventType').toUpperCase() as RosterEventType,
    effectiveDate: text('effectiveDate'),
    patientId: patientId === '' ? null : patientId.toLowerCase(),
  };
}

// ---- Entry point ----

export function parseRosterCsv(csv: string): RosterCsvResult {
  if (Buffer.byteLength(csv, 'utf8') > ROSTER_CSV_MAX_BYTES) {
    return { ok: false, message: `The CSV file is larger than ${ROSTER_CSV_MAX_BYTES / (1024 * 1024)} MB` };
  }
  const scanner = new CsvScanner(csv);
  const rows: RosterCsvRow[] = [];
  const errors: RosterCsvError[] = [];
  let columns: RosterCsvColumn[] | null = null;
  let dataRows = 0;
  let rejected = 0;
  for (let record = scanner.next(); record; record = scanner.next()) {
    if (record.unterminated) return { ok: false, message: `Row ${record.row} has a quoted field that is never closed` };
    if (isIgnored(record)) continue;
    if (!columns) {
      const header = readHeader(record.cells);
      if (typeof header === 'string') return { ok: false, message: header };
      columns = header;
      continue;
    }
    if (++dataRows > ROSTER_CSV_MAX_ROWS) {
      return { ok: false, message: `The CSV file has more than ${ROSTER_CSV_MAX_ROWS.toLocaleString('en-US')} data rows` };
    }
    const result = readRow(record, columns);
    if (Array.isArray(result)) {
      rejected++;
      errors.push(...result);
    } else {
      rows.push(result);
    }
  }
  return { ok: true, rows, errors, rejected };
}

/** The member id rule, shared with recordRosterEvent: what is wrong (never the value), or null. */
export const memberIdProblem = (text: string): string | null => PROBLEMS.memberIdExternal(text);
