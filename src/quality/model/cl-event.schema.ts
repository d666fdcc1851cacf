import { z } from 'zod';
import { type CalendarDate, parseCalendarDate } from '../../domain/calendar-date';
import { INT_MAX } from '../../platform/graphql/input';
import { findBadText } from '../../domain/text';

/** An event stamped further ahead of the server's clock than this is refused: it would pin its result against every later one. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * cl_quality_measure_period_calculated, exactly as the contract README lists
 * it. Strict: any other key, in the payload or in `metadata`, rejects the
 * whole event (aggregates only: a stray key is how PHI would slip in).
 */
const count = z.number().int('must be an integer').min(0, 'must be at least 0').max(INT_MAX, `must be at most ${INT_MAX}`);
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
/**
 * A real instant (Date.parse alone reads 2031-02-30 as March 2), normalized to
 * milliseconds: the database keeps timestamptz(3), and redeliveries compare equal.
 */
const isoDateTime = z.string()
  .refine((s) => {
    const m = DATE_TIME.exec(s);
    return m !== null && parseCalendarDate(m[1]) !== null && !Number.isNaN(Date.parse(s));
  }, 'must be an ISO 8601 date-time with an offset')
  .transform((s) => new Date(s).toISOString());
const date = z.string().refine((s) => parseCalendarDate(s) !== null, 'must be a real date YYYY-MM-DD') as unknown as z.ZodType<CalendarDate>;
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a UUID');

const metadata = z.strictObject({
  source_system: z.string().max(200, 'must be at most 200 characters').optional(),
  processing_timestamp: isoDateTime.optional(),
  initial_population_count: count.optional(),
  denominator_exclusion_count: count.optional(),
  denominator_exception_count: count.optional(),
  numerator_exclusion_count: count.optional(),
});

export const clQualityEventSchema = z.strictObject({
  event_type: z.literal('cl_quality_measure_period_calculated', { error: "must be 'cl_quality_measure_period_calculated'" }),
  organization_id: uuid,
  timestamp: isoDateTime,
  site_id: uuid.optional(),
  correlation_id: uuid.optional(),
  measure_id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 characters of A-Z, a-z, 0-9, _, . or -'),
  period_start: date,
  period_end: date,
  denominator_count: count,
  numerator_count: count,
  rate: z.number().min(0, 'must be in [0, 1]').max(1, 'must be in [0, 1]').optional(),
  version: z.string().min(1).max(20, 'must be at most 20 characters').default('1.0'),
  metadata: metadata.optional(),
})
  .refine((e) => e.numerator_count <= e.denominator_count, { path: ['numerator_count'], message: 'must not exceed denominator_count' })
  .refine((e) => e.period_start <= e.period_end, { path: ['period_end'], message: 'must not be before period_start' });

export type ClQualityEvent = z.output<typeof clQualityEventSchema>;

const BASIC_TYPES = new Set(['string', 'number', 'object', 'boolean']);

/** A key is the sender's text: escaped (no control characters reach the inbox) and cut to a readable length. */
const printableKey = (key: string) => {
  const escaped = JSON.stringify(key).slice(1, -1);
  return escaped.length > 64 ? `${escaped.slice(0, 64)}…` : escaped;
};

export type ParsedEvent = { ok: true; event: ClQualityEvent } | { ok: false; error: string };

/**
 * Parses the raw payload. Errors are structured and name the key, never its
 * value (a rejected event may carry PHI): `Metadata validation failed:
 * disallowed key 'patient_count'`, `Event validation failed: 'rate' must be in [0, 1]`.
 */
export function parseClQualityEvent(raw: string, now: Date = new Date()): ParsedEvent {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'Event validation failed: payload is not JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, error: 'Event validation failed: payload must be a JSON object' };
  }
  const badText = findBadText(json);
  // A bad key is no allowed key: the schema below refuses it as a disallowed key, naming it escaped.
  if (badText && !badText.reason.startsWith('key ')) {
    const inMetadata = badText.path[0] === 'metadata' && badText.path.length > 1;
    const key = (inMetadata ? badText.path.slice(1) : badText.path).join('.');
    return { ok: false, error: `${inMetadata ? 'Metadata' : 'Event'} validation failed: '${key}' ${badText.reason}` };
  }
  const result = clQualityEventSchema.safeParse(json);
  if (result.success) {
    if (Date.parse(result.data.timestamp) > now.getTime() + MAX_CLOCK_SKEW_MS) {
      return { ok: false, error: "Event validation failed: 'timestamp' must not be more than 5 minutes ahead of the server's clock" };
    }
    return { ok: true, event: result.data };
  }
  const issue = result.error.issues[0];
  const inMetadata = issue.path[0] === 'metadata' && issue.path.length > (issue.code === 'unrecognized_keys' ? 0 : 1);
  const prefix = inMetadata ? 'Metadata validation failed' : 'Event validation failed';
  if (issue.code === 'unrecognized_keys') return { ok: false, error: `${prefix}: disallowed key '${printableKey(issue.keys[0])}'` };
  const key = (inMetadata ? issue.path.slice(1) : issue.path).join('.');
  const given = issue.path.reduce<unknown>((value, step) => (value as Record<PropertyKey, unknown> | undefined)?.[step], json);
  const message = given === undefined ? 'is required'
    : issue.code === 'invalid_type' && BASIC_TYPES.has(issue.expected) ? `must be of type ${issue.expected}` : issue.message;
  return { ok: false, error: `${prefix}: '${key}' ${message}` };
}
