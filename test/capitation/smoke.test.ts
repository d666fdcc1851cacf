import { startTestApp, type TestApp } from '../helpers/server';
import { newOrg } from '../helpers/tokens';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.close(); });

it('runs a contract from roster to reconciliation', async () => {
  const org = await newOrg();
  const c = await app.gql('mutation { createCapitationContract(input: {name: "HMO", pmpmRate: "45.10", effectiveFrom: "2025-01-15", payerId: "p1"}) { id archived payer { id } pmpmRate effectiveFrom } }', {}, org.admin);
  expect(c.errors).toBeUndefined();
  const id = c.data.createCapitationContract.id;
  const r = await app.gql('mutation($id: ID!) { recordRosterEvent(contractId: $id, input: {memberIdExternal: "MEMBER-000123", eventType: ENROLL, effectiveDate: "2025-01-01"}) { id memberIdExternal eventType effectiveDate source contract { id } } }', { id }, org.admin);
  expect(r.errors).toBeUndefined();
  expect(r.data.recordRosterEvent.memberIdExternal).toBe('MEMBER-000123');
  const csv = 'memberIdExternal,eventType,effectiveDate\r\nM-0000000002,ENROLL,2025-02-01\r\n"M,0000000003",enroll,2025-01-20\r\n';
  const imp = await app.gql('mutation($id: ID!, $csv: String!) { importRosterCsv(contractId: $id, csv: $csv) { accepted rejected dryRun errors { row column message } } }', { id, csv }, org.admin);
  expect(imp.data.importRosterCsv).toEqual({ accepted: 2, rejected: 0, dryRun: false, errors: [] });
  const gen = await app.gql('mutation($id: ID!) { generateCapitationPeriods(contractId: $id, through: "2025-03-10") { id periodStartDate periodEndDate enrolledMemberCount expectedRevenue status } }', { id }, org.admin);
  expect(gen.errors).toBeUndefined();
  expect(gen.data.generateCapitationPeriods.map((p: any) => [p.periodStartDate, p.enrolledMemberCount, p.expectedRevenue])).toEqual([
    ['2025-01-01', 1, '45.10'], ['2025-02-01', 3, '135.30'], ['2025-03-01', 3, '135.30'],
  ]);
  const periodId = gen.data.generateCapitationPeriods[0].id;
  const rec = await app.gql('mutation($p: ID!) { reconcileCapitationPeriod(periodId: $p, input: {receivedAmount: "40.00", paymentDate: "2025-02-05"}) { id expectedAmount receivedAmount varianceAmount varianceDisposition reconciledBy period { status receivedRevenue variance retroAdjustment } } }', { p: periodId }, org.admin);
  expect(rec.errors).toBeUndefined();
  expect(rec.data.reconcileCapitationPeriod).toMatchObject({ expectedAmount: '45.10', receivedAmount: '40.00', varianceAmount: '-5.10', varianceDisposition: 'PENDING_REVIEW', reconciledBy: 'test-user', period: { status: 'PARTIALLY_PAID', receivedRevenue: '40.00', variance: '-5.10', retroAdjustment: '0.00' } });
  const read = await app.gql('query($id: ID!) { capitationContract(id: $id) { enrolledMemberCount(asOf: "2025-02-01") periods(from: "2025-02-01") { periodStartDate } rosterEvents(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { memberIdExternal patient { id } } } } } capitationRevenue(from: "2024-12-01", to: "2025-03-31") { month enrolledMemberCount expectedRevenue receivedRevenue variance } }', { id }, org.siteAdmin);
  expect(read.errors).toBeUndefined();
  expect(read.data.capitationContract.enrolledMemberCount).toBe(3);
  expect(read.data.capitationContract.rosterEvents.totalCount).toBe(3);
  expect(read.data.capitationContract.rosterEvents.edges.map((e: any) => e.node.memberIdExternal)).toEqual(['****0123', '****0003']);
  expect(read.data.capitationRevenue).toHaveLength(4);
  const raw = await app.db.withSession((s) => s.query('SELECT * FROM pm_capitation_roster_events'));
  expect(JSON.stringify(raw)).not.toContain('000123');
});
