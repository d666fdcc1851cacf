import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/client';
import type { EventBusStats } from '../events/bus';
import { readOutboxBacklog } from '../events/outbox';

/**
 * Prometheus metrics of this process, served at `GET /metrics`. Labels are
 * bounded sets (operation names are capped, outcomes are error codes), and no
 * label ever holds an organization, a user or a value from a request.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const graphqlRequests = new Counter({
  name: 'pm_graphql_requests_total',
  help: 'GraphQL requests by operation name and outcome (ok, or the first error code)',
  labelNames: ['operation', 'outcome'] as const,
  registers: [registry],
});

const graphqlDuration = new Histogram({
  name: 'pm_graphql_request_duration_seconds',
  help: 'GraphQL request latency by operation name and outcome',
  labelNames: ['operation', 'outcome'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

const clEvents = new Counter({
  name: 'pm_cl_events_total',
  help: 'cl_quality_measure_period_calculated events by channel (cl_events, graphql) and outcome',
  labelNames: ['channel', 'outcome'] as const,
  registers: [registry],
});

const poolConnections = new Gauge({
  name: 'pm_db_pool_connections',
  help: 'PostgreSQL pool connections by state (total, idle, waiting requests)',
  labelNames: ['state'] as const,
  registers: [registry],
});

const outboxBacklog = new Gauge({ name: 'pm_outbox_backlog', help: 'Outbox events not yet published', registers: [registry] });
const outboxOldestAge = new Gauge({
  name: 'pm_outbox_oldest_age_seconds',
  help: 'Age of the oldest unpublished outbox event (0 when none)',
  registers: [registry],
});

const admittedOperations = new Gauge({
  name: 'pm_graphql_operations',
  help: 'GraphQL operations by admission state (running, waiting for a slot)',
  labelNames: ['state'] as const,
  registers: [registry],
});
const admissionRefused = new Counter({
  name: 'pm_graphql_admission_refused_total',
  help: 'GraphQL requests answered 503 because no slot freed within the wait (MAX_CONCURRENT_OPERATIONS)',
  registers: [registry],
});
export function recordAdmissionRefused(): void {
  admissionRefused.inc();
}

const eventPublishFailures = new Counter({
  name: 'pm_event_publish_failures_total',
  help: 'Outbox events the relay could not publish (they wait in the outbox), by bus (postgres, nats)',
  labelNames: ['bus'] as const,
  registers: [registry],
});
const eventConsumerPending = new Gauge({
  name: 'pm_event_consumer_pending',
  help: "Incoming events of the durable NATS consumer: not yet delivered (pending) and delivered but not acknowledged (ack_pending); NaN when NATS does not answer",
  labelNames: ['state'] as const,
  registers: [registry],
});

export function recordEventPublishFailure(bus: string): void {
  eventPublishFailures.inc({ bus });
}

/** Operation names are the client's: past this many distinct ones, new names count as `other`. */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const seenOperations = new Set<string>();

export function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  if (!OPERATION_NAME.test(name)) return 'other';
  if (seenOperations.has(name)) return name;
  if (seenOperations.size >= MAX_OPERATION_NAMES) return 'other';
  seenOperations.add(name);
  return name;
}

export function recordGraphqlRequest(operation: string, outcome: string, seconds: number): void {
  graphqlRequests.inc({ operation, outcome });
  graphqlDuration.observe({ operation, outcome }, seconds);
}

export function recordClEvent(channel: 'cl_events' | 'graphql', outcome: string): void {
  clEvents.inc({ channel, outcome });
}

/** Reads the pool and the outbox of `db`, the admission queue's counts and the event bus's consumer (when there is one) now, then renders every metric. */
export async function renderMetrics(
  db: Database,
  { admissionQueue, eventStats }: { admissionQueue?: { readonly active: number; readonly queued: number }; eventStats?: () => Promise<EventBusStats> } = {},
): Promise<string> {
  if (admissionQueue) {
    admittedOperations.set({ state: 'running' }, admissionQueue.active);
    admittedOperations.set({ state: 'waiting' }, admissionQueue.queued);
  }
  const { consumer } = (await eventStats?.()) ?? {};
  if (consumer) {
    eventConsumerPending.set({ state: 'pending' }, consumer.pending ?? Number.NaN);
    eventConsumerPending.set({ state: 'ack_pending' }, consumer.ackPending ?? Number.NaN);
  }
  if (db.pool) {
    poolConnections.set({ state: 'total' }, db.pool.totalCount);
    poolConnections.set({ state: 'idle' }, db.pool.idleCount);
    poolConnections.set({ state: 'waiting' }, db.pool.waitingCount);
  }
  try {
    const row = await readOutboxBacklog(db.prisma);
    outboxBacklog.set(row.backlog);
    outboxOldestAge.set(row.age);
  } catch {
    // The database is down: unknown (NaN) rather than the last, stale figure.
    outboxBacklog.set(Number.NaN);
    outboxOldestAge.set(Number.NaN);
  }
  return registry.metrics();
}
