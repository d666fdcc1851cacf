import {
  parseRosterCsv, ROSTER_CSV_MAX_BYTES, ROSTER_CSV_MAX_ROWS, type RosterCsvError, type RosterCsvResult, type RosterCsvRow,
} from './roster-csv';

const HEADER = 'memberIdExternal,eventType,effectiveDate';
const PATIENT = '0f8fad5b-d9cb-469f-a165-70867728950e';

function okResult(result: RosterCsvResult) {
  if (!result.ok) throw new Error(`expected ok, got: ${result.message}`);
  return result;
}
const parsed = (csv: string) => okResult(parseRosterCsv(csv));
const rowsOf = (csv: string) => parsed(csv).rows;
const errorsOf = (csv: string) => parsed(csv).errors;
const row = (n: number, memberIdExternal: string, eventType = 'ENROLL', effectiveDate = '2025-01-01', patientId: string | null = null): RosterCsvRow =>
  ({ row: n, memberIdExternal, eventType: eventType as RosterCsvRow['eventType'], effectiveDate, patientId });

describe('parseRosterCsv: layout', () => {
  it.each([
    ['LF', `${HEADER}\nM1,ENROLL,2025-01-01\nM2,DISENROLL,2025-02-01\n`],
    ['CRLF', `${HEADER}\r\nM1,ENROLL,2025-01-01\r\nM2,DISENROLL,2025-02-01\r\n`],
    ['lone CR', `${HEADER}\rM1,ENROLL,2025-01-01\rM2,DISENROLL,2025-02-01`],
    ['no final line break', `${HEADER}\nM1,ENROLL,2025-01-01\nM2,DISENROLL,2025-02-01`],
    ['BOM', `\uFEFF${HEADER}\nM1,ENROLL,2025-01-01\nM2,DISENROLL,2025-02-01\n`],
    ['BOM and CRLF', `\uFEFF${HEADER}\r\nM1,ENROLL,2025-01-01\r\nM2,DISENROLL,2025-02-01`],
    ['spaces around cells', ` memberIdExternal , eventType\t,effectiveDate\nM1 ,\tENROLL, 2025-01-01 \n  M2,DISENROLL,2025-02-01`],
    ['header in any letter case', `MEMBERIDEXTERNAL,EventType,effectivedate\nM1,ENROLL,2025-01-01\nM2,DISENROLL,2025-02-01`],
  ])('%s', (_, csv) => {
    expect(parsed(csv)).toEqual({ ok: true, rows: [row(2, 'M1'), row(3, 'M2', 'DISENROLL', '2025-02-01')], errors: [], rejected: 0 });
  });

  it.each([
    ['blank line between rows', `${HEADER}\nM1,ENROLL,2025-01-01\n\nM2,ENROLL,2025-01-01\n`, [2, 4]],
    ['blank CRLF lines', `${HEADER}\r\n\r\nM1,ENROLL,2025-01-01\r\n\r\n\r\nM2,ENROLL,2025-01-01\r\n`, [3, 6]],
    ['blank lines at the end', `${HEADER}\nM1,ENROLL,2025-01-01\nM2,ENROLL,2025-01-01\n\n\n\n`, [2, 3]],
    ['blank lines before the header', `\n\n${HEADER}\nM1,ENROLL,2025-01-01\nM2,ENROLL,2025-01-01`, [4, 5]],
    ['whitespace-only and comma-only lines', `${HEADER}\n  \t\nM1,ENROLL,2025-01-01\n,,\nM2,ENROLL,2025-01-01`, [3, 5]],
    ['multi-line quoted field is one row', `${HEADER}\n"M1",ENROLL,"2025-01-01"\n"M\n2",ENROLL,2025-01-01\nM2,ENROLL,2025-01-01`, [2, 4]],
    ['multi-line field with CRLF inside', `${HEADER}\r\nM1,ENROLL,2025-01-01\r\n"M\r\n\r\n2",ENROLL,2025-01-01\r\nM2,ENROLL,2025-01-01`, [2, 4]],
  ])('%s: rows numbered as in a spreadsheet', (_, csv, expectedRows) => {
    const result = parsed(csv);
    expect(result.rows.map((r) => r.row)).toEqual(expectedRows);
  });

  it('numbers the row after a multi-line field from its own line', () => {
    const result = parsed(`${HEADER}\n"a\nb\nc",ENROLL,2025-01-01\n,ENROLL,2025-01-01\n`);
    expect(result.errors).toEqual([
      { row: 2, column: 'memberIdExternal', message: 'memberIdExternal must not contain control characters' },
      { row: 3, column: 'memberIdExternal', message: 'memberIdExternal is required' },
    ]);
    expect(result.rejected).toBe(2);
  });

  it.each([
    ['empty file', ''],
    ['BOM only', '\uFEFF'],
    ['blank lines only', '\n\r\n\n'],
    ['header only', HEADER],
    ['header only with line break', `${HEADER}\r\n`],
    ['header and blank lines', `${HEADER}\n\n\n`],
  ])('%s: ok with no rows', (_, csv) => {
    expect(parseRosterCsv(csv)).toEqual({ ok: true, rows: [], errors: [], rejected: 0 });
  });
});

