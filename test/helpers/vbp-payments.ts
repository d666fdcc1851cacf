import { createProgram, PAYMENT_FIELDS } from './factories';
import { startTestApp, type TestApp } from './server';
import { newOrg } from './tokens';

export let app: TestApp;

/** Starts this test file's app (its own database) before its tests and closes it after. */
export function bootApp(): void {
  beforeAll(async () => { app = await startTestApp(); });
  afterAll(async () => { await app.close(); });
}

export const RECORD = `mutation ($programId: ID!, $input: IncentivePaymentInput!) {
  recordIncentivePayment(programId: $programId, input: $input) { ${PAYMENT_FIELDS} } }`;
export const UPDATE = `mutation ($id: ID!, $input: UpdateIncentivePaymentInput!) {
  updateIncentivePayment(id: $id, input: $input) { ${PAYMENT_FIELDS} } }`;
export const DELETE = 'mutation ($id: ID!) { deleteIncentivePayment(id: $id) }';
export const PAYMENT = `query ($id: ID!) { incentivePayment(id: $id) { ${PAYMENT_FIELDS} } }`;
export const PAYMENTS = `query ($id: ID!, $status: PaymentStatus) {
  program(id: $id) { incentivePayments(status: $status) { id paymentPeriod notes status } } }`;
export const SUMMARY = `query ($id: ID!) { program(id: $id) {
  summary { measureCount exceededCount notMetCount earnedTotal paidTotal outstandingTotal } } }`;
export const GAP_FIELDS = 'measureId gapToBenchmark performanceLevel program { id }';
export const DASHBOARD = `query ($period: String, $first: Int) { vbpDashboard(measurementPeriod: $period) {
  programCount activeProgramCount measureCount exceededCount notMetCount earnedTotal paidTotal outstandingTotal
  gaps(first: $first) { ${GAP_FIELDS} } } }`;
export const DASHBOARD_DEFAULT_FIRST = `query { vbpDashboard { gaps { measureId } } }`;

export const VALID = { paymentPeriod: '2025-Q1', earnedAmount: '1000.00', paidAmount: '750.00', status: 'PENDING' };

export async function newProgram() {
  const org = await newOrg();
  const program = await createProgram(app, org.admin);
  return { org, program };
}

export const readPayment = async (token: string, id: string) => (await app.gql(PAYMENT, { id }, token)).data?.incentivePayment ?? null;
export type Listed = { id: string; paymentPeriod: string; notes: string | null; status: string };
export const paymentsOf = async (token: string, programId: string, status?: string) =>
  (await app.gql(PAYMENTS, { id: programId, status }, token)).data.program.incentivePayments as Listed[];
export const summaryOf = async (token: string, programId: string) => (await app.gql(SUMMARY, { id: programId }, token)).data.program.summary;
export const dashboard = async (token: string, variables: { period?: string; first?: number } = {}) => {
  const res = await app.gql(DASHBOARD, variables, token);
  expect(res.errors).toBeUndefined();
  return res.data.vbpDashboard;
};

export const EMPTY_TOTALS = { earnedTotal: '0.00', paidTotal: '0.00', outstandingTotal: '0.00' };
