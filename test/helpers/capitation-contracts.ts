import { startTestApp, type TestApp } from './server';
import { newOrg, type TestOrg } from './tokens';
import { ok } from './refusals';

export let app: TestApp;

/** Starts this test file's app (its own database) before its tests and closes it after. */
export function bootApp(): void {
  beforeAll(async () => { app = await startTestApp(); });
  afterAll(async () => { await app.close(); });
}

export const CONTRACT = 'id organizationId name pmpmRate effectiveFrom effectiveTo rosterSource archived createdAt updatedAt payer { id }';
export const EVENT = 'id memberIdExternal eventType effectiveDate source createdAt patient { id }';
export const CREATE = `mutation ($input: CreateCapitationContractInput!) { createCapitationContract(input: $input) { ${CONTRACT} } }`;
export const UPDATE = `mutation ($id: ID!, $input: UpdateCapitationContractInput!) { updateCapitationContract(id: $id, input: $input) { ${CONTRACT} } }`;
export const ARCHIVE = `mutation ($id: ID!) { archiveCapitationContract(id: $id) { ${CONTRACT} } }`;
export const READ = `query ($id: ID!) { capitationContract(id: $id) { ${CONTRACT} } }`;
export const LIST = `query ($includeArchived: Boolean, $first: Int, $after: String) {
  capitationContracts(includeArchived: $includeArchived, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name archived } } } }`;
export const RECORD = `mutation ($id: ID!, $input: RosterEventInput!) { recordRosterEvent(contractId: $id, input: $input) { ${EVENT} contract { id } } }`;
export const IMPORT = `mutation ($id: ID!, $csv: String!, $dryRun: Boolean) {
  importRosterCsv(contractId: $id, csv: $csv, dryRun: $dryRun) { accepted rejected dryRun errors { row column message } } }`;
export const ROSTER = `query ($id: ID!, $first: Int, $after: String) { capitationContract(id: $id) {
  rosterEvents(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${EVENT} } } } } }`;
export const GENERATE = 'mutation ($id: ID!) { generateCapitationPeriods(contractId: $id, through: "2025-06-30") { id } }';
/** Everything a change could touch: the contract, its periods and its roster. */
export const STATE = `query ($id: ID!) { capitationContract(id: $id) { ${CONTRACT} periods { id } rosterEvents(first: 100) { totalCount edges { node { id } } } } }`;
export const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on CapitationContract { id name pmpmRate archived } } }';

export const HEADER = 'memberIdExternal,eventType,effectiveDate';
export const BASE = { name: 'HMO Gold', pmpmRate: '45.10', effectiveFrom: '2025-01-01' };
export type Row = Record<string, any> & { id: string };
export type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { cursor: string; node: Row }[] };

export const create = async (token: string, input: Record<string, unknown> = {}): Promise<Row> =>
  ok(await app.gql(CREATE, { input: { ...BASE, ...input } }, token), 'createCapitationContract');
/** A fresh organization owning one contract. */
export async function orgWithContract() {
  const org = await newOrg();
  return { org, c: await create(org.admin) };
}
export const read = async (token: string, id: string) => (await app.gql(READ, { id }, token)).data?.capitationContract as Row | null;
export const list = async (token: string, variables: Record<string, unknown> = {}): Promise<Page> =>
  ok(await app.gql(LIST, { first: 100, ...variables }, token), 'capitationContracts');
export const roster = async (token: string, id: string, variables: Record<string, unknown> = {}): Promise<Page> =>
  ok(await app.gql(ROSTER, { id, first: 100, ...variables }, token), 'capitationContract').rosterEvents;
export const memberIds = async (token: string, id: string) => (await roster(token, id)).edges.map((e) => e.node.memberIdExternal);
export const rosterCount = async (org: TestOrg, id: string) => (await roster(org.admin, id)).totalCount;
export const record = async (token: string, id: string, input: Record<string, unknown>): Promise<Row> =>
  ok(await app.gql(RECORD, { id, input: { eventType: 'ENROLL', effectiveDate: '2025-01-01', ...input } }, token), 'recordRosterEvent');
export const importCsv = (token: string, id: string, csv: string, dryRun?: boolean) => app.gql(IMPORT, { id, csv, dryRun }, token);
/** enrolledMemberCount for several asOf dates (null: the argument left out) in one request. */
export async function enrolled(token: string, id: string, dates: (string | null)[]): Promise<number[]> {
  const fields = dates.map((d, i) => `c${i}: enrolledMemberCount${d ? `(asOf: "${d}")` : ''}`).join(' ');
  const contract = ok(await app.gql(`query ($id: ID!) { capitationContract(id: $id) { ${fields} } }`, { id }, token), 'capitationContract');
  return dates.map((_, i) => contract[`c${i}`]);
}
export const csvOf = (...rows: string[]) => [HEADER, ...rows].join('\n');
/** Every capitation change to one contract, as [query, variables]. */
export const changesTo = (id: string): [string, Record<string, unknown>][] => [
  [UPDATE, { id, input: { name: 'Renamed', pmpmRate: '1.00' } }], [ARCHIVE, { id }], [GENERATE, { id }],
  [RECORD, { id, input: { memberIdExternal: 'M-00000009', eventType: 'ENROLL', effectiveDate: '2025-02-01' } }],
  [IMPORT, { id, csv: csvOf('M-00000008,ENROLL,2025-02-01') }], [IMPORT, { id, csv: csvOf('M-00000008,ENROLL,2025-02-01'), dryRun: true }],
];
/** Follows endCursor until hasNextPage is false; every page must agree on totalCount and end at its endCursor. */
export async function walk(fetch: (after: string | null) => Promise<Page>, totalCount: number) {
  const [ids, more]: [string[], boolean[]] = [[], []];
  let after: string | null = null;
  do {
    const page: Page = await fetch(after);
    expect(page.totalCount).toBe(totalCount);
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
    ids.push(...page.edges.map((e) => e.node.id));
    more.push(page.pageInfo.hasNextPage);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return { ids, more };
}
export const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