describe('parseRosterCsv: header', () => {
  it.each([
    ['another order with patientId', `patientId,effectiveDate,eventType,memberIdExternal\n${PATIENT},2025-03-31,disenroll,M1`, PATIENT],
    ['patientId upper-case UUID is lower-cased', `effectiveDate,patientId,memberIdExternal,eventType\n2025-03-31,${PATIENT.toUpperCase()},M1,Disenroll`, PATIENT],
    ['patientId empty', `eventType,patientId,memberIdExternal,effectiveDate\nDISENROLL,,M1,2025-03-31`, null],
    ['without patientId', `effectiveDate,memberIdExternal,eventType\n2025-03-31,M1,DISENROLL`, null],
  ])('%s', (_, csv, patientId) => {
    expect(rowsOf(csv)).toEqual([row(2, 'M1', 'DISENROLL', '2025-03-31', patientId)]);
  });

  it.each([
    ['missing column', 'memberIdExternal,eventType', 'Invalid CSV header: header is missing column effectiveDate'],
    ['missing columns', 'eventType', 'Invalid CSV header: header is missing columns memberIdExternal, effectiveDate'],
    ['unknown column', `${HEADER},notes`, 'Invalid CSV header: header column 4 is not one of memberIdExternal, eventType, effectiveDate, patientId'],
    ['misspelled column', 'memberId,eventType,effectiveDate', 'Invalid CSV header: header column 1 is not one of memberIdExternal, eventType, effectiveDate, patientId; header is missing column memberIdExternal'],
    ['empty column (trailing comma)', `${HEADER},`, 'Invalid CSV header: header column 4 is empty'],
    ['duplicate column', `${HEADER},eventType`, 'Invalid CSV header: header has column eventType more than once'],
    ['duplicate column in another case', `${HEADER},MEMBERIDEXTERNAL`, 'Invalid CSV header: header has column memberIdExternal more than once'],
    ['stray characters after a quoted header', '"memberIdExternal"x,eventType,effectiveDate', expect.stringContaining('header column 1 is not one of')],
    ['no header at all', 'M1,ENROLL,2025-01-01', expect.stringContaining('header column 1 is not one of')],
    ['NUL in a header cell', 'memberIdExternal,eventType\u0000,effectiveDate', 'Invalid CSV header: header column 2 must not contain U+0000; header is missing column eventType'],
    ['a lone surrogate in a header cell', '\udcc9memberIdExternal,eventType,effectiveDate', expect.stringContaining('header column 1 must not contain an unpaired surrogate')],
  ])('%s is a whole-file error', (_, csv, message) => {
    expect(parseRosterCsv(`${csv}\nM1,ENROLL,2025-01-01`)).toEqual({ ok: false, message });
  });
});

