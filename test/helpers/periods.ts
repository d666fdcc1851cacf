import type { TestApp } from './server';
import type { TestOrg } from './tokens';

/** A contract with one enrolled member and its first three monthly periods. */
export async function threePeriods(app: TestApp, org: TestOrg): Promise<{ contractId: string; periodIds: string[] }> {
  const created = await app.gql('mutation ($input: CreateCapitationContractInput!) { createCapitationContract(input: $input) { id } }',
    { input: { name: 'HMO', pmpmRate: '45.10', effectiveFrom: '2025-01-01', payerId: 'payer-77' } }, org.admin);
  const contractId = created.data.createCapitationContract.id;
  await app.gql('mutation ($c: ID!) { recordRosterEvent(contractId: $c, input: { memberIdExternal: "PHI-MEMBER-1", eventType: ENROLL, effectiveDate: "2025-01-01" }) { id } }',
    { c: contractId }, org.admin);
  const periods = await app.gql('mutation ($c: ID!) { generateCapitationPeriods(contractId: $c, through: "2025-03-31") { id } }', { c: contractId }, org.admin);
  return { contractId, periodIds: periods.data.generateCapitationPeriods.map((p: { id: string }) => p.id) };
}

export const RECONCILE = `mutation ($p: ID!, $amount: Decimal!) {
  reconcileCapitationPeriod(periodId: $p, input: { receivedAmount: $amount, paymentDate: "2025-02-03" }) { id reconciledAt } }`;

export const unsent = async (app: TestApp) => (await app.db.withSession((s) => s.query<{ n: number }>('SELECT count(*)::int AS n FROM pm_outbox WHERE sent_at IS NULL')))[0].n;
