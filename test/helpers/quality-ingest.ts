import { createHash } from 'node:crypto';
import { clEvent, INGEST } from './cl-events';
import { startTestApp, type GraphQLResponse, type TestApp } from './server';
import { newOrg, tokenFor } from './tokens';
import { type ClListener, startClListener } from '../../src/quality/cl-listener';
import { postgresEventBus } from '../../src/platform/events/bus';
import { createLogger } from '../../src/platform/log';

// Contract README, Events, "In: cl_quality_measure_period_calculated": every rule from outside, on both paths.

export let app: TestApp;
export let listener: ClListener;

/** Starts this test file's app (its own database) before its tests and closes it after. */
export function bootApp(): void {
  beforeAll(async () => {
    app = await startTestApp();
    listener = await startClListener({ db: app.db, log: createLogger('silent'), bus: postgresEventBus(app.db) });
  });
  afterAll(async () => {
    await listener.stop();
    await app.close();
  });
}

export type Org = Awaited<ReturnType<typeof newOrg>> & { publisher: string };
export type Inbox = { organization_id: string | null; channel: string; event_type: string; outcome: string; reason: string | null };
export type Delivery = { inbox?: Inbox; res?: GraphQLResponse };
export type Path = 'graphql' | 'cl_events';
export const PATHS: Path[] = ['graphql', 'cl_events'];

export const org = async (): Promise<Org> => {
  const o = await newOrg();
  return { ...o, publisher: await tokenFor(o.orgId, ['service'], ['pm.quality.ingest']) };
};
export const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => app.db.withSession((s) => s.query<T>(text, params));
export const sha256 = (raw: string) => createHash('sha256').update(raw, 'utf8').digest('hex');
export const inboxOf = (raw: string) => sql<Inbox>(
  'SELECT organization_id, channel, event_type, outcome, reason FROM pm_inbox WHERE payload_sha256 = $1 ORDER BY received_at', [sha256(raw)]);
export const storedCount = async (orgId: string) =>
  Number((await sql<{ n: string }>('SELECT count(*) AS n FROM pm_quality_measure_results WHERE organization_id = $1', [orgId]))[0].n);
export const event = (o: { orgId: string }, overrides: Record<string, unknown> = {}) => JSON.stringify(clEvent(o.orgId, overrides));
export const without = (o: { orgId: string }, key: string) => {
  const e: Record<string, unknown> = clEvent(o.orgId);
  delete e[key];
  return JSON.stringify(e);
};

/**
 * Sends through the mutation (the org's publisher; its inbox record is committed before the response) or a superuser
 * NOTIFY on cl_events (polled for, at most 5 s). `inbox` is this delivery's pm_inbox record, undefined when none came.
 */
export async function deliver(path: Path, o: Org, raw: string): Promise<Delivery> {
  const before = (await inboxOf(raw)).length;
  if (path === 'graphql') {
    const res = await app.gql(INGEST, { payload: raw }, o.publisher);
    return { res, inbox: (await inboxOf(raw))[before] };
  }
  await sql('SELECT pg_notify($1, $2)', ['cl_events', raw]);
  for (let i = 0; i < 200; i++) {
    const rows = await inboxOf(raw);
    if (rows.length > before) return { inbox: rows[before] };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {};
}

export const RESULT_FIELDS = 'organizationId measureId periodStart periodEnd denominatorCount numeratorCount rate calculatedAt receivedAt sourceSystem';
export const results = (token: string, periodStart = '2025-01-01', periodEnd = '2025-12-31') => app.gql(
  `query ($a: Date!, $b: Date!) { qualityMeasureResults(periodStart: $a, periodEnd: $b) { ${RESULT_FIELDS} } }`, { a: periodStart, b: periodEnd }, token);
export const resultsOf = async (o: Org, start?: string, end?: string) => {
  const res = await results(o.staff, start, end);
  expect(res.errors).toBeUndefined();
  return res.data.qualityMeasureResults as Record<string, unknown>[];
};
export const measureState = async (token: string, id: string) =>
  (await app.gql('query ($id: ID!) { measure(id: $id) { numerator denominator rate lastSyncedAt } }', { id }, token)).data.measure;
