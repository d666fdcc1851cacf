import { app, bootApp, createContract, readPeriods } from '../helpers/capitation-periods';
import { expectRefused } from '../helpers/refusals';
import { newOrg } from '../helpers/tokens';

// Contract (Hostile input, version 2), "Bounded work before refusal": generateCapitationPeriods creates at most
// 600 months per call, counted from the first month it would create (not from effectiveFrom), and refuses a
// larger span before doing any work.

bootApp();

const GENERATE = 'mutation ($id: ID!, $through: Date!) { generateCapitationPeriods(contractId: $id, through: $through) { periodStartDate } }';
const generate = (token: string, id: string, through: string) => app.gql(GENERATE, { id, through }, token);

describe('generateCapitationPeriods: the 600-month window', () => {
  it('a through in year 9999 is BAD_USER_INPUT on through, counted from the first month to create, and creates nothing', async () => {
    const org = await newOrg();
    const id = await createContract(org, { effectiveFrom: '2025-01-15' });
    const res = await generate(org.admin, id, '9999-12-31');
    expectRefused(res, 'BAD_USER_INPUT', 'through');
    expect(res.errors![0].message).toBe('through is 95700 months after 2025-01, the first month without a period; one call creates at most 600');
    expect(await readPeriods(org, id)).toEqual([]);
  });

  it('a contract signed 50 years ago still gets its next periods; the window starts at its first month without one', async () => {
    const org = await newOrg();
    const id = await createContract(org, { effectiveFrom: '1975-01-01' });
    const first = await generate(org.admin, id, '2024-12-31');
    expect(first.errors).toBeUndefined();
    expect(first.data.generateCapitationPeriods).toHaveLength(600);

    const next = await generate(org.admin, id, '2025-01-31');
    expect(next.errors).toBeUndefined();
    const all = next.data.generateCapitationPeriods.map((p: { periodStartDate: string }) => p.periodStartDate);
    expect([all.length, all[0], all.at(-1)]).toEqual([601, '1975-01-01', '2025-01-01']);

    // From 2025-02 (the first month without a period): 600 months reach 2075-01, 601 do not.
    const tooFar = await generate(org.admin, id, '2075-02-01');
    expectRefused(tooFar, 'BAD_USER_INPUT', 'through');
    expect(tooFar.errors![0].message).toBe('through is 601 months after 2025-02, the first month without a period; one call creates at most 600');
    expect(await readPeriods(org, id)).toHaveLength(601);
  });

  it('a gap counts: the window starts at a missing month before the ones that exist', async () => {
    const org = await newOrg();
    const id = await createContract(org, { effectiveFrom: '2025-03-01' });
    expect((await generate(org.admin, id, '2025-04-30')).errors).toBeUndefined();
    // effectiveFrom moved back 60 years: its first months have no period yet.
    const moved = await app.gql('mutation ($id: ID!) { updateCapitationContract(id: $id, input: { effectiveFrom: "1965-03-01" }) { id } }', { id }, org.admin);
    expect(moved.errors).toBeUndefined();
    const res = await generate(org.admin, id, '2025-04-30');
    expectRefused(res, 'BAD_USER_INPUT', 'through');
    expect(res.errors![0].message).toBe('through is 722 months after 1965-03, the first month without a period; one call creates at most 600');
  });
});

describe('capitationRevenue: at most 120 months, counted before any is listed', () => {
  it('from year 1 to year 9999 is BAD_USER_INPUT on to', async () => {
    const org = await newOrg();
    const res = await app.gql('query { capitationRevenue(from: "0001-01-01", to: "9999-12-31") { month } }', {}, org.admin);
    expectRefused(res, 'BAD_USER_INPUT', 'to');
  });
});
