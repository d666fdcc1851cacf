import { postgresEventBus } from '../../src/platform/events/bus';
import { createHash } from 'node:crypto';
import { clEvent, INGEST } from '../helpers/cl-events';
import { addMeasure, archiveProgram, createProgram } from '../helpers/factories';
import { codes, startTestApp, type GraphQLResponse, type TestApp } from '../helpers/server';
import { newOrg, tokenFor } from '../helpers/tokens';
import { type ClListener, startClListener } from '../../src/quality/cl-listener';
import { createLogger } from '../../src/platform/log';

// Contract README, Events, "In: cl_quality_measure_period_calculated": every rule from outside, on both paths.

let app: TestApp;
let listener: ClListener;
beforeAll(async () => {
  app = await startTestApp();
  listener = await startClListener({ db: app.db, log: createLogger('silent'), bus: postgresEventBus(app.db) });
});
afterAll(async () => {
  await listener.stop();
  await app.close();
});

type Org = Awaited<ReturnType<typeof newOrg>> & { publisher: string };
type Inbox = { organization_id: string | null; channel: string; event_type: string; outcome: string; reason: string | null };
type Delivery = { inbox?: Inbox; res?: GraphQLResponse };
type Path = 'graphql' | 'cl_events';
const PATHS: Path[] = ['graphql', 'cl_events'];

const org = async (): Promise<Org> => {
  const o = await newOrg();
  return { ...o, publisher: await tokenFor(o.orgId, ['service'], ['pm.quality.ingest']) };
};
const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => app.db.withSession((s) => s.query<T>(text, params));
const sha256 = (raw: string) => createHash('sha256').update(raw, 'utf8').digest('hex');
const inboxOf = (raw: string) => sql<Inbox>(
  'SELECT organization_id, channel, event_type, outcome, reason FROM pm_inbox WHERE payload_sha256 = $1 ORDER BY received_at', [sha256(raw)]);
const storedCount = async (orgId: string) =>
  Number((await sql<{ n: string }>('SELECT count(*) AS n FROM pm_quality_measure_results WHERE organization_id = $1', [orgId]))[0].n);
const event = (o: { orgId: string }, overrides: Record<string, unknown> = {}) => JSON.stringify(clEvent(o.orgId, overrides));
const without = (o: { orgId: string }, key: string) => {
  const e: Record<string, unknown> = clEvent(o.orgId);
  delete e[key];
  return JSON.stringify(e);
};

/**
 * Sends through the mutation (the org's publisher; its inbox record is committed before the response) or a superuser
 * NOTIFY on cl_events (polled for, at most 5 s). `inbox` is this delivery's pm_inbox record, undefined when none came.
 */
