import { clEvent, INGEST } from '../helpers/cl-events';
import { addMeasure, createProgram } from '../helpers/factories';
import { codes } from '../helpers/server';
import { bootApp, Org, RESULT_FIELDS, app, deliver, event, inboxOf, measureState, org, results, resultsOf, storedCount, without } from '../helpers/quality-ingest';

// Contract README, Events, "In: cl_quality_measure_period_calculated": every rule from outside, on both paths.

bootApp();

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
