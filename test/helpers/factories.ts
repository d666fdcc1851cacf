import type { TestApp } from './server';

export const PROGRAM_FIELDS = `id organizationId name contractType measurementPeriod periodStart periodEnd status notes
  archived archivedAt createdAt updatedAt payer { id }`;
export const MEASURE_FIELDS = `id measureId measureName numerator denominator benchmark rate performanceLevel gapToBenchmark
  source lastSyncedAt program { id }`;
export const PAYMENT_FIELDS = 'id paymentPeriod earnedAmount paidAmount variance status notes program { id }';

/** Creates through GraphQL, failing the test loudly if the API refuses. */
async function must<T>(app: TestApp, token: string, query: string, variables: Record<string, unknown>, key: string): Promise<T> {
  const res = await app.gql(query, variables, token);
  if (res.errors?.length || !res.data?.[key]) throw new Error(`${key} failed: ${JSON.stringify(res.errors)}`);
  return res.data[key] as T;
}

export const createProgram = (app: TestApp, token: string, input: Record<string, unknown> = {}) =>
  must<{ id: string; [k: string]: unknown }>(app, token,
    `mutation ($input: CreateProgramInput!) { createProgram(input: $input) { ${PROGRAM_FIELDS} } }`,
    { input: { name: 'Shared Savings 2025', contractType: 'SHARED_SAVINGS', measurementPeriod: 'CY2025', ...input } },
    'createProgram');

export const addMeasure = (app: TestApp, token: string, programId: string, input: Record<string, unknown> = {}) =>
  must<{ id: string; [k: string]: unknown }>(app, token,
    `mutation ($programId: ID!, $input: MeasureInput!) { addMeasure(programId: $programId, input: $input) { ${MEASURE_FIELDS} } }`,
    { programId, input: { measureId: 'BCS', measureName: 'Breast Cancer Screening', numerator: 3, denominator: 4, benchmark: 0.75, ...input } },
    'addMeasure');

export const recordPayment = (app: TestApp, token: string, programId: string, input: Record<string, unknown> = {}) =>
  must<{ id: string; [k: string]: unknown }>(app, token,
    `mutation ($programId: ID!, $input: IncentivePaymentInput!) { recordIncentivePayment(programId: $programId, input: $input) { ${PAYMENT_FIELDS} } }`,
    { programId, input: { paymentPeriod: '2025-Q1', earnedAmount: '1000.00', paidAmount: '750.00', status: 'PENDING', ...input } },
    'recordIncentivePayment');

export const archiveProgram = (app: TestApp, token: string, id: string) =>
  must<{ id: string; archived: boolean; archivedAt: string }>(app, token,
    'mutation ($id: ID!) { archiveProgram(id: $id) { id archived archivedAt } }', { id }, 'archiveProgram');
