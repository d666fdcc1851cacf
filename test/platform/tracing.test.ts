import { jetstream } from '@nats-io/jetstream';
import { isSpanContextValid, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { loadConfig } from '../../src/platform/config/config';
import { natsEventBus } from '../../src/platform/events/nats';
import { createOutboxRelay, type OutboxRelay } from '../../src/platform/events/relay';
import { createLogger } from '../../src/platform/log';
import { startTracing, type Tracing } from '../../src/platform/telemetry/tracing';
import { addMeasure, createProgram } from '../helpers/factories';
import { connectTestNats, deleteStreams, TEST_NATS_URL, uniqueNames } from '../helpers/nats';
import { RECONCILE, threePeriods } from '../helpers/periods';
import { startTestApp, type TestApp } from '../helpers/server';
import { newOrg } from '../helpers/tokens';

const log = createLogger('silent');

/** The router's span, as its `traceparent` names it. */
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const ROUTER_SPAN_ID = '00f067aa0ba902b7';
const FROM_ROUTER = { traceparent: `00-${TRACE_ID}-${ROUTER_SPAN_ID}-01`, tracestate: 'router=r1' };

// Values that travel as variables and SQL parameters: none may reach a span.
const PERIOD = 'FY2025-TRACE-31337';
const MEASURE_ID = 'TRACE_SECRET_7731';

// Runs first, before this file registers anything: the state `npm start` is in without an endpoint.
it('without an OTLP endpoint no tracer provider is registered and spans are no-ops', async () => {
  expect(await startTracing(loadConfig({}).tracing, { log })).toBeNull();
  const span = trace.getTracer('probe').startSpan('probe');
  expect(span.isRecording()).toBe(false);
  expect(isSpanContextValid(span.spanContext())).toBe(false);
  span.end();
  expect(propagation.fields()).toEqual([]);
});

/** Everything a span says, as one text to search for what it must not say. */
const spanText = (spans: ReadableSpan[]) => JSON.stringify(spans.map((s) => ({
  name: s.name, attributes: s.attributes, events: s.events, links: s.links, status: s.status, resource: s.resource.attributes,
})));
const isSql = (s: ReadableSpan) => s.attributes['db.system.name'] === 'postgresql';
const childrenOf = (spans: ReadableSpan[], parent: ReadableSpan) => spans.filter((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId);

describe('with tracing on', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let app: TestApp;
  // The relay is this file's to drive (below), on PostgreSQL's channels or on NATS: commits only record events.
  const inertRelay: OutboxRelay = { kick: () => undefined, drain: async () => 0, start: () => undefined, stop: async () => undefined };
  beforeAll(async () => {
    tracing = (await startTracing(true, { log, exporter }))!;
    app = await startTestApp({ outbox: inertRelay });
  });
  afterAll(async () => {
    await app?.close();
    await tracing?.shutdown();
  });

  const DASHBOARD = `query TraceDashboard($period: String, $first: Int) {
    vbpDashboard(measurementPeriod: $period) { programCount measureCount earnedTotal gaps(first: $first) { measureId gapToBenchmark } }
    programs(first: $first) { edges { node { name measures { measureId rate } } } } }`;

  it("a dashboard request continues the router's trace: one operation span, its SQL statements as children", async () => {
    const org = await newOrg();
    const program = await createProgram(app, org.admin, { name: 'Trace program', measurementPeriod: PERIOD });
    await addMeasure(app, org.admin, program.id, { measureId: MEASURE_ID, numerator: 37, denominator: 4242, benchmark: 0.55 });
    exporter.reset();
    app.db.statements.length = 0;

    const res = await app.gql(DASHBOARD, { period: PERIOD, first: 7 }, org.admin, FROM_ROUTER);
    expect(res.errors).toBeUndefined();
    expect(res.data.vbpDashboard.gaps).toEqual([{ measureId: MEASURE_ID, gapToBenchmark: 2297 }]);

    const spans = exporter.getFinishedSpans();
    const operation = spans.find((s) => s.kind === SpanKind.SERVER)!;
    expect(operation).toMatchObject({
      name: 'query TraceDashboard', attributes: { 'graphql.operation.type': 'query', 'graphql.operation.name': 'TraceDashboard' },
      status: { code: SpanStatusCode.UNSET },
    });
    expect(operation.spanContext().traceId).toBe(TRACE_ID);
    expect(operation.parentSpanContext).toMatchObject({ traceId: TRACE_ID, spanId: ROUTER_SPAN_ID, isRemote: true });
    expect(operation.spanContext().traceState?.get('router')).toBe('r1');

    // Every other span is one SQL statement of this operation, named by its kind and table; none is missing.
    const sql = spans.filter(isSql);
    expect(sql.length + 1).toBe(spans.length);
    expect(childrenOf(spans, operation)).toEqual(sql);
    for (const s of sql) expect(s).toMatchObject({ kind: SpanKind.CLIENT, attributes: { 'db.operation.name': expect.stringMatching(/^[A-Z]+$/) } });
    expect(sql.map((s) => s.name)).toEqual(expect.arrayContaining(['BEGIN', 'COMMIT', expect.stringMatching(/^SELECT pm_\w+$/)]));
    // What the database was sent, as the statement log records it (Prisma's COMMIT appears as a comment there).
    const statements = app.db.statements.filter((text) => !/^\s*BEGIN\b|"?COMMIT"?/.test(text));
    expect(sql.filter((s) => s.name !== 'BEGIN' && s.name !== 'COMMIT')).toHaveLength(statements.length);

    const text = spanText(spans);
    for (const secret of [PERIOD, MEASURE_ID, org.orgId, org.admin, org.admin.split('.')[2], 'Trace program', '4242']) {
      expect(text).not.toContain(secret);
    }
  });

  it('a refused operation is marked with its code, without the variable that was refused', async () => {
    const org = await newOrg();
    exporter.reset();
    const res = await app.gql('mutation Refused($input: CreateProgramInput!) { createProgram(input: $input) { id } }',
      { input: { name: `${MEASURE_ID}\u0000`, contractType: 'OTHER', measurementPeriod: PERIOD } }, org.admin, FROM_ROUTER);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const spans = exporter.getFinishedSpans();
    expect(spans.find((s) => s.kind === SpanKind.SERVER)).toMatchObject({
      name: 'mutation Refused', status: { code: SpanStatusCode.ERROR }, attributes: { 'error.type': 'BAD_USER_INPUT' },
    });
    const text = spanText(spans);
    for (const secret of [PERIOD, MEASURE_ID, org.orgId]) expect(text).not.toContain(secret);
  });

  it("follows the router's sampling decision: a trace it does not sample records nothing here", async () => {
    const org = await newOrg();
    exporter.reset();
    const res = await app.gql(DASHBOARD, { period: PERIOD, first: 7 }, org.admin, { traceparent: `00-${TRACE_ID}-${ROUTER_SPAN_ID}-00` });
    expect(res.errors).toBeUndefined();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  /** One reconciliation's event, published by `relay`; returns its publication span and the spans of that pass. */
  async function publishOne(relay: OutboxRelay) {
    const org = await newOrg();
    const { periodIds } = await threePeriods(app, org);
    const reconciled = await app.gql(RECONCILE, { p: periodIds[0], amount: '40.00' }, org.admin);
    expect(reconciled.errors).toBeUndefined();
    exporter.reset();
    expect(await relay.drain()).toBe(1);
    const spans = exporter.getFinishedSpans();
    const publish = spans.filter((s) => s.kind === SpanKind.PRODUCER);
    expect(publish).toHaveLength(1);
    const [span] = publish;
    expect(span).toMatchObject({
      name: 'publish capitation_payment_received', parentSpanContext: undefined,
      attributes: {
        'messaging.operation.type': 'send', 'pm.event.type': 'capitation_payment_received',
        'messaging.message.id': expect.stringMatching(/^[0-9a-f-]{36}$/),
      },
    });
    const text = spanText(spans);
    for (const secret of [org.orgId, periodIds[0], reconciled.data.reconcileCapitationPeriod.id, '40.00']) expect(text).not.toContain(secret);
    return { span, spans };
  }

  it("an event published on PostgreSQL's channels gets a span with its type and id; its NOTIFY is its child", async () => {
    const { span, spans } = await publishOne(createOutboxRelay(app.db.prisma, log));
    expect(span.attributes['messaging.system']).toBe('postgresql');
    expect(childrenOf(spans, span).map((s) => s.name)).toEqual(['SELECT']);
  });

  it('an event published on NATS carries the trace context of its span in its headers', async () => {
    const nc = await connectTestNats();
    const names = uniqueNames();
    const bus = natsEventBus({ url: TEST_NATS_URL, log, names });
    try {
      const { span } = await publishOne(createOutboxRelay(app.db.prisma, log, { bus }));
      expect(span.attributes['messaging.system']).toBe('nats');
      const message = await (await jetstream(nc).consumers.get(names.outStream)).next({ expires: 5_000 });
      expect(message?.headers?.get('traceparent')).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
      expect(message?.headers?.get('Nats-Msg-Id')).toBe(span.attributes['messaging.message.id']);
    } finally {
      await bus.close();
      await deleteStreams(nc, names);
      await nc.close();
    }
  });
});