async function deliver(path: Path, o: Org, raw: string): Promise<Delivery> {
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

const RESULT_FIELDS = 'organizationId measureId periodStart periodEnd denominatorCount numeratorCount rate calculatedAt receivedAt sourceSystem';
const results = (token: string, periodStart = '2025-01-01', periodEnd = '2025-12-31') => app.gql(
  `query ($a: Date!, $b: Date!) { qualityMeasureResults(periodStart: $a, periodEnd: $b) { ${RESULT_FIELDS} } }`, { a: periodStart, b: periodEnd }, token);
const resultsOf = async (o: Org, start?: string, end?: string) => {
  const res = await results(o.staff, start, end);
  expect(res.errors).toBeUndefined();
  return res.data.qualityMeasureResults as Record<string, unknown>[];
};
const measureState = async (token: string, id: string) =>
  (await app.gql('query ($id: ID!) { measure(id: $id) { numerator denominator rate lastSyncedAt } }', { id }, token)).data.measure;

describe.each(PATHS)('through %s', (path) => {
  it.each([
    { numerator_count: 1, denominator_count: 3, rate: 0.9, expected: 0.3333 },
    { numerator_count: 2, denominator_count: 3, rate: 0.1, expected: 0.6667 },
    { numerator_count: 3, denominator_count: 160, rate: 0, expected: 0.0188 }, // 0.01875 half-up; binary float gives 0.0187
    { numerator_count: 1, denominator_count: 2147483647, rate: 1, expected: 0 },
    { numerator_count: 2147483647, denominator_count: 2147483647, expected: 1 },
  ])('stores $numerator_count/$denominator_count with rate $expected (the event rate is only range-checked)', async ({ expected, ...counts }) => {
    const o = await org();
    const raw = event(o, { ...counts, timestamp: '2026-01-05T11:30:00.250+01:00', metadata: { source_system: 'EPIC', initial_population_count: 7 } });
    const { inbox, res } = await deliver(path, o, raw);
    expect(inbox).toEqual({ organization_id: o.orgId, channel: path, event_type: 'cl_quality_measure_period_calculated', outcome: 'STORED', reason: null });
    const stored = {
      organizationId: o.orgId, measureId: 'HEDIS_AMM', periodStart: '2025-01-01', periodEnd: '2025-12-31',
      denominatorCount: counts.denominator_count, numeratorCount: counts.numerator_count, rate: expected,
      calculatedAt: '2026-01-05T10:30:00.250Z', receivedAt: expect.any(String), sourceSystem: 'EPIC',
    };
    if (res) expect(res).toEqual({ status: 200, data: { ingestQualityMeasurePeriod: stored }, errors: undefined });
    const listed = await resultsOf(o);
    expect(listed).toEqual([stored]);
    expect(Number.isNaN(Date.parse(listed[0].receivedAt as string))).toBe(false);
    expect(await sql('SELECT version FROM pm_quality_measure_results WHERE organization_id = $1', [o.orgId])).toEqual([{ version: '1.0' }]);
  });

  it('keeps a given version, and sourceSystem is null without metadata', async () => {
    const o = await org();
    const raw = JSON.stringify({ ...JSON.parse(event(o, { version: '2.1' })), metadata: undefined });
    expect((await deliver(path, o, raw)).inbox?.outcome).toBe('STORED');
    expect(await resultsOf(o)).toMatchObject([{ sourceSystem: null, rate: 0.75 }]);
    expect(await sql('SELECT version FROM pm_quality_measure_results WHERE organization_id = $1', [o.orgId])).toEqual([{ version: '2.1' }]);
  });

  it.each([
    '2026-01-05T10:00:00.000Z',
    '2026-01-05T11:00:00+01:00',
    '2026-01-05T10:00:00.123556+00:00', // microseconds, as Python's isoformat() writes them
  ])('a redelivery (timestamp %s) changes nothing and is recorded DUPLICATE', async (timestamp) => {
    const o = await org();
    const raw = event(o, { timestamp });
    expect((await deliver(path, o, raw)).inbox?.outcome).toBe('STORED');
    const first = await resultsOf(o);
    const again = await deliver(path, o, raw);
    expect(again.inbox).toMatchObject({ outcome: 'DUPLICATE', reason: null, organization_id: o.orgId });
    if (again.res) expect(again.res.data.ingestQualityMeasurePeriod).toEqual(first[0]);
    expect(await resultsOf(o)).toEqual(first);
  });

  it('a newer timestamp replaces the result and resyncs; an older one is ignored (STALE)', async () => {
    const o = await org();
    const program = await createProgram(app, o.admin, { measurementPeriod: 'CY2025' });
    const clinical = await addMeasure(app, o.admin, program.id, { measureId: 'amm', source: 'CLINICAL', numerator: 1, denominator: 2 });
    await deliver(path, o, event(o));
    const synced = await measureState(o.admin, clinical.id);
    expect(synced).toMatchObject({ numerator: 90, denominator: 120, rate: 0.75 });

    const newer = await deliver(path, o, event(o, { timestamp: '2026-02-01T00:00:00Z', numerator_count: 100, metadata: { source_system: 'CERNER' } }));
    expect(newer.inbox?.outcome).toBe('REPLACED');
    const replaced = await resultsOf(o);
    expect(replaced).toMatchObject([{ numeratorCount: 100, denominatorCount: 120, rate: 0.8333, calculatedAt: '2026-02-01T00:00:00.000Z', sourceSystem: 'CERNER' }]);
    expect(await measureState(o.admin, clinical.id)).toMatchObject({ numerator: 100, denominator: 120 });
    const resynced = await measureState(o.admin, clinical.id);

    const older = await deliver(path, o, event(o, { timestamp: '2026-01-20T00:00:00Z', numerator_count: 10, denominator_count: 20 }));
    expect(older.inbox).toMatchObject({ outcome: 'STALE', reason: null });
    if (older.res) expect(older.res.errors).toBeUndefined();
    expect(await resultsOf(o)).toEqual(replaced);
    expect(await measureState(o.admin, clinical.id)).toEqual(resynced);
    expect(await storedCount(o.orgId)).toBe(1);
  });

  it('stores denominator_count 0 with rate null and syncs no measure', async () => {
    const o = await org();
    const program = await createProgram(app, o.admin, { measurementPeriod: 'CY2025' });
    const clinical = await addMeasure(app, o.admin, program.id, { measureId: 'HEDIS_AMM', source: 'CLINICAL', numerator: 1, denominator: 2 });
    const { inbox } = await deliver(path, o, event(o, { numerator_count: 0, denominator_count: 0, rate: 0 }));
    expect(inbox?.outcome).toBe('STORED');
    expect(await resultsOf(o)).toMatchObject([{ numeratorCount: 0, denominatorCount: 0, rate: null }]);
    expect(await measureState(o.admin, clinical.id)).toEqual({ numerator: 1, denominator: 2, rate: 0.5, lastSyncedAt: null });
  });

  it('syncs exactly the CLINICAL measures of non-archived programs of the same period, organization and code', async () => {
    const [o, other] = [await org(), await org()];
    const cy = await createProgram(app, o.admin, { measurementPeriod: 'CY2025' });
    const explicit = await createProgram(app, o.admin, { measurementPeriod: 'Contract year 1', periodStart: '2025-01-01', periodEnd: '2025-12-31' });
    const archived = await createProgram(app, o.admin, { measurementPeriod: 'CY2025' });
    const quarter = await createProgram(app, o.admin, { measurementPeriod: '2025-Q1' });
    const undated = await createProgram(app, o.admin, { measurementPeriod: 'Contract year 1' });
    expect(undated).toMatchObject({ periodStart: null, periodEnd: null });
    const foreign = await createProgram(app, other.admin, { measurementPeriod: 'CY2025' });
    const add = (token: string, programId: string, measureId: string, source = 'CLINICAL') =>
      addMeasure(app, token, programId, { measureId, source, numerator: 1, denominator: 2 });
    const synced = [await add(o.admin, cy.id, 'amm'), await add(o.admin, explicit.id, 'HEDIS_amm')];
    const untouched = [
      await add(o.admin, cy.id, 'HEDIS_AMM', 'MANUAL'), await add(o.admin, cy.id, 'BCS'), await add(o.admin, cy.id, 'HEDIS_HEDIS_AMM'),
      await add(o.admin, archived.id, 'amm'), await add(o.admin, quarter.id, 'amm'), await add(o.admin, undated.id, 'amm'),
    ];
    const foreignMeasure = await add(other.admin, foreign.id, 'amm');
    await archiveProgram(app, o.admin, archived.id);

    expect((await deliver(path, o, event(o))).inbox?.outcome).toBe('STORED');
    for (const m of synced) {
      const state = await measureState(o.admin, m.id);
      expect(state).toMatchObject({ numerator: 90, denominator: 120, rate: 0.75 });
      expect(Number.isNaN(Date.parse(state.lastSyncedAt))).toBe(false);
    }
    for (const m of untouched) expect(await measureState(o.admin, m.id)).toEqual({ numerator: 1, denominator: 2, rate: 0.5, lastSyncedAt: null });
    expect(await measureState(other.admin, foreignMeasure.id)).toEqual({ numerator: 1, denominator: 2, rate: 0.5, lastSyncedAt: null });
  });
});

// Each hostile event carries distinctive values that must never reach pm_inbox, the results table or an error.
const SECRET = 'Zelda Quagmire-Fitzgerald';
const HOSTILE: { name: string; raw: (o: Org) => string; key: string; exact?: string; secrets?: string[] }[] = [
  { name: 'a disallowed key in the payload', raw: (o) => event(o, { patient_name: SECRET }), key: "'patient_name'",
    exact: "Event validation failed: disallowed key 'patient_name'" },
  { name: 'a disallowed key in metadata', raw: (o) => event(o, { metadata: { source_system: SECRET, patient_count: 73914682 } }),
    key: "'patient_count'", exact: "Metadata validation failed: disallowed key 'patient_count'", secrets: ['73914682'] },
  { name: 'a disallowed key too long to quote whole', raw: (o) => event(o, { [`x${'y'.repeat(600)}`]: SECRET }), key: 'disallowed key' },
  { name: 'a disallowed key holding a NUL character', raw: (o) => event(o, { 'patient\u0000name': SECRET }), key: 'disallowed key' },
  { name: 'a string count', raw: (o) => event(o, { numerator_count: '73914682' }), key: "'numerator_count'", secrets: ['73914682'] },
  { name: 'a fractional count', raw: (o) => event(o, { denominator_count: 120.73914682 }), key: "'denominator_count'", secrets: ['73914682'] },
  { name: 'a numeric measure_id', raw: (o) => event(o, { measure_id: 73914682 }), key: "'measure_id'", secrets: ['73914682'] },
  { name: 'a measure_id with a space', raw: (o) => event(o, { measure_id: SECRET }), key: "'measure_id'" },
  { name: 'a missing measure_id', raw: (o) => without(o, 'measure_id'), key: "'measure_id'" },
  { name: 'metadata of the wrong type', raw: (o) => event(o, { metadata: SECRET }), key: "'metadata'" },
  { name: 'a non-string source_system', raw: (o) => event(o, { metadata: { source_system: [SECRET] } }), key: "'source_system'",
    exact: "Metadata validation failed: 'source_system' must be of type string" },
  { name: 'a malformed site_id', raw: (o) => event(o, { site_id: SECRET }), key: "'site_id'" },
  { name: 'a malformed organization_id', raw: () => JSON.stringify(clEvent(SECRET)), key: "'organization_id'" },
  { name: 'numerator above denominator', raw: (o) => event(o, { numerator_count: 73914683, denominator_count: 73914682 }),
    key: "'numerator_count'", secrets: ['73914683', '73914682'] },
  { name: 'a count above 2147483647', raw: (o) => event(o, { denominator_count: 9876543210 }), key: "'denominator_count'", secrets: ['9876543210'] },
  { name: 'a metadata count above 2147483647', raw: (o) => event(o, { metadata: { initial_population_count: 2147483648 } }),
    key: "'initial_population_count'", secrets: ['2147483648'] },
  { name: 'a negative count', raw: (o) => event(o, { numerator_count: -73914682 }), key: "'numerator_count'", secrets: ['73914682'] },
  { name: 'a negative metadata count', raw: (o) => event(o, { metadata: { numerator_exclusion_count: -73914682 } }),
    key: "'numerator_exclusion_count'", secrets: ['73914682'] },
  { name: 'an impossible period_start', raw: (o) => event(o, { period_start: '2025-02-30' }), key: "'period_start'", secrets: ['2025-02-30'] },
  { name: 'a month 13 period_end', raw: (o) => event(o, { period_end: '2025-13-01' }), key: "'period_end'", secrets: ['2025-13-01'] },
  { name: 'a period date with a time', raw: (o) => event(o, { period_start: '2025-01-01T00:00:00Z' }), key: "'period_start'" },
  { name: 'a timestamp without a time', raw: (o) => event(o, { timestamp: '2031-07-19' }), key: "'timestamp'", secrets: ['2031-07-19'] },
  { name: 'a timestamp on an impossible day', raw: (o) => event(o, { timestamp: '2031-02-30T10:00:00Z' }), key: "'timestamp'", secrets: ['2031-02-30'] },
  { name: 'a timestamp of year 0', raw: (o) => event(o, { timestamp: '0000-01-01T00:00:00Z' }), key: "'timestamp'" },
  { name: 'a processing_timestamp on an impossible day', raw: (o) => event(o, { metadata: { processing_timestamp: '2031-02-30T10:00:00Z' } }),
    key: "'processing_timestamp'", secrets: ['2031-02-30'] },
  { name: 'a free-text processing_timestamp', raw: (o) => event(o, { metadata: { processing_timestamp: SECRET } }), key: "'processing_timestamp'" },
  { name: 'period_end before period_start', raw: (o) => event(o, { period_start: '2031-07-19', period_end: '2031-07-18' }),
    key: "'period_end'", secrets: ['2031-07-19', '2031-07-18'] },
  { name: 'rate above 1', raw: (o) => event(o, { rate: 1.73914682 }), key: "'rate'", secrets: ['73914682'] },
  { name: 'rate below 0', raw: (o) => event(o, { rate: -0.73914682 }), key: "'rate'", secrets: ['73914682'] },
  { name: 'a string rate', raw: (o) => event(o, { rate: '0.73914682' }), key: "'rate'", secrets: ['73914682'] },
  { name: 'another event_type', raw: (o) => event(o, { event_type: 'cl_zelda_quagmire_event' }), key: "'event_type'", secrets: ['zelda'] },
  { name: 'a missing event_type', raw: (o) => without(o, 'event_type'), key: "'event_type'" },
  { name: 'a payload that is not JSON', raw: () => `{"patient": "${SECRET}"`, key: 'JSON' },
  { name: 'a JSON array', raw: () => JSON.stringify([SECRET]), key: 'JSON object' },
  { name: 'an empty payload', raw: () => '', key: 'JSON' },
];

describe.each(PATHS)('through %s, a hostile event is rejected, stores nothing and leaks none of its values', (path) => {
  it.each(HOSTILE)('$name', async ({ raw, key, exact, secrets = [] }) => {
    const o = await org();
    const payload = raw(o);
    const { inbox, res } = await deliver(path, o, payload);
    if (res) {
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe('input.payload');
      expect(res.data).toBeNull();
    }
    expect(inbox ?? 'no pm_inbox record within 5 s').toMatchObject({ channel: path, outcome: 'REJECTED', organization_id: path === 'graphql' ? o.orgId : null });
    expect(inbox!.reason).toContain(key);
    if (exact) expect(inbox!.reason).toBe(exact);
    if (res) expect(res.errors![0].message).toBe(inbox!.reason);
    expect(await storedCount(o.orgId)).toBe(0);
    const everywhere = JSON.stringify([res, await sql('SELECT * FROM pm_inbox'), await sql('SELECT * FROM pm_quality_measure_results')]);
    for (const secret of [SECRET, ...secrets]) expect(everywhere.toLowerCase()).not.toContain(secret.toLowerCase());
  });
});

describe('organization', () => {
  it('through the mutation, an event of another organization is FORBIDDEN and stored nowhere', async () => {
    const [o, other] = [await org(), await org()];
    const raw = event(other);
    const { res, inbox } = await deliver('graphql', o, raw);
    expect(codes(res!)).toEqual(['FORBIDDEN']);
    expect(res!.data).toBeNull();
    expect(inbox).toMatchObject({ outcome: 'REJECTED', organization_id: o.orgId });
    expect(inbox!.reason).toContain('organization_id');
    expect([await storedCount(o.orgId), await storedCount(other.orgId)]).toEqual([0, 0]);
  });

  it.each([
    ['as published', (id: string) => id],
    ['upper-cased', (id: string) => id.toUpperCase()],
  ])('on cl_events, any organization is accepted (%s): stored under it, seen only by it', async (_, spell) => {
    const [o, bystander] = [await org(), await org()];
    const { inbox } = await deliver('cl_events', bystander, JSON.stringify(clEvent(spell(o.orgId))));
    expect(inbox).toMatchObject({ outcome: 'STORED', organization_id: o.orgId });
    expect(await resultsOf(o)).toMatchObject([{ organizationId: o.orgId, measureId: 'HEDIS_AMM' }]);
    expect(await resultsOf(bystander)).toEqual([]);
    expect(await storedCount(bystander.orgId)).toBe(0);
  });
});

it.each([
  ['HEDIS_AMM', 'amm', true], ['amm', 'HEDIS_amm', true], ['Hedis_Amm', 'hedis_AMM', true], ['AMM', 'AMM', true],
  ['HEDIS_AMM', 'HEDIS_HEDIS_AMM', false], ['HEDIS_HEDIS_AMM', 'amm', false], ['HEDIS_AMM', 'XHEDIS_AMM', false],
  ['HEDIS-AMM', 'amm', false], ['HEDIS_AMM', 'AMMX', false],
])('event measure %s and CLINICAL measure %s match: %s', async (eventId, measureId, matches) => {
  const o = await org();
  const program = await createProgram(app, o.admin, { measurementPeriod: '2025' });
  const m = await addMeasure(app, o.admin, program.id, { measureId, source: 'CLINICAL', numerator: 1, denominator: 2 });
  expect((await deliver('graphql', o, event(o, { measure_id: eventId }))).inbox?.outcome).toBe('STORED');
  expect(await measureState(o.admin, m.id)).toMatchObject(matches ? { numerator: 90, denominator: 120 } : { numerator: 1, denominator: 2, lastSyncedAt: null });
});

describe('qualityMeasureResults', () => {
  const seed = async (o: Org) => {
    for (const [measure_id, period_start, period_end] of [
      ['amm', '2025-01-01', '2025-12-31'], ['BCS', '2025-01-01', '2025-12-31'], ['AMM', '2025-04-01', '2025-06-30'],
      ['AMM', '2025-01-01', '2025-03-31'], ['AMM', '2024-12-01', '2025-01-31'], ['CDC', '2025-07-01', '2026-01-31'],
    ]) expect((await deliver('graphql', o, event(o, { measure_id, period_start, period_end }))).inbox?.outcome).toBe('STORED');
  };
  const keys = (rows: Record<string, unknown>[]) => rows.map((r) => `${r.measureId} ${r.periodStart}..${r.periodEnd}`);

  it('lists the results whose period lies within the range, by measureId (bytes) then periodStart', async () => {
    const [o, other] = [await org(), await org()];
    await seed(o);
    await deliver('graphql', other, event(other, { measure_id: 'AAA' }));
    expect(keys(await resultsOf(o))).toEqual(['AMM 2025-01-01..2025-03-31', 'AMM 2025-04-01..2025-06-30', 'BCS 2025-01-01..2025-12-31', 'amm 2025-01-01..2025-12-31']);
    expect(keys(await resultsOf(o, '2025-01-01', '2025-03-31'))).toEqual(['AMM 2025-01-01..2025-03-31']);
    expect(keys(await resultsOf(o, '2024-12-01', '2026-01-31'))).toHaveLength(6);
    expect(await resultsOf(o, '2030-01-01', '2030-12-31')).toEqual([]);
    for (const token of [o.admin, o.siteAdmin]) expect((await results(token)).data.qualityMeasureResults).toHaveLength(4);
  });

  it('refuses periodEnd before periodStart', async () => {
    const res = await results((await org()).staff, '2025-12-31', '2025-01-01');
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.field).toMatch(/periodEnd/);
  });

  it('needs pm.vbp.view: the publisher may not list, though it reads what its mutation returns', async () => {
    const o = await org();
    const ingested = await app.gql(INGEST, { payload: event(o) }, o.publisher);
    expect(ingested.errors).toBeUndefined();
    expect(ingested.data.ingestQualityMeasurePeriod).toMatchObject({ organizationId: o.orgId, numeratorCount: 90 });
    const listed = await results(o.publisher);
    expect(codes(listed)).toEqual(['FORBIDDEN']);
    expect(listed.data).toBeNull();
    expect(codes(await results(o.service))).toEqual(['FORBIDDEN']);
    expect(codes(await results(''))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('_entities', () => {
  const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on QualityMeasureResult { ${RESULT_FIELDS} } } }`;
  const key = (orgId: string, overrides: Record<string, unknown> = {}) => ({
    __typename: 'QualityMeasureResult', organizationId: orgId, measureId: 'HEDIS_AMM', periodStart: '2025-01-01', periodEnd: '2025-12-31', ...overrides,
  });

  it('resolves the own key; another organization\'s key, an unknown one and malformed dates give null', async () => {
    const [o, other] = [await org(), await org()];
    await deliver('graphql', o, event(o, { numerator_count: 1, denominator_count: 3 }));
    await deliver('graphql', other, event(other));
    const [own] = await resultsOf(o);
    const representations = [
      key(o.orgId), key(other.orgId), key(o.orgId, { measureId: 'BCS' }), key(o.orgId, { periodEnd: '2025-12-30' }),
      key(o.orgId, { periodStart: '2025-02-30' }), key(o.orgId, { periodStart: '2025/01/01' }), key(o.orgId, { periodEnd: 20251231 }),
      key(o.orgId, { periodEnd: undefined }), key(o.orgId, { organizationId: 'not-a-uuid' }),
    ];
    for (const token of [o.staff, o.publisher]) {
      const res = await app.gql(ENTITIES, { r: representations }, token);
      expect(res.errors).toBeUndefined();
      expect(res.data._entities).toEqual([own, null, null, null, null, null, null, null, null]);
    }
    expect(own).toMatchObject({ rate: 0.3333, numeratorCount: 1 });
    const res = await app.gql(ENTITIES, { r: [key(o.orgId)] }, o.service);
    expect(codes(res)).toContain('FORBIDDEN');
    expect(JSON.stringify(res.data ?? null)).not.toContain('HEDIS_AMM');
  });
});

describe('ingest permissions', () => {
  it.each([
    ['org_admin', 'FORBIDDEN', (o: Org) => o.admin],
    ['staff', 'FORBIDDEN', (o: Org) => o.staff],
    ['service without pm.quality.ingest', 'FORBIDDEN', (o: Org) => o.service],
    ['no token', 'UNAUTHENTICATED', () => ''],
    ['a malformed token', 'UNAUTHENTICATED', () => 'not.a.jwt'],
  ])('%s: %s, nothing stored or recorded', async (_, code, token) => {
    const o = await org();
    const raw = event(o);
    const res = await app.gql(INGEST, { payload: raw }, token(o));
    expect(codes(res)).toEqual([code]);
    expect(res.data ?? null).toBeNull();
    expect(await storedCount(o.orgId)).toBe(0);
    expect(await inboxOf(raw)).toEqual([]);
  });
});