describe('parseRosterCsv: quoting', () => {
  it.each([
    ['comma', '"Doe, Jane"', 'Doe, Jane'],
    ['doubled quotes', '"say ""hi"""', 'say "hi"'],
    ['only a quote', '""""', '"'],
    ['spaces around the quotes', '  "a,b"  ', 'a,b'],
    ['spaces inside the quotes are trimmed', '" a "', 'a'],
    ['quote inside an unquoted field is plain', 'ab"c', 'ab"c'],
    ['formula =SUM(A1)', '=SUM(A1)', '=SUM(A1)'],
    ['formula +1', '+1', '+1'],
    ['formula -2', '-2', '-2'],
    ['formula @x', '@x', '@x'],
    ['quoted formula', '"=HYPERLINK(""http://x"",""y"")"', '=HYPERLINK("http://x","y")'],
    ['tab-prefixed formula is trimmed, not altered', '\t=1+1', '=1+1'],
  ])('%s', (_, cell, memberIdExternal) => {
    expect(rowsOf(`${HEADER}\n${cell},ENROLL,2025-01-01\n`)).toEqual([row(2, memberIdExternal)]);
  });

  it.each([
    ['unterminated at the end', `${HEADER}\nM1,ENROLL,2025-01-01\n"M2,ENROLL,2025-01-01\n`, 'Row 3 has a quoted field that is never closed'],
    ['unterminated after a doubled quote', `${HEADER}\nM1,ENROLL,"2025-01-01""`, 'Row 2 has a quoted field that is never closed'],
    ['unterminated in the header', `"memberIdExternal,eventType,effectiveDate\n`, 'Row 1 has a quoted field that is never closed'],
  ])('%s is a whole-file error', (_, csv, message) => {
    expect(parseRosterCsv(csv)).toEqual({ ok: false, message });
  });

  it.each([
    ['"ab"c', 'memberIdExternal'],
    ['"ab" "cd"', 'memberIdExternal'],
  ])('stray characters after a closing quote (%s) are a cell error', (cell, column) => {
    const result = parsed(`${HEADER}\n${cell},ENROLL,2025-01-01\nM2,ENROLL,"2025-01-01"x\nM3,ENROLL,2025-01-01`);
    expect(result.errors).toEqual([
      { row: 2, column, message: `${column} has characters after its closing quote` },
      { row: 3, column: 'effectiveDate', message: 'effectiveDate has characters after its closing quote' },
    ]);
    expect(result.rows).toEqual([row(4, 'M3')]);
    expect(result.rejected).toBe(2);
  });
});

