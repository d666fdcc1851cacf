import { startTestApp, type TestApp } from '../helpers/server';
import { newOrg } from '../helpers/tokens';
import { createProgram } from '../helpers/factories';

/**
 * Contract (README, Pagination): PageInfo has Relay's four fields on every
 * connection; startCursor/endCursor are the first and last edge's cursors
 * (null on an empty page); hasPreviousPage is true exactly when `after` was
 * given, and a null `after` is not given.
 */
let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.close(); });

const PAGE = 'totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }';
type Page = {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: { id: string } }[];
};
type Fetch = (token: string, variables: { first: number; after?: string | null }) => Promise<Page>;

async function data(token: string, query: string, variables: Record<string, unknown>) {
  const res = await app.gql(query, variables, token);
  expect(res.errors).toBeUndefined();
  return res.data;
}

const programs: Fetch = async (token, variables) =>
  (await data(token, `query ($first: Int, $after: String) { programs(first: $first, after: $after) { ${PAGE} } }`, variables)).programs;
const contracts: Fetch = async (token, variables) => (await data(token,
  `query ($first: Int, $after: String) { capitationContracts(first: $first, after: $after) { ${PAGE} } }`, variables)).capitationContracts;

async function createContract(token: string, name: string): Promise<string> {
  const created = await data(token, 'mutation ($input: CreateCapitationContractInput!) { createCapitationContract(input: $input) { id } }',
    { input: { name, pmpmRate: '45.10', effectiveFrom: '2025-01-01' } });
  return created.createCapitationContract.id;
}

/** Each connection with a way to give an organization three of its rows (and nothing else of that kind). */
const connections: [string, (token: string) => Promise<Fetch>][] = [
  ['programs', async (token) => {
    for (const name of ['A', 'B', 'C']) await createProgram(app, token, { name });
    return programs;
  }],
  ['capitationContracts', async (token) => {
    for (const name of ['A', 'B', 'C']) await createContract(token, name);
    return contracts;
  }],
  ['CapitationContract.rosterEvents', async (token) => {
    const id = await createContract(token, 'Roster');
    for (const member of ['M-1', 'M-2', 'M-3']) {
      await data(token, 'mutation ($id: ID!, $input: RosterEventInput!) { recordRosterEvent(contractId: $id, input: $input) { id } }',
        { id, input: { memberIdExternal: member, eventType: 'ENROLL', effectiveDate: '2025-01-01' } });
    }
    return async (t, variables) => (await data(t,
      `query ($id: ID!, $first: Int, $after: String) { capitationContract(id: $id) { rosterEvents(first: $first, after: $after) { ${PAGE} } } }`,
      { id, ...variables })).capitationContract.rosterEvents;
  }],
];

describe.each(connections)('%s pageInfo', (_name, threeRows) => {
  it('walks three rows two at a time: cursors frame each page, hasPreviousPage follows `after`', async () => {
    const org = await newOrg();
    const fetch = await threeRows(org.admin);

    const first = await fetch(org.admin, { first: 2 });
    expect(first.totalCount).toBe(3);
    expect(first.edges).toHaveLength(2);
    expect(first.pageInfo).toEqual({
      hasNextPage: true, hasPreviousPage: false, startCursor: first.edges[0].cursor, endCursor: first.edges[1].cursor,
    });

    const second = await fetch(org.admin, { first: 2, after: first.pageInfo.endCursor });
    expect(second.edges).toHaveLength(1);
    expect(second.edges[0].node.id).not.toBe(first.edges[1].node.id);
    expect(second.pageInfo).toEqual({
      hasNextPage: false, hasPreviousPage: true, startCursor: second.edges[0].cursor, endCursor: second.edges[0].cursor,
    });

    // Past the last row: an empty page after a given cursor.
    const past = await fetch(org.admin, { first: 2, after: second.pageInfo.endCursor });
    expect(past.edges).toEqual([]);
    expect(past.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
  });

  it('a null `after` is not given: the first page, without a previous one', async () => {
    const org = await newOrg();
    const fetch = await threeRows(org.admin);
    const page = await fetch(org.admin, { first: 3, after: null });
    expect(page.edges).toHaveLength(3);
    expect(page.pageInfo).toEqual({
      hasNextPage: false, hasPreviousPage: false, startCursor: page.edges[0].cursor, endCursor: page.edges[2].cursor,
    });
  });
});

it.each([['programs', programs], ['capitationContracts', contracts]] as const)(
  '%s of an organization with none: an empty page whose cursors are null', async (_name, fetch) => {
    const org = await newOrg();
    expect(await fetch(org.admin, { first: 5 })).toEqual({
      totalCount: 0, edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });
