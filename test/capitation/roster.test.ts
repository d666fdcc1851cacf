import { randomUUID } from 'node:crypto';
import { codes, startTestApp, type TestApp } from '../helpers/server';
import { newOrg, tokenFor } from '../helpers/tokens';
import { expectRefused } from '../helpers/refusals';
import { bootApp, BASE, CREATE, HEADER, IMPORT, LIST, RECORD, ROSTER, Row, app, byteOrder, create, csvOf, enrolled, importCsv, memberIds, orgWithContract, read, record, roster, rosterCount, walk } from '../helpers/capitation-contracts';

bootApp();

describe('roster PHI', () => {
  it('shows member ids clear with pm.capitation.manage, masked with view only; staff is FORBIDDEN', async () => {
    const { org, c } = await orgWithContract();
    const ids = ['MEMBER-000123', '12345678', '1234567', 'ABC'];
    for (const [i, m] of ids.entries()) expect((await record(org.admin, c.id, { memberIdExternal: m, effectiveDate: `2025-01-0${i + 1}` })).memberIdExternal).toBe(m);
    const masked = ['****0123', '****5678', '****', '****'];
    expect(await memberIds(org.admin, c.id)).toEqual(ids);
    expect(await memberIds(await tokenFor(org.orgId, ['staff'], ['pm.capitation.manage']), c.id)).toEqual(ids);
    expect(await memberIds(org.siteAdmin, c.id)).toEqual(masked);
    expect(await memberIds(await tokenFor(org.orgId, ['staff'], ['pm.capitation.view']), c.id)).toEqual(masked);
    const res = await app.gql(ROSTER, { id: c.id }, org.staff);
    expect(codes(res)).toEqual(['FORBIDDEN']);
    expect(res.data?.capitationContract ?? null).toBeNull();
    expectRefused(await app.gql(LIST, {}, org.staff), 'FORBIDDEN');
  });

  it('the raw table holds no member id in clear in any column', async () => {
    const { org, c } = await orgWithContract();
    const secrets = ['PHISECRET-0001', 'PHISECRET,0002', 'PHISECRET-0003'];
    await record(org.admin, c.id, { memberIdExternal: secrets[0] });
    expect((await importCsv(org.admin, c.id, csvOf(`"${secrets[1]}",ENROLL,2025-01-02`, `${secrets[2]},DISENROLL,2025-01-03`))).errors).toBeUndefined();
    const rows = await app.db.withSession((s) => s.query(`SELECT * FROM pm_capitation_roster_events WHERE organization_id = '${org.orgId}'`));
    expect(rows).toHaveLength(3);
    const cell = (v: unknown) => (v instanceof Uint8Array ? `${Buffer.from(v).toString('latin1')} ${Buffer.from(v).toString('hex')}`
      : v instanceof Date ? v.toISOString() : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
    const dump = (rows as Record<string, unknown>[]).map((row) => Object.values(row).map(cell).join('|')).join('\n');
    expect(dump).not.toContain('PHISECRET');
    for (const s of secrets) expect(dump).not.toContain(Buffer.from(s).toString('hex'));
    expect(await memberIds(org.admin, c.id)).toEqual(secrets);
  });

  it.each([
    { what: '65 characters', input: { memberIdExternal: `SECRET-${'9'.repeat(58)}` }, field: 'input.memberIdExternal' },
    { what: 'a control character', input: { memberIdExternal: 'SECRET-12\u000734' }, field: 'input.memberIdExternal' },
    { what: 'a line break inside', input: { memberIdExternal: 'SECRET-12\n34' }, field: 'input.memberIdExternal' },
    { what: 'an impossible date', input: { memberIdExternal: 'SECRET-1234', effectiveDate: '2025-02-30' }, field: 'input.effectiveDate' },
    { what: 'an unknown eventType', input: { memberIdExternal: 'SECRET-1234', eventType: 'TRANSFER' }, field: 'input.eventType' },
    // graphql-js prints the offending value, or for a missing or unknown field the whole input object, in coercion errors.
    { what: 'a missing eventType', input: { memberIdExternal: 'SECRET-1234', eventType: undefined }, field: undefined },
    { what: 'an unknown input field', input: { memberIdExternal: 'SECRET-1234', note: 'x' }, field: undefined },
    { what: 'a number', input: { memberIdExternal: 987654321 }, field: 'input.memberIdExternal' },
  ])('a refused recordRosterEvent ($what) never echoes the member id', async ({ input, field }) => {
    const { org, c } = await orgWithContract();
    const res = await app.gql(RECORD, { id: c.id, input: { eventType: 'ENROLL', effectiveDate: '2025-01-01', ...input } }, org.admin);
    expectRefused(res, 'BAD_USER_INPUT', field);
    expect(JSON.stringify(res.errors)).not.toMatch(/SECRET|987654321/);
    expect(await rosterCount(org, c.id)).toBe(0);
  });
});

describe('log lines', () => {
  const lines: string[] = [];
  let logged: TestApp;
  beforeAll(async () => { logged = await startTestApp({ logLines: lines }); });
  afterAll(async () => { await logged.close(); });

  it('no log line contains a member id after roster operations, accepted or refused', async () => {
    const org = await newOrg();
    const c = (await logged.gql(CREATE, { input: BASE }, org.admin)).data.createCapitationContract;
    const event = (memberIdExternal: string, extra = {}) => ({ id: c.id, input: { memberIdExternal, eventType: 'ENROLL', effectiveDate: '2025-01-01', ...extra } });
    for (const [variables, token] of [[event('LOGSECRET-0001'), org.admin], [event(`LOGSECRET-${'7'.repeat(60)}`), org.admin],
      [event('LOGSECRET-0003', { effectiveDate: '2025-02-30' }), org.admin], [event('LOGSECRET-0004', { eventType: undefined }), org.admin],
      [event('LOGSECRET-0005'), org.siteAdmin]] as const) await logged.gql(RECORD, variables, token);
    for (const dryRun of [false, true]) await logged.gql(IMPORT, { id: c.id, csv: csvOf('LOGSECRET-0005,ENROLL,2025-01-01', 'LOGSECRET-0006,NOPE,2025-01-01'), dryRun }, org.admin);
    await logged.gql(IMPORT, { id: c.id, csv: csvOf('LOGSECRET-0007,ENROLL,2025-01-01') }, org.admin);
    await logged.gql(IMPORT, { id: c.id, csv: 'LOGSECRET-0008,ENROLL,2025-01-01' }, org.admin);
    for (const token of [org.admin, org.siteAdmin, org.staff]) await logged.gql(ROSTER, { id: c.id }, token);
    const read = await logged.gql(ROSTER, { id: c.id }, org.admin);
    expect(read.data.capitationContract.rosterEvents.totalCount).toBe(2);
    expect(lines.join('\n')).not.toContain('LOGSECRET');
  });
});

describe('recordRosterEvent', () => {
  it('trims the member id, defaults source to MANUAL, links a patient and lists what it returned', async () => {
    const { org, c } = await orgWithContract();
    const patientId = randomUUID();
    const a = await record(org.admin, c.id, { memberIdExternal: '  M-00000001 ', effectiveDate: '2024-02-29', patientId });
    expect(a).toEqual({ id: expect.any(String), memberIdExternal: 'M-00000001', eventType: 'ENROLL', effectiveDate: '2024-02-29',
      source: 'MANUAL', createdAt: expect.any(String), patient: { id: patientId }, contract: { id: c.id } });
    const b = await record(org.admin, c.id, { memberIdExternal: 'x'.repeat(64), eventType: 'DISENROLL', source: 'PAYER_FILE' });
    expect(b).toMatchObject({ memberIdExternal: 'x'.repeat(64), eventType: 'DISENROLL', source: 'PAYER_FILE', patient: null });
    const strip = ({ contract: _, ...node }: Row) => node;
    expect((await roster(org.admin, c.id)).edges.map((e) => e.node)).toEqual([strip(a), strip(b)]);
  });

  it.each([
    ...['', '   ', 'm'.repeat(65), 'M-1\u00002', 'M-1\t2', 'M-1\u007f2', 'M-1\u001b2'].map((memberIdExternal) => ({ input: { memberIdExternal }, field: 'input.memberIdExternal' })),
    { input: { memberIdExternal: null }, field: 'input.memberIdExternal' },
    { input: { eventType: 'TRANSFER' }, field: 'input.eventType' },
    { input: { eventType: null }, field: 'input.eventType' },
    ...['2025-02-29', '2025-1-01', '2025-01-01T00:00:00Z', ''].map((effectiveDate) => ({ input: { effectiveDate }, field: 'input.effectiveDate' })),
    { input: { patientId: 'patient-1' }, field: 'input.patientId' },
  ])('$input is BAD_USER_INPUT on $field and records nothing', async ({ input, field }) => {
    const { org, c } = await orgWithContract();
    const res = await app.gql(RECORD, { id: c.id, input: { memberIdExternal: 'M-00000001', eventType: 'ENROLL', effectiveDate: '2025-01-01', ...input } }, org.admin);
    expectRefused(res, 'BAD_USER_INPUT', field);
    expect(await rosterCount(org, c.id)).toBe(0);
  });
});

describe('importRosterCsv', () => {
  it('reads any column order, an optional patientId, CRLF, a BOM, quoting and blank lines; writes CSV_UPLOAD rows', async () => {
    const { org, c } = await orgWithContract();
    const p = randomUUID();
    const csv = `\uFEFFeffectiveDate,patientId,eventType,memberIdExternal\r\n\r\n2025-01-02,${p},ENROLL,"M,00000001"\r\n`
      + '2025-01-03,,DISENROLL,"M ""Q"" 0002"\r\n\r\n2025-01-01,,ENROLL,M-00000003\r\n';
    expect((await importCsv(org.admin, c.id, csv)).data.importRosterCsv).toEqual({ accepted: 3, rejected: 0, dryRun: false, errors: [] });
    expect(await importCsv(org.admin, c.id, `eventType,memberIdExternal,effectiveDate\nENROLL,M-00000004,2025-01-04\n\n`))
      .toEqual({ status: 200, data: { importRosterCsv: { accepted: 1, rejected: 0, dryRun: false, errors: [] } } });
    expect((await roster(org.admin, c.id)).edges.map(({ node: n }) => [n.memberIdExternal, n.eventType, n.effectiveDate, n.source, n.patient])).toEqual([
      ['M-00000003', 'ENROLL', '2025-01-01', 'CSV_UPLOAD', null],
      ['M,00000001', 'ENROLL', '2025-01-02', 'CSV_UPLOAD', { id: p }],
      ['M "Q" 0002', 'DISENROLL', '2025-01-03', 'CSV_UPLOAD', null],
      ['M-00000004', 'ENROLL', '2025-01-04', 'CSV_UPLOAD', null],
    ]);
  });

  it('is all-or-nothing: one bad row gives counts and errors by spreadsheet row and column, and writes nothing; dryRun alike', async () => {
    const { org, c } = await orgWithContract();
    await record(org.admin, c.id, { memberIdExternal: 'M-00000000' });
    const csv = csvOf('SECRET-00000001,ENROLL,2025-01-01', 'SECRET-00000002,ENROLL,2025-02-30', '', 'SECRET-00000003,MAYBE,2025-01-01',
      ',ENROLL,2025-01-01', 'SECRET-00000005,ENROLL', 'SECRET-00000006,ENROLL,2025-01-01,extra', `SECRET-${'9'.repeat(58)},ENROLL,2025-01-01`,
      'SECRET-\u00011234,ENROLL,2025-01-01', 'SECRET-00000007,ENROLL,2025-03-01');
    const errors = [{ row: 3, column: 'effectiveDate' }, { row: 5, column: 'eventType' }, { row: 6, column: 'memberIdExternal' }, { row: 7, column: null },
      { row: 8, column: null }, { row: 9, column: 'memberIdExternal' }, { row: 10, column: 'memberIdExternal' }].map((e) => ({ ...e, message: expect.any(String) }));
    for (const dryRun of [false, true, undefined]) {
      const res = await importCsv(org.admin, c.id, csv, dryRun);
      expect(res).toEqual({ status: 200, data: { importRosterCsv: { accepted: 2, rejected: 7, dryRun: dryRun === true, errors } } });
      expect(JSON.stringify(res)).not.toContain('SECRET'); // messages name the column and the rule, never the member id
      expect(await rosterCount(org, c.id)).toBe(1);
    }
  });

  /** A valid CSV of exactly `bytes` ASCII bytes, rows of 57–120 bytes (so far fewer than 50,000 of them). */
  function csvOfBytes(bytes: number): { csv: string; rows: number } {
    const row = (size: number) => `${'m'.repeat(size - 56)},ENROLL,2025-01-01,00000000-0000-4000-8000-000000000000\n`;
    const head = `${HEADER},patientId\n`;
    const rows: string[] = [];
    let left = bytes - head.length;
    for (; left > 240; left -= 120) rows.push(row(120));
    const last = Math.min(120, left - 57);
    rows.push(row(last), row(left - last));
    return { csv: head + rows.join(''), rows: rows.length };
  }

  it.each([
    { what: 'a missing column', csv: 'memberIdExternal,eventType\nM-00000001,ENROLL\n' },
    { what: 'an unknown column', csv: csvOf('M-00000001,ENROLL,2025-01-01,hi').replace(HEADER, `${HEADER},notes`) },
    { what: 'a column twice', csv: csvOf('M-00000001,ENROLL,2025-01-01,ENROLL').replace(HEADER, `${HEADER},eventType`) },
    { what: 'no header', csv: 'SECRET-00000001,ENROLL,2025-01-01\nSECRET-00000002,ENROLL,2025-01-01\n' },
    { what: 'a file over 5 MB', csv: csvOfBytes(5 * 1024 * 1024 + 1).csv },
    { what: 'a file over 50,000 rows', csv: csvOf(...Array<string>(50_001).fill('M-00000001,ENROLL,2025-01-01')) },
  ])('$what is BAD_USER_INPUT on csv and writes nothing', async ({ csv }) => {
    const { org, c } = await orgWithContract();
    for (const dryRun of [false, true]) {
      const res = await importCsv(org.admin, c.id, csv, dryRun);
      expectRefused(res, 'BAD_USER_INPUT', 'csv');
      expect(JSON.stringify(res.errors)).not.toContain('SECRET');
    }
    expect(await rosterCount(org, c.id)).toBe(0);
  });

  it('accepts (dryRun: validates, writes nothing) a file of 5,000,000 bytes and one of 50,000 rows', async () => {
    const { org, c } = await orgWithContract();
    const big = csvOfBytes(5_000_000);
    expect(Buffer.byteLength(big.csv)).toBe(5_000_000);
    expect((await importCsv(org.admin, c.id, big.csv, true)).data.importRosterCsv).toEqual({ accepted: big.rows, rejected: 0, dryRun: true, errors: [] });
    const many = csvOf(...Array<string>(50_000).fill('M-00000001,ENROLL,2025-01-01'));
    expect((await importCsv(org.admin, c.id, many, true)).data.importRosterCsv).toEqual({ accepted: 50_000, rejected: 0, dryRun: true, errors: [] });
    expect(await rosterCount(org, c.id)).toBe(0);
  });

  it('stores formula-like cells as plain text and returns them exactly', async () => {
    const { org, c } = await orgWithContract();
    const formulas = ['=SUM(A1)9999', '+1234567890', '-5555555555', '@cmd12345678', '=HYPERLINK("x")'];
    const csv = csvOf(...formulas.map((m, i) => `${m.includes('"') ? `"${m.replace(/"/g, '""')}"` : m},ENROLL,2025-01-0${i + 1}`));
    expect((await importCsv(org.admin, c.id, csv)).data.importRosterCsv).toMatchObject({ accepted: 5, rejected: 0 });
    expect(await record(org.admin, c.id, { memberIdExternal: "=cmd|' /C calc'!A0", effectiveDate: '2025-01-09' })).toMatchObject({ memberIdExternal: "=cmd|' /C calc'!A0" });
    expect(await memberIds(org.admin, c.id)).toEqual([...formulas, "=cmd|' /C calc'!A0"]);
    expect(await memberIds(org.siteAdmin, c.id)).toEqual(['****9999', '****7890', '****5555', '****5678', '****"x")', "****'!A0"]);
    expect(await enrolled(org.admin, c.id, ['2025-01-09'])).toEqual([6]);
  });
});

describe('enrolledMemberCount(asOf)', () => {
  it('counts each member whose latest event on or before asOf is ENROLL, once, per contract', async () => {
    const org = await newOrg();
    const [c, other] = [await create(org.admin), await create(org.admin, { name: 'Other' })];
    const events = [['A-00000001', 'ENROLL', '2025-01-10'], ['A-00000001', 'DISENROLL', '2025-03-01'], ['B-00000002', 'ENROLL', '2025-02-01'],
      ['B-00000002', 'ENROLL', '2025-02-15'], ['C-00000003', 'DISENROLL', '2025-01-01'], ['C-00000003', 'ENROLL', '2025-04-01']];
    for (const [memberIdExternal, eventType, effectiveDate] of events.reverse()) await record(org.admin, c.id, { memberIdExternal, eventType, effectiveDate });
    await record(org.admin, other.id, { memberIdExternal: 'B-00000002', effectiveDate: '2024-01-01' });
    const dates = ['2024-12-31', '2025-01-09', '2025-01-10', '2025-02-01', '2025-02-28', '2025-03-01', '2025-03-31', '2025-04-01'];
    expect(await enrolled(org.siteAdmin, c.id, dates)).toEqual([0, 0, 1, 2, 2, 1, 1, 2]);
    expect(await enrolled(org.admin, other.id, ['2023-12-31', '2025-03-01'])).toEqual([0, 1]);
  });

  it('of two events of one member on one date, the one recorded later wins (calls, and rows within one CSV)', async () => {
    const { org, c } = await orgWithContract();
    const ids = ['X-00000001', 'Y-00000002', 'Z-00000003', 'W-00000004'];
    await importCsv(org.admin, c.id, csvOf(...ids.map((m) => `${m},ENROLL,2025-04-01`)));
    for (const [memberIdExternal, eventType] of [['X-00000001', 'ENROLL'], ['X-00000001', 'DISENROLL'], ['Y-00000002', 'DISENROLL'], ['Y-00000002', 'ENROLL']]) {
      await record(org.admin, c.id, { memberIdExternal, eventType, effectiveDate: '2025-05-01' });
    }
    const csv = csvOf('Z-00000003,ENROLL,2025-05-01', 'W-00000004,DISENROLL,2025-05-01', 'Z-00000003,DISENROLL,2025-05-01', 'W-00000004,ENROLL,2025-05-01');
    expect((await importCsv(org.admin, c.id, csv)).data.importRosterCsv).toMatchObject({ accepted: 4, rejected: 0 });
    expect(await enrolled(org.admin, c.id, ['2025-04-30', '2025-05-01', '2025-12-31'])).toEqual([4, 2, 2]);
  });

  it('defaults asOf to today (UTC) and ignores events after it', async () => {
    const { org, c } = await orgWithContract();
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const events: [string, string, number][] = [['T-00000001', 'ENROLL', 0], ['Q-00000002', 'ENROLL', 0], ['F-00000003', 'ENROLL', 1],
      ['Y-00000004', 'ENROLL', -1], ['D-00000005', 'ENROLL', -1], ['D-00000005', 'DISENROLL', 0]];
    for (const [memberIdExternal, eventType, offset] of events) await record(org.admin, c.id, { memberIdExternal, eventType, effectiveDate: day(offset) });
    expect(await enrolled(org.admin, c.id, [null, day(0), day(-1), day(1)])).toEqual([3, 3, 2, 4]);
  });
});

describe('rosterEvents', () => {
  it('orders by effectiveDate, createdAt, id; first/after walks every event exactly once', async () => {
    const { org, c } = await orgWithContract();
    for (const d of ['2025-03-01', '2025-01-01', '2025-02-01', '2025-01-01']) await record(org.admin, c.id, { memberIdExternal: `R-${d}`, effectiveDate: d });
    await importCsv(org.admin, c.id, csvOf('C-00000001,ENROLL,2025-02-01', 'C-00000002,ENROLL,2025-01-01', 'C-00000003,DISENROLL,2025-02-01'));
    const defaultPage = await app.gql(ROSTER, { id: c.id }, org.admin); // first defaults to 50
    const all = defaultPage.data.capitationContract.rosterEvents.edges.map((e: { node: Row }) => e.node) as Row[];
    const key = (n: Row) => [n.effectiveDate, n.createdAt, n.id];
    expect(all).toEqual([...all].sort((x, y) => byteOrder(key(x).join(' '), key(y).join(' '))));
    expect(all.map((n) => n.effectiveDate)).toEqual(['2025-01-01', '2025-01-01', '2025-01-01', '2025-02-01', '2025-02-01', '2025-02-01', '2025-03-01']);
    expect(await walk((after) => roster(org.siteAdmin, c.id, { first: 3, after }), 7)).toEqual({ ids: all.map((n) => n.id), more: [true, true, false] });
  });
});
