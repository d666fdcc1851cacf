import Decimal from 'decimal.js';
import { startTestApp, type TestApp } from './server';
import { newOrg, type TestOrg } from './tokens';

export let app: TestApp;

/** Starts this test file's app (its own database) before its tests and closes it after. */
export function bootApp(): void {
  beforeAll(async () => { app = await startTestApp(); });
  afterAll(async () => { await app.close(); });
}

export const P = 'id periodStartDate periodEndDate enrolledMemberCount expectedRevenue receivedRevenue variance status retroAdjustment contract { id }';
export const R = 'id expectedAmount receivedAmount varianceAmount varianceDisposition paymentDate reconciledBy reconciledAt notes';
export const GENERATE = `mutation ($id: ID!, $through: Date!) { generateCapitationPeriods(contractId: $id, through: $through) { ${P} } }`;
export const RECONCILE = `mutation ($id: ID!, $input: ReconcileCapitationPeriodInput!) {
  reconcileCapitationPeriod(periodId: $id, input: $input) { ${R} period { ${P} } } }`;
export const PERIOD = `query ($id: ID!) { capitationPeriod(id: $id) { ${P} reconciliations { ${R} } } }`;
export const PERIODS = `query ($id: ID!, $from: Date, $to: Date) { capitationContract(id: $id) { periods(from: $from, to: $to) { ${P} } } }`;
export const REVENUE = 'query ($from: Date!, $to: Date!) { capitationRevenue(from: $from, to: $to) { month enrolledMemberCount expectedRevenue receivedRevenue variance } }';
export const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on CapitationPeriod { ${P} } } }`;
export const UNUSED_UUID = '00000000-0000-4000-8000-000000000000';

/** Runs an operation that must succeed and returns its data. */
export async function must(query: string, variables: Record<string, unknown>, token: string) {
  const res = await app.gql(query, variables, token);
  if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data;
}
export type Event = [member: string, type: 'ENROLL' | 'DISENROLL', date: string];
export const members = (n: number, date = '2024-12-01', prefix = 'MEMBER-'): Event[] =>
  Array.from({ length: n }, (_, i) => [`${prefix}${String(i + 1).padStart(6, '0')}`, 'ENROLL', date]);

export async function createContract(org: TestOrg, input: Record<string, unknown> = {}) {
  const data = await must('mutation ($input: CreateCapitationContractInput!) { createCapitationContract(input: $input) { id } }',
    { input: { name: 'HMO capitation', pmpmRate: '10.00', effectiveFrom: '2025-01-01', ...input } }, org.admin);
  return data.createCapitationContract.id as string;
}
export async function roster(org: TestOrg, id: string, events: Event[]) {
  const csv = ['memberIdExternal,eventType,effectiveDate', ...events.map((e) => e.join(','))].join('\n');
  const data = await must('mutation ($id: ID!, $csv: String!) { importRosterCsv(contractId: $id, csv: $csv) { accepted rejected } }', { id, csv }, org.admin);
  expect(data.importRosterCsv).toEqual({ accepted: events.length, rejected: 0 });
}
export const generate = async (org: TestOrg, id: string, through: string) => (await must(GENERATE, { id, through }, org.admin)).generateCapitationPeriods;
export const reconcile = (token: string, id: string, input: Record<string, unknown>) =>
  app.gql(RECONCILE, { id, input: { paymentDate: '2025-02-05', ...input } }, token);
export const pay = async (org: TestOrg, id: string, input: Record<string, unknown>) => (await must(RECONCILE, { id, input: { paymentDate: '2025-02-05', ...input } }, org.admin)).reconcileCapitationPeriod;
export const readPeriod = async (token: string, id: string) => (await app.gql(PERIOD, { id }, token)).data?.capitationPeriod;
export const readPeriods = async (org: TestOrg, id: string, range: { from?: string; to?: string } = {}) =>
  (await must(PERIODS, { id, ...range }, org.admin)).capitationContract.periods;
export const setRate = (org: TestOrg, id: string, pmpmRate: string) =>
  must('mutation ($id: ID!, $r: Decimal!) { updateCapitationContract(id: $id, input: { pmpmRate: $r }) { id } }', { id, r: pmpmRate }, org.admin);
export const archive = (org: TestOrg, id: string) => must('mutation ($id: ID!) { archiveCapitationContract(id: $id) { id } }', { id }, org.admin);

/** A contract at 10.00 PMPM from 2025-01-01 with 3 members, its periods generated through `through`. */
export async function seeded(through = '2025-01-31', org?: TestOrg) {
  const o = org ?? await newOrg();
  const contractId = await createContract(o);
  await roster(o, contractId, members(3));
  const periods = await generate(o, contractId, through);
  return { org: o, contractId, periods, periodId: periods[0].id as string };
}

export const period = (contractId: string, start: string, end: string, count: number, expected: string, extra: Record<string, unknown> = {}) => ({
  id: expect.any(String), contract: { id: contractId }, periodStartDate: start, periodEndDate: end, enrolledMemberCount: count,
  expectedRevenue: expected, receivedRevenue: '0.00', variance: new Decimal(0).minus(expected).toFixed(2), status: 'OPEN', retroAdjustment: '0.00', ...extra,
});
export const money = (d: Decimal.Value) => new Decimal(d).toFixed(2);