describe('parseRosterCsv: cell rules', () => {
  const csvWith = (line: string) => `memberIdExternal,eventType,effectiveDate,patientId\nOK1,ENROLL,2025-01-01,\n${line}\n`;

  it.each<[string, string, RosterCsvError['column'], string]>([
    ['member id empty', ',ENROLL,2025-01-01,', 'memberIdExternal', 'memberIdExternal is required'],
    ['member id blank', '   ,ENROLL,2025-01-01,', 'memberIdExternal', 'memberIdExternal is required'],
    ['member id quoted empty', '"",ENROLL,2025-01-01,', 'memberIdExternal', 'memberIdExternal is required'],
    ['member id 65 characters', `${'x'.repeat(65)},ENROLL,2025-01-01,`, 'memberIdExternal', 'memberIdExternal must be at most 64 characters'],
    ['member id with a tab inside', 'a\tb,ENROLL,2025-01-01,', 'memberIdExternal', 'memberIdExternal must not contain control characters'],
    ['member id with NUL', 'a\u0000b,ENROLL,2025-01-01,', 'memberIdExternal', 'memberIdExternal must not contain U+0000'],
    ['member id with a lone surrogate', 'MEMBER-\udcc9-0001,ENROLL,2025-01-01,', 'memberIdExternal', 'memberIdExternal must not contain an unpaired surrogate'],
    ['member id with a quoted lone high surrogate', '"M\ud800",ENROLL,2025-01-01,', 'memberIdExternal', 'memberIdExternal must not contain an unpaired surrogate'],
    ['eventType with NUL', 'M1,ENROLL\u0000,2025-01-01,', 'eventType', 'eventType must not contain U+0000'],
    ['effectiveDate with a lone surrogate', 'M1,ENROLL,2025-01-01\udc80,', 'effectiveDate', 'effectiveDate must not contain an unpaired surrogate'],
    ['patientId with NUL', `M1,ENROLL,2025-01-01,${PATIENT}\u0000`, 'patientId', 'patientId must not contain U+0000'],
    ['member id with DEL', 'a\u007Fb,ENROLL,2025-01-01,', 'memberIdExternal', 'memberIdExternal must not contain control characters'],
    ['member id with a quoted line break', '"a\nb",ENROLL,2025-01-01,', 'memberIdExternal', 'memberIdExternal must not contain control characters'],
    ['eventType empty', 'M1,,2025-01-01,', 'eventType', 'eventType is required'],
    ['eventType unknown', 'M1,TERMINATE,2025-01-01,', 'eventType', 'eventType must be ENROLL or DISENROLL'],
    ['eventType with dotless i', 'M1,D\u0131SENROLL,2025-01-01,', 'eventType', 'eventType must be ENROLL or DISENROLL'],
    ['eventType abbreviated', 'M1,E,2025-01-01,', 'eventType', 'eventType must be ENROLL or DISENROLL'],
    ['effectiveDate empty', 'M1,ENROLL,,', 'effectiveDate', 'effectiveDate is required'],
    ['effectiveDate not a date', 'M1,ENROLL,2025-02-30,', 'effectiveDate', 'effectiveDate must be a real calendar date in the form YYYY-MM-DD'],
    ['effectiveDate US format', 'M1,ENROLL,01/15/2025,', 'effectiveDate', 'effectiveDate must be a real calendar date in the form YYYY-MM-DD'],
    ['effectiveDate with time', 'M1,ENROLL,2025-01-15T00:00:00Z,', 'effectiveDate', 'effectiveDate must be a real calendar date in the form YYYY-MM-DD'],
    ['effectiveDate formula', 'M1,ENROLL,=TODAY(),', 'effectiveDate', 'effectiveDate must be a real calendar date in the form YYYY-MM-DD'],
    ['patientId not a UUID', 'M1,ENROLL,2025-01-01,12345', 'patientId', 'patientId must be a UUID'],
    ['patientId UUID without dashes', `M1,ENROLL,2025-01-01,${PATIENT.replace(/-/g, '')}`, 'patientId', 'patientId must be a UUID'],
  ])('%s', (_, line, column, message) => {
    const result = parsed(csvWith(line));
    expect(result.errors).toEqual([{ row: 3, column, message }]);
    expect(result.rows).toEqual([row(2, 'OK1')]);
    expect(result.rejected).toBe(1);
  });

  it.each([
    ['64 characters', 'x'.repeat(64), 'ENROLL'],
    ['64 astral characters (128 UTF-16 units)', '\u{1F600}'.repeat(64), 'ENROLL'],
    ['lower-case event type', 'M1', 'enroll'],
    ['mixed-case event type', 'M1', 'DisEnroll'],
  ])('accepts %s', (_, memberIdExternal, eventType) => {
    expect(rowsOf(`${HEADER}\n${memberIdExternal},${eventType},2024-02-29`)).toEqual([row(2, memberIdExternal, eventType.toUpperCase(), '2024-02-29')]);
  });

  it('reports one error per bad cell but counts the row once', () => {
    const result = parsed(`${HEADER},patientId\n,NOPE,2025-13-01,nope\nM2,ENROLL,2025-01-01,`);
    expect(result.errors.map(({ row: r, column }) => [r, column])).toEqual([
      [2, 'memberIdExternal'], [2, 'eventType'], [2, 'effectiveDate'], [2, 'patientId'],
    ]);
    expect(result.rejected).toBe(1);
    expect(result.rows).toEqual([row(3, 'M2')]);
  });

  it.each([
    ['too few cells', 'M1,ENROLL', 'Row has 2 cells but the header has 3 columns'],
    ['one cell', 'M1', 'Row has 1 cell but the header has 3 columns'],
    ['too many cells', 'M1,ENROLL,2025-01-01,', 'Row has 4 cells but the header has 3 columns'],
    ['too many cells with bad values', ',X,Y,Z', 'Row has 4 cells but the header has 3 columns'],
  ])('%s is one error for the whole row', (_, line, message) => {
    expect(errorsOf(`${HEADER}\n${line}\nM2,ENROLL,2025-01-01`)).toEqual([{ row: 2, column: null, message }]);
  });

  it('keeps duplicate events in file order (the later row wins downstream)', () => {
    expect(rowsOf(`${HEADER}\nM1,ENROLL,2025-01-01\nM1,DISENROLL,2025-01-01`).map((r) => r.eventType)).toEqual(['ENROLL', 'DISENROLL']);
  });
});

