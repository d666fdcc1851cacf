import { serviceDatabase, type ServiceDatabase, startServiceProcess } from '../helpers/service-process';
import { newOrg, type TestOrg } from '../helpers/tokens';

/**
 * SIGTERM while a roster import is being written (a long, single-transaction
 * mutation): the import is either fully there or not there at all, and an
 * acknowledged import is always fully there. With the default grace period the
 * request finishes and is acknowledged; with none it is cut, and rolls back or
 * had already committed, never half of it.
 */
const ROWS = 20_000;
const csv = ['memberIdExternal,eventType,effectiveDate', ...Array.from({ length: ROWS }, (_, i) => `M${String(i).padStart(9, '0')},ENROLL,2025-01-01`)].join('\n');

async function gql(url: string, token: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: unknown[] };
}

async function importDuringSigterm(database: ServiceDatabase, org: TestOrg, env: Record<string, string>) {
  const service = await startServiceProcess({ ...database.env, ...env });
  const created = await gql(service.url, org.admin, 'mutation { createCapitationContract(input: { name: "HMO", pmpmRate: "40.00", effectiveFrom: "2025-01-01" }) { id } }');
  const contractId = created.data.createCapitationContract.id as string;

  const importing = gql(service.url, org.admin, 'mutation ($c: ID!, $csv: String!) { importRosterCsv(contractId: $c, csv: $csv) { accepted rejected } }', { c: contractId, csv })
    .then((body) => ({ acknowledged: body.data?.importRosterCsv?.accepted === ROWS, body }), (error: Error) => ({ acknowledged: false, body: error.message }));
  // SIGTERM once the import's transaction is under way.
  await new Promise((resolve) => setTimeout(resolve, 300));
  service.child.kill('SIGTERM');
  const outcome = await importing;
  const exitCode = await service.exited;
  const [{ count }] = await database.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM pm_capitation_roster_events WHERE contract_id = '${contractId}'`,
  );
  return { ...outcome, exitCode, stored: count, logs: service.logs };
}

describe('SIGTERM during a mutation', () => {
  let database: ServiceDatabase;
  beforeEach(async () => { database = await serviceDatabase(); });
  afterEach(async () => { await database.drop(); });

  it('lets it finish within the grace period, answers it, then stops the relay, listener and pool and exits 0', async () => {
    const result = await importDuringSigterm(database, await newOrg(), {});
    expect(result.logs.filter((l) => (l.level as number) >= 40)).toEqual([]);
    expect(result.acknowledged).toBe(true);
    expect(result.stored).toBe(ROWS);
    expect(result.exitCode).toBe(0);
    const messages = result.logs.map((l) => l.msg);
    expect(messages).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
    expect(messages.indexOf('stopped')).toBeGreaterThan(messages.indexOf('shutting down'));
  });

  it('with no grace period cuts it, and then it is either all there or not at all', async () => {
    const result = await importDuringSigterm(database, await newOrg(), { SHUTDOWN_GRACE_MS: '0' });
    expect([0, ROWS]).toContain(result.stored);
    if (result.acknowledged) expect(result.stored).toBe(ROWS);
    expect(result.exitCode).not.toBeNull();
  });
});
