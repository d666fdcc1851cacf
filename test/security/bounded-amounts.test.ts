import {
  app, bootApp, createContract, GENERATE, generate, members, pay, readPeriod, readPeriods, reconcile, roster, setRate,
} from '../helpers/capitation-periods';
import { expectRefused } from '../helpers/refusals';
import { newOrg } from '../helpers/tokens';

// Contract (Hostile input, version 2), "Bounded amounts": pmpmRate is at most 100000.00; a computed amount that
// would not fit is BAD_USER_INPUT naming the input that caused it, never INTERNAL_SERVER_ERROR, and the contract
// stays usable.

bootApp();

const sql = (text: string, params: unknown[]) => app.db.withSession((s) => s.query(text, params));
const CREATE = 'mutation ($input: CreateCapitationContractInput!) { createCapitationContract(input: $input) { id pmpmRate } }';
const UPDATE = 'mutation ($id: ID!, $r: Decimal!) { updateCapitationContract(id: $id, input: { pmpmRate: $r }) { id pmpmRate } }';

describe('pmpmRate', () => {
  it.each(['100000.01', '999999999999.99'])('%s is BAD_USER_INPUT on input.pmpmRate, on create and on update', async (rate) => {
    const org = await newOrg();
    const created = await app.gql(CREATE, { input: { name: 'HMO', pmpmRate: rate, effectiveFrom: '2025-01-01' } }, org.admin);
    expectRefused(created, 'BAD_USER_INPUT', 'input.pmpmRate');
    expect(created.errors![0].message).toBe('input.pmpmRate must be at most 100000.00');
    const id = await createContract(org);
    expectRefused(await app.gql(UPDATE, { id, r: rate }, org.admin), 'BAD_USER_INPUT', 'input.pmpmRate');
    const contracts = await app.gql('{ capitationContracts { edges { node { pmpmRate } } } }', {}, org.admin);
    expect(contracts.data.capitationContracts.edges).toEqual([{ node: { pmpmRate: '10.00' } }]);
  });

  it('100000.00 itself is accepted', async () => {
    const org = await newOrg();
    const created = await app.gql(CREATE, { input: { name: 'HMO', pmpmRate: '100000.00', effectiveFrom: '2025-01-01' } }, org.admin);
    expect(created.errors).toBeUndefined();
    expect(created.data.createCapitationContract.pmpmRate).toBe('100000.00');
  });
});

describe('computed amounts that would not fit', () => {
  it('a period whose expectedRevenue would reach 10^12 (a rate stored before the bound) is BAD_USER_INPUT on contractId; a lower rate mends it', async () => {
    const org = await newOrg();
    const id = await createContract(org);
    await roster(org, id, members(2));
    await sql('UPDATE pm_capitation_contracts SET pmpm_rate = 999999999999.99 WHERE id = $1::uuid', [id]);
    const refused = await app.gql(GENERATE, { id, through: '2025-02-28' }, org.admin);
    expectRefused(refused, 'BAD_USER_INPUT', 'contractId');
    expect(refused.errors![0].message).toMatch(/^expectedRevenue of 2025-01 \(enrolledMemberCount x pmpmRate\) would be 1000000000000\.00 or more/);
    expect(await readPeriods(org, id)).toEqual([]);
    await setRate(org, id, '100000.00');
    const periods = await generate(org, id, '2025-02-28');
    expect(periods.map((p: { expectedRevenue: string }) => p.expectedRevenue)).toEqual(['200000.00', '200000.00']);
  });

  it("a payment that would bring a period's receivedRevenue to 10^12 is BAD_USER_INPUT on input.receivedAmount; the period stays usable", async () => {
    const org = await newOrg();
    const id = await createContract(org, { pmpmRate: '100000.00' });
    await roster(org, id, members(1));
    const [period] = await generate(org, id, '2025-01-31');
    await pay(org, period.id, { receivedAmount: '999999999999.99', varianceDisposition: 'DISPUTED' });
    const refused = await reconcile(org.admin, period.id, { receivedAmount: '0.01' });
    expectRefused(refused, 'BAD_USER_INPUT', 'input.receivedAmount');
    expect(refused.errors![0].message).toBe("input.receivedAmount would bring the period's receivedRevenue to 1000000000000.00 or more");
    const after = await readPeriod(org.admin, period.id);
    expect([after.receivedRevenue, after.reconciliations.length]).toEqual(['999999999999.99', 1]);
    const zero = await pay(org, period.id, { receivedAmount: '0.00', varianceDisposition: 'DISPUTED' });
    expect(zero.expectedAmount).toBe('-999999899999.99');
  });

  it('a period whose stored expectedRevenue is 10^12 or more (stored before the bound) is BAD_USER_INPUT on periodId; regenerating mends it', async () => {
    const org = await newOrg();
    const id = await createContract(org);
    await roster(org, id, members(1));
    const [period] = await generate(org, id, '2025-01-31');
    await sql('UPDATE pm_capitation_periods SET expected_revenue = 2000000000000.00 WHERE id = $1::uuid', [period.id]);
    expectRefused(await reconcile(org.admin, period.id, { receivedAmount: '1.00' }), 'BAD_USER_INPUT', 'periodId');
    await generate(org, id, '2025-01-31');
    expect((await pay(org, period.id, { receivedAmount: '10.00' })).expectedAmount).toBe('10.00');
  });
});
