import { clEvent, INGEST } from '../helpers/cl-events';
import { startTestApp, type TestApp } from '../helpers/server';
import { newOrg, tokenFor } from '../helpers/tokens';

const logLines: string[] = [];
let app: TestApp;
beforeAll(async () => { app = await startTestApp({ production: true, logLines }); });
afterAll(async () => { await app.close(); });

const metrics = async () => {
  const response = await fetch(`${app.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text();
};
/** The value of one sample, 0 when absent. */
const sample = (text: string, name: string, labels = '') => {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line ? Number(line.split(' ').pop()) : 0;
};

describe('GET /metrics', () => {
  it('counts requests by operation and outcome, with latency', async () => {
    const org = await newOrg();
    const before = await metrics();
    await app.gql('query DashboardProbe { programs { totalCount } }', {}, org.staff);
    await app.gql('mutation DeleteProbe { deleteMeasure(id: "00000000-0000-4000-8000-000000000000") }', {}, org.staff);
    await app.gql('query DashboardProbe { programs { totalCount } }', {}, 'not-a-token');
    const after = await metrics();
    const ok = 'operation="DashboardProbe",outcome="ok"';
    expect(sample(after, 'pm_graphql_requests_total', ok) - sample(before, 'pm_graphql_requests_total', ok)).toBe(1);
    const forbidden = 'operation="DeleteProbe",outcome="FORBIDDEN"';
    expect(sample(after, 'pm_graphql_requests_total', forbidden) - sample(before, 'pm_graphql_requests_total', forbidden)).toBe(1);
    const unauthenticated = 'operation="unknown",outcome="UNAUTHENTICATED"';
    expect(sample(after, 'pm_graphql_requests_total', unauthenticated) - sample(before, 'pm_graphql_requests_total', unauthenticated)).toBe(1);
    expect(sample(after, 'pm_graphql_request_duration_seconds_count', ok)).toBeGreaterThanOrEqual(1);
  });

  it('keeps operation-name labels bounded: a name that is not an identifier counts as other', async () => {
    const org = await newOrg();
    await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${org.staff}` },
      body: JSON.stringify({ query: '{ programs { totalCount } }', operationName: 'M123 4567 89' }),
    });
    expect(await metrics()).not.toContain('M123');
  });

  it('shows the outbox backlog and age, the database pool, and the process', async () => {
    const text = await metrics();
    expect(text).toMatch(/^pm_outbox_backlog \d+$/m);
    expect(text).toMatch(/^pm_outbox_oldest_age_seconds [\d.e+-]+$/m);
    if (app.db.kind === 'postgres') expect(text).toMatch(/^pm_db_pool_connections\{state="total"\} \d+$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
  });

  it('counts CL events by channel and outcome', async () => {
    const org = await newOrg();
    const publisher = await tokenFor(org.orgId, ['service'], ['pm.quality.ingest']);
    const labels = 'channel="graphql",outcome="STORED"';
    const before = sample(await metrics(), 'pm_cl_events_total', labels);
    await app.gql(INGEST, { payload: JSON.stringify(clEvent(org.orgId)) }, publisher);
    expect(sample(await metrics(), 'pm_cl_events_total', labels) - before).toBe(1);
  });
});

describe('request logs', () => {
  it('log operation, outcome, duration, request id and organization, never the query, variables or token', async () => {
    const org = await newOrg();
    const memberId = 'MBR-LOGPROBE-0042';
    await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${org.admin}`, 'x-request-id': 'probe-request-1' },
      body: JSON.stringify({
        query: 'mutation Probe($c: ID!, $m: String!) { recordRosterEvent(contractId: $c, input: { memberIdExternal: $m, eventType: ENROLL, effectiveDate: "2025-01-01" }) { id } }',
        variables: { c: '00000000-0000-4000-8000-000000000000', m: memberId },
      }),
    });
    const line = logLines.map((l) => JSON.parse(l)).find((l) => l.requestId === 'probe-request-1' && l.msg === 'graphql request');
    expect(line).toMatchObject({ operation: 'Probe', outcome: 'NOT_FOUND', status: 200, orgId: org.orgId });
    expect(typeof line.durationMs).toBe('number');
    const all = logLines.join('\n');
    expect(all).not.toContain(memberId);
    expect(all).not.toContain(org.admin);
    expect(all).not.toContain('recordRosterEvent(');
  });
});
