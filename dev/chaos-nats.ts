import { randomUUID } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { Client } from 'pg';
import { signToken } from '../src/platform/identity/token';
import { createFreshDatabase } from './fresh-database';
import { CHAOS_SECRET, type ChaosRun, exitOf, request, sleep, startService, thrownCode } from './chaos-service';
import { ownNatsServer } from './nats-server';

/**
 * test:chaos, NATS: the service with NATS_URL on a nats-server of this run's
 * own (the contract's stream PM_EVENTS), concurrent reconciliations, the
 * server killed (SIGKILL) a third of the way in and started again on its port
 * and store a few seconds later. Once the outbox is empty, PM_EVENTS is read
 * whole: every acknowledged reconciliation's capitation_payment_received is
 * there exactly once, and no event is there for a reconciliation that did
 * not commit.
 */
const WORKERS = 6;
const MAX_REQUESTS = 20_000;
/** Longer than the relay's publish timeout (2 s), so publishes fail and events wait in the outbox. */
const NATS_DOWN_MS = 3_000;
/** The load goes on at least this long after NATS is back, so the relay's catching up is under load. */
const LOAD_AFTER_RESTART_MS = 2_000;
/** The relay passes every 5 s besides after each commit: the outbox is empty well before this. */
const DRAIN_TIMEOUT_MS = 30_000;
const STREAM = 'PM_EVENTS';
const SUBJECT = 'pm.events.capitation_payment_received';

const RECONCILE = `mutation ($p: ID!) {
  reconcileCapitationPeriod(periodId: $p, input: { receivedAmount: "1.00", paymentDate: "2025-02-03" }) { id } }`;

type Gql = (query: string, variables?: Record<string, unknown>) => ReturnType<typeof request>;

/** One contract, one enrolled member, twelve monthly periods: what the workers reconcile, over and over (a late payment is allowed). */
async function periodsToReconcile(gql: Gql): Promise<string[]> {
  const created = await gql('mutation { createCapitationContract(input: { name: "chaos HMO", pmpmRate: "45.10", effectiveFrom: "2025-01-01", payerId: "payer-chaos" }) { id } }');
  const c = created.data.createCapitationContract.id;
  await gql('mutation ($c: ID!) { recordRosterEvent(contractId: $c, input: { memberIdExternal: "chaos-member-1", eventType: ENROLL, effectiveDate: "2025-01-01" }) { id } }', { c });
  const periods = await gql('mutation ($c: ID!) { generateCapitationPeriods(contractId: $c, through: "2025-12-31") { id } }', { c });
  return periods.data.generateCapitationPeriods.map((p: { id: string }) => p.id);
}

interface Tally {
  requests: number;
  /** Reconciliation ids the service answered with, and when. */
  acknowledged: { id: string; at: number }[];
  errors: Record<string, number>;
}

async function worker(id: number, gql: Gql, periods: string[], until: { at: number }, tally: Tally) {
  for (let n = 0; Date.now() < until.at && tally.requests < MAX_REQUESTS; n++) {
    tally.requests++;
    try {
      // Workers walk the periods from different starts: some reconcile one period at once (queued on its lock), most not.
      const body = await gql(RECONCILE, { p: periods[(id * 5 + n) % periods.length] });
      if (body.errors?.length) {
        const code = body.errors[0].extensions?.code ?? 'UNKNOWN';
        tally.errors[code] = (tally.errors[code] ?? 0) + 1;
        await sleep(50);
        continue;
      }
      tally.acknowledged.push({ id: body.data.reconcileCapitationPeriod.id, at: Date.now() });
    } catch (error) {
      const code = thrownCode(error);
      tally.errors[code] = (tally.errors[code] ?? 0) + 1;
      await sleep(50);
    }
  }
}

interface StreamEvent { subject: string; msgId: string | undefined; id: string; org: string; reconciliationId: string }

/** Everything PM_EVENTS holds, read with an ordered consumer (as FA would, from the first message). */
async function readStream(url: string): Promise<StreamEvent[]> {
  const nc = await connect({ servers: url, timeout: 5_000 });
  try {
    const jsm = await jetstreamManager(nc);
    const total = (await jsm.streams.info(STREAM)).state.messages;
    const consumer = await jsm.jetstream().consumers.get(STREAM);
    const events: StreamEvent[] = [];
    for (let empty = 0; events.length < total && empty < 3;) {
      const batch = await consumer.fetch({ max_messages: Math.min(1_000, total - events.length), expires: 2_000 });
      const before = events.length;
      for await (const m of batch) {
        const body = m.json<{ id: string; payload: { organization_id: string; reconciliation_id: string } }>();
        events.push({ subject: m.subject, msgId: m.headers?.get('Nats-Msg-Id'), id: body.id, org: body.payload.organization_id, reconciliationId: body.payload.reconciliation_id });
      }
      empty = events.length === before ? empty + 1 : 0;
    }
    return events;
  } finally {
    await nc.close();
  }
}

/** Waits for the relay to empty the outbox (as the database owner), then reads which reconciliations committed. */
async function outboxDrained(databaseUrl: string, orgId: string) {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const unsent = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pm_outbox WHERE sent_at IS NULL')).rows[0].n;
    const since = Date.now();
    const unsentWhenLoadEnded = await unsent();
    while ((await unsent()) > 0 && Date.now() - since < DRAIN_TIMEOUT_MS) await sleep(100);
    const unsentAtEnd = await unsent();
    const drainedMs = unsentAtEnd === 0 ? Date.now() - since : null;
    const { rows } = await db.query<{ id: string }>('SELECT id::text FROM pm_capitation_reconciliations WHERE organization_id = $1::uuid', [orgId]);
    return { unsentWhenLoadEnded, unsentAtEnd, drainedMs, committed: new Set(rows.map((r) => r.id)) };
  } finally {
    await db.end();
  }
}

