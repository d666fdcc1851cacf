import { parseClQualityEvent } from './cl-event.schema';

const valid = {
  event_type: 'cl_quality_measure_period_calculated',
  organization_id: '6f1c1b0e-7c1e-4b59-9f0e-2b1f5a9b3c11',
  timestamp: '2026-01-05T10:00:00Z',
  measure_id: 'HEDIS_AMM',
  period_start: '2025-01-01',
  period_end: '2025-12-31',
  denominator_count: 120,
  numerator_count: 90,
};
const parse = (overrides: Record<string, unknown>, drop: string[] = []) => {
  const payload: Record<string, unknown> = { ...valid, ...overrides };
  for (const key of drop) delete payload[key];
  return parseClQualityEvent(JSON.stringify(payload));
};

it('accepts the README event with every optional field', () => {
  const result = parse({
    site_id: '0b8e7c36-3f5c-4d5e-8f6c-5d4f3e2a1b0c', correlation_id: 'c5a1e6d2-9b1f-4f2a-8a7e-6b5c4d3e2f10', rate: 0.75, version: '1.1',
    metadata: { source_system: 'EPIC', processing_timestamp: '2026-01-05T10:00:01+01:00', initial_population_count: 130,
      denominator_exclusion_count: 5, denominator_exception_count: 3, numerator_exclusion_count: 2 },
  });
  expect(result).toMatchObject({ ok: true, event: { measure_id: 'HEDIS_AMM', version: '1.1', metadata: { source_system: 'EPIC' } } });
});

it('defaults version to 1.0', () => {
  expect(parse({})).toMatchObject({ ok: true, event: { version: '1.0' } });
});

it.each([
  [{ patient_count: 3 }, [], "Event validation failed: disallowed key 'patient_count'"],
  [{ metadata: { patient_count: 3 } }, [], "Metadata validation failed: disallowed key 'patient_count'"],
  [{ metadata: { source_system: 7 } }, [], "Metadata validation failed: 'source_system' must be of type string"],
  [{ metadata: { initial_population_count: -1 } }, [], "Metadata validation failed: 'initial_population_count' must be at least 0"],
  [{ metadata: 'EPIC' }, [], "Event validation failed: 'metadata' must be of type object"],
  [{ event_type: 'other' }, [], "Event validation failed: 'event_type' must be 'cl_quality_measure_period_calculated'"],
  [{ organization_id: 'acme' }, [], "Event validation failed: 'organization_id' must be a UUID"],
  [{}, ['organization_id'], "Event validation failed: 'organization_id' is required"],
  [{ timestamp: '2026-01-05' }, [], "Event validation failed: 'timestamp' must be an ISO 8601 date-time with an offset"],
  [{ period_start: '2025-02-30' }, [], "Event validation failed: 'period_start' must be a real date YYYY-MM-DD"],
  [{ period_start: '2026-01-01' }, [], "Event validation failed: 'period_end' must not be before period_start"],
  [{ numerator_count: 121 }, [], "Event validation failed: 'numerator_count' must not exceed denominator_count"],
  [{ numerator_count: '90' }, [], "Event validation failed: 'numerator_count' must be of type number"],
  [{ numerator_count: 1.5 }, [], "Event validation failed: 'numerator_count' must be an integer"],
  [{ denominator_count: 2147483648 }, [], "Event validation failed: 'denominator_count' must be at most 2147483647"],
  [{ rate: 1.2 }, [], "Event validation failed: 'rate' must be in [0, 1]"],
  [{ rate: '0.5' }, [], "Event validation failed: 'rate' must be of type number"],
  [{ site_id: null }, [], "Event validation failed: 'site_id' must be of type string"],
  [{ measure_id: 'HEDIS AMM' }, [], "Event validation failed: 'measure_id' must be 1-64 characters of A-Z, a-z, 0-9, _, . or -"],
])('%p without %p is rejected: %s', (overrides, drop, error) => {
  expect(parse(overrides, drop)).toEqual({ ok: false, error });
});

it.each([
  ['not json', 'Event validation failed: payload is not JSON'],
  ['[1,2]', 'Event validation failed: payload must be a JSON object'],
  ['null', 'Event validation failed: payload must be a JSON object'],
])('%p is rejected', (raw, error) => expect(parseClQualityEvent(raw)).toEqual({ ok: false, error }));

it('never echoes a value in its error', () => {
  const result = parse({ patient_name: 'Jane Roe 1970-02-03' });
  expect(JSON.stringify(result)).not.toContain('Jane');
});

describe('hostile text and future timestamps', () => {
  const now = new Date('2026-01-01T00:00:00.000Z');
  const payload = (over: Record<string, unknown>) => JSON.stringify({
    event_type: 'cl_quality_measure_period_calculated', organization_id: '11111111-1111-4111-8111-111111111111',
    timestamp: '2026-01-01T00:00:00Z', measure_id: 'HEDIS_AMM', period_start: '2025-01-01', period_end: '2025-12-31',
    denominator_count: 4, numerator_count: 3, ...over,
  });
  it.each<[string, string, string | null]>([
    ['NUL in metadata', payload({ metadata: { source_system: 'a\u0000b' } }), "Metadata validation failed: 'source_system' must not contain U+0000"],
    ['lone surrogate in version', payload({ version: '1\ud800' }), "Event validation failed: 'version' must not contain an unpaired surrogate"],
    ['NUL in a key (no allowed key has one)', payload({ 'x\u0000': 1 }), "Event validation failed: disallowed key 'x\\u0000'"],
    ['U+FFFD is text', payload({ metadata: { source_system: '\ufffd' } }), null],
    ['5 minutes ahead', payload({ timestamp: '2026-01-01T00:05:00Z' }), null],
    ['5 minutes and 1 ms ahead', payload({ timestamp: '2026-01-01T00:05:00.001Z' }),
      "Event validation failed: 'timestamp' must not be more than 5 minutes ahead of the server's clock"],
    ['year 9999', payload({ timestamp: '9999-12-31T00:00:00Z' }),
      "Event validation failed: 'timestamp' must not be more than 5 minutes ahead of the server's clock"],
  ])('%s', (_name, raw, error) => {
    const parsed = parseClQualityEvent(raw, now);
    if (error === null) expect(parsed.ok).toBe(true);
    else expect(parsed).toEqual({ ok: false, error });
  });
});
