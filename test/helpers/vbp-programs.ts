import { archiveProgram, createProgram, MEASURE_FIELDS, PAYMENT_FIELDS, PROGRAM_FIELDS } from './factories';
import { startTestApp, type TestApp } from './server';
import { type TestOrg } from './tokens';

export let app: TestApp;

/** Starts this test file's app (its own database) before its tests and closes it after. */
export function bootApp(): void {
  beforeAll(async () => { app = await startTestApp(); });
  afterAll(async () => { await app.close(); });
}

export const CREATE = `mutation ($input: CreateProgramInput!) { createProgram(input: $input) { ${PROGRAM_FIELDS} } }`;
export const UPDATE = `mutation ($id: ID!, $input: UpdateProgramInput!) { updateProgram(id: $id, input: $input) { ${PROGRAM_FIELDS} } }`;
export const ARCHIVE = `mutation ($id: ID!) { archiveProgram(id: $id) { ${PROGRAM_FIELDS} } }`;
export const READ = `query ($id: ID!) { program(id: $id) { ${PROGRAM_FIELDS} } }`;
export const CHILDREN = `query ($id: ID!) { program(id: $id) { measures { ${MEASURE_FIELDS} } incentivePayments { ${PAYMENT_FIELDS} } } }`;
export const LIST = `query ($filter: ProgramFilter, $first: Int, $after: String) {
  programs(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name } } } }`;

export const BASE = { name: 'Shared Savings 2025', contractType: 'SHARED_SAVINGS', measurementPeriod: 'CY2025' };
export type Row = Record<string, unknown> & { id: string };

export const create = (token: string, input: Record<string, unknown>) => app.gql(CREATE, { input: { ...BASE, ...input } }, token);
export const update = (token: string, id: string, input: Record<string, unknown>) => app.gql(UPDATE, { id, input }, token);
export const read = async (token: string, id: string) => (await app.gql(READ, { id }, token)).data?.program as Row | null;
export async function list(token: string, variables: Record<string, unknown> = {}) {
  const res = await app.gql(LIST, { first: 100, ...variables }, token);
  expect(res.errors).toBeUndefined();
  return res.data.programs as { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: { id: string; name: string } }[] };
}
export const names = async (token: string, filter?: Record<string, unknown>) => (await list(token, { filter })).edges.map((e) => e.node.name);
export const countOf = async (token: string) => (await list(token)).totalCount;

export const programOf = (org: TestOrg, fields: Record<string, unknown>) => ({
  id: expect.any(String), organizationId: org.orgId, contractType: 'SHARED_SAVINGS', status: 'ACTIVE', notes: null,
  archived: false, archivedAt: null, createdAt: expect.any(String), updatedAt: expect.any(String), payer: null, ...fields,
});