const metric = async (url: string, line: RegExp) => Number((await (await fetch(`${url}/metrics`)).text()).match(line)?.[1] ?? 0);

export async function natsRestartChaos(adminUrl: string, seconds: number): Promise<ChaosRun> {
  const nats = await ownNatsServer();
  await nats.start();
  const database = await createFreshDatabase(adminUrl, 'pm_vbp_chaos_nats');
  try {
    const service = await startService(database.url, { NATS_URL: nats.url });
    try {
      const orgId = randomUUID();
      const token = await signToken({ sub: 'chaos', orgId, roles: ['org_admin'] }, CHAOS_SECRET);
      const gql: Gql = (query, variables = {}) => request(service.url, token, query, variables);
      const periods = await periodsToReconcile(gql);
      const tally: Tally = { requests: 0, acknowledged: [], errors: {} };

      const started = Date.now();
      const until = { at: Number.POSITIVE_INFINITY };
      const load = Promise.all(Array.from({ length: WORKERS }, (_, i) => worker(i, gql, periods, until, tally)));
      await sleep((seconds * 1000) / 3);
      const killedAt = Date.now();
      let readyWhileDown: number | null = null;
      let backAt = killedAt;
      try {
        await nats.kill();
        await sleep(NATS_DOWN_MS / 2);
        readyWhileDown = (await fetch(`${service.url}/ready`)).status;
        await sleep(NATS_DOWN_MS / 2);
        await nats.start();
        backAt = Date.now();
      } finally {
        until.at = Math.max(started + seconds * 1000, Date.now() + LOAD_AFTER_RESTART_MS);
      }
      await load;

      const { unsentWhenLoadEnded, unsentAtEnd, drainedMs, committed } = await outboxDrained(database.url, orgId);

      const events = (await readStream(nats.url)).filter((e) => e.org === orgId);
      const perReconciliation = new Map<string, number>();
      for (const e of events) perReconciliation.set(e.reconciliationId, (perReconciliation.get(e.reconciliationId) ?? 0) + 1);
      const acknowledged = tally.acknowledged.map((a) => a.id);
      const report = {
        seconds,
        workers: WORKERS,
        requests: tally.requests,
        acknowledgedReconciliations: acknowledged.length,
        acknowledgedWhileNatsDown: tally.acknowledged.filter((a) => a.at > killedAt && a.at < backAt).length,
        committedReconciliations: committed.size,
        eventsInStream: events.length,
        acknowledgedWithEventOnce: acknowledged.filter((id) => perReconciliation.get(id) === 1).length,
        acknowledgedWithoutEvent: acknowledged.filter((id) => !perReconciliation.has(id)).length,
        /** Messages repeating an event id already in the stream, and reconciliations with more than one event. */
        duplicateEvents: events.length - new Set(events.map((e) => e.id)).size,
        reconciliationsWithSeveralEvents: [...perReconciliation.values()].filter((n) => n > 1).length,
        /** Events for a reconciliation that is not in the database (a failed or rolled-back one). */
        eventsWithoutCommit: events.filter((e) => !committed.has(e.reconciliationId)).length,
        committedWithoutEvent: [...committed].filter((id) => !perReconciliation.has(id)).length,
        malformedEvents: events.filter((e) => e.subject !== SUBJECT || e.msgId !== e.id).length,
        errorsByCode: tally.errors,
        natsDownMs: backAt - killedAt,
        readyWhileNatsDown: readyWhileDown,
        relayPublishFailures: await metric(service.url, /^pm_event_publish_failures_total\{bus="nats"\} (\S+)$/m),
        /** Outbox rows still unsent when the load ended, and how long the relay then took to empty the outbox. */
        unsentWhenLoadEnded,
        outboxEmptyMsAfterLoad: drainedMs,
        unsentAtEnd,
        serviceErrorLines: service.errorLines,
        serviceExitCode: exitOf(service),
      };
      const failures = [
        report.acknowledgedWithEventOnce !== acknowledged.length && 'an acknowledged reconciliation is not in PM_EVENTS exactly once',
        (report.duplicateEvents > 0 || report.reconciliationsWithSeveralEvents > 0) && 'an event is in PM_EVENTS twice',
        report.eventsWithoutCommit > 0 && 'PM_EVENTS holds an event of a reconciliation that did not commit',
        report.committedWithoutEvent > 0 && 'a committed reconciliation has no event in PM_EVENTS',
        report.malformedEvents > 0 && 'an event has the wrong subject or Nats-Msg-Id',
        unsentAtEnd > 0 && `the outbox still holds ${unsentAtEnd} unsent events ${DRAIN_TIMEOUT_MS / 1000} s after the load`,
        tally.errors.HUNG && 'a request hung',
        report.serviceExitCode !== null && 'the service died',
        readyWhileDown !== 200 && '/ready was not 200 while NATS was down',
        report.acknowledgedWhileNatsDown === 0 && 'no reconciliation was acknowledged while NATS was down',
        report.relayPublishFailures === 0 && 'the relay saw no failed publish: the outage did not happen under load',
      ].filter((f): f is string => typeof f === 'string');
      const summary = `${acknowledged.length} acknowledged reconciliations (${report.acknowledgedWhileNatsDown} while NATS was down), `
        + `${report.acknowledgedWithEventOnce} with their event exactly once in ${STREAM} (${events.length} events, ${report.duplicateEvents} repeated); `
        + `NATS down ${report.natsDownMs} ms, outbox empty ${drainedMs} ms after the load`;
      return { report, summary, failures };
    } finally {
      await service.stop();
    }
  } finally {
    await database.drop();
    await nats.close();
  }
}