describe('parseRosterCsv: member ids never appear in messages', () => {
  const SECRET = 'PHI-SECRET-4417';
  it.each([
    ['too long', `${HEADER}\n${SECRET.repeat(5)},ENROLL,2025-01-01`],
    ['control character', `${HEADER}\n"${SECRET}\n",ENROLL,2025-01-01`],
    ['stray after quote', `${HEADER}\n"${SECRET}"x,ENROLL,2025-01-01`],
    ['in the eventType column', `${HEADER}\nM1,${SECRET},2025-01-01`],
    ['in the effectiveDate column', `${HEADER}\nM1,ENROLL,${SECRET}`],
    ['in the patientId column', `${HEADER},patientId\nM1,ENROLL,2025-01-01,${SECRET}`],
    ['in a row with too many cells', `${HEADER}\n${SECRET},ENROLL,2025-01-01,${SECRET}`],
    ['in a file without a header', `${SECRET},ENROLL,2025-01-01\n${SECRET},ENROLL,2025-01-01`],
    ['in a header with a known column', `memberIdExternal,eventType,effectiveDate,${SECRET}`],
    ['in an unterminated quote', `${HEADER}\n"${SECRET},ENROLL,2025-01-01`],
  ])('%s', (_, csv) => {
    const result = parseRosterCsv(csv);
    const messages = result.ok ? result.errors.map((e) => e.message) : [result.message];
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) expect(message).not.toContain(SECRET.slice(0, 8));
  });
});

describe('parseRosterCsv: limits', () => {
  const validRows = (count: number) => {
    const lines = [HEADER];
    for (let i = 1; i <= count; i++) lines.push(`MBR${String(i).padStart(8, '0')},${i % 2 ? 'ENROLL' : 'DISENROLL'},2025-${String((i % 12) + 1).padStart(2, '0')}-15`);
    return lines.join('\r\n');
  };

  it.each([
    ['exactly 5 MB', ROSTER_CSV_MAX_BYTES, true],
    ['one byte over 5 MB', ROSTER_CSV_MAX_BYTES + 1, false],
  ])('%s', (_, bytes, ok) => {
    const start = `${HEADER}\nM1,ENROLL,2025-01-01\n`;
    const csv = start + ' '.repeat(bytes - start.length); // the padding is one blank line
    expect(Buffer.byteLength(csv)).toBe(bytes);
    expect(parseRosterCsv(csv)).toEqual(ok ? { ok: true, rows: [row(2, 'M1')], errors: [], rejected: 0 } : { ok: false, message: 'The CSV file is larger than 5 MB' });
  });

  it('counts UTF-8 bytes, not characters', () => {
    const csv = `${HEADER}\n` + 'é'.repeat(ROSTER_CSV_MAX_BYTES / 2); // fewer characters than the limit, more bytes
    expect(csv.length).toBeLessThan(ROSTER_CSV_MAX_BYTES);
    expect(parseRosterCsv(csv)).toEqual({ ok: false, message: 'The CSV file is larger than 5 MB' });
  });

  // Speed is the benchmark's business (npm run bench), not a test's.
  it('accepts 50,000 valid rows', () => {
    const result = parsed(validRows(ROSTER_CSV_MAX_ROWS));
    expect(result.rows).toHaveLength(ROSTER_CSV_MAX_ROWS);
    expect(result.rejected).toBe(0);
    expect(result.rows[ROSTER_CSV_MAX_ROWS - 1]).toEqual(row(ROSTER_CSV_MAX_ROWS + 1, 'MBR00050000', 'DISENROLL', '2025-09-15'));
  });

  it.each([
    ['50,001 valid rows', validRows(ROSTER_CSV_MAX_ROWS + 1)],
    ['50,001 invalid rows', `${HEADER}\n` + ',,x\n'.repeat(ROSTER_CSV_MAX_ROWS + 1)],
    ['stops at row 50,001 before a later unterminated quote', `${validRows(ROSTER_CSV_MAX_ROWS + 1)}\n"never closed`],
  ])('%s is a whole-file error', (_, csv) => {
    expect(parseRosterCsv(csv)).toEqual({ ok: false, message: 'The CSV file has more than 50,000 data rows' });
  });

  it('does not count blank lines towards the row limit', () => {
    const csv = `${validRows(ROSTER_CSV_MAX_ROWS)}\n\n\n,,\n`;
    expect(parsed(csv).rows).toHaveLength(ROSTER_CSV_MAX_ROWS);
  });
});
