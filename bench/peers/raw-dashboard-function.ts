import { PEER_ROLE } from './peer-schema';

/**
 * The raw peer's whole answer in one statement: `SELECT peer_raw.dashboard($1, $2)`.
 *
 * Why a plpgsql function and not set_config in a CTE: RLS is decided when a
 * statement is planned, under the role of that moment, and the caller logs in
 * as a superuser, for whom no policy applies. A CTE's set_config('role', …)
 * runs after planning, so that statement would read every organization. In
 * plpgsql each statement is planned when it first runs, after the PERFORM
 * that switches role and organization (both transaction-local, as
 * PostGraphile's pgSettings and our set_config are); the single statement's
 * implicit transaction ends with it, so nothing leaks to the pooled
 * connection. One round trip, one statement, RLS as the other two.
 *
 * It sits in its own schema so that PostGraphile, which serves `peer`, does
 * not expose it as a mutation. The JSON has our response's shape (money as
 * strings, rates and benchmarks as numbers), returned as text so that the
 * server writes it out without parsing it.
 */
export const RAW_DASHBOARD_FUNCTION = `
CREATE SCHEMA peer_raw;
GRANT USAGE ON SCHEMA peer_raw TO ${PEER_ROLE};

CREATE FUNCTION peer_raw.dashboard(org_id text, page_size integer) RETURNS text LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM set_config('role', '${PEER_ROLE}', true), set_config('jwt.claims.org_id', org_id, true);
  RETURN (
    WITH page AS (
      -- One row more than asked tells whether there is a next page.
      SELECT p.* FROM peer.program p ORDER BY p.name, p.id LIMIT page_size + 1
    ), shown AS (
      SELECT * FROM page ORDER BY name, id LIMIT page_size
    ), last_shown AS (
      SELECT name, id FROM shown ORDER BY name DESC, id DESC LIMIT 1
    )
    SELECT json_build_object('data', json_build_object('programs', json_build_object(
      'totalCount', (SELECT count(*) FROM peer.program),
      'pageInfo', json_build_object(
        'hasNextPage', (SELECT count(*) FROM page) > page_size,
        -- Opaque like ours (base64 of the sort key), not byte-equal to it.
        'endCursor', (SELECT translate(encode(convert_to(json_build_array(name, id)::text, 'UTF8'), 'base64'), E'+/=\\n', '-_')
                      FROM last_shown)),
      'edges', coalesce((
        SELECT json_agg(json_build_object('node', json_build_object(
          'id', s.id, 'name', s.name, 'contractType', s.contract_type, 'measurementPeriod', s.measurement_period,
          'periodStart', s.period_start, 'periodEnd', s.period_end, 'status', s.status, 'archived', s.deleted_at IS NOT NULL,
          'measures', ms.list, 'incentivePayments', ps.list,
          'summary', json_build_object(
            'measureCount', ms.measure_count, 'exceededCount', ms.exceeded_count,
            'notMetCount', ms.measure_count - ms.exceeded_count,
            'earnedTotal', ps.earned::text, 'paidTotal', ps.paid::text, 'outstandingTotal', (ps.earned - ps.paid)::text)
        )) ORDER BY s.name, s.id)
        FROM shown s
        CROSS JOIN LATERAL (
          SELECT coalesce(json_agg(json_build_object(
                   'id', m.id, 'measureId', m.measure_id, 'measureName', m.measure_name,
                   'numerator', m.numerator, 'denominator', m.denominator, 'benchmark', m.benchmark,
                   'rate', peer.measure_rate(m), 'performanceLevel', peer.measure_performance_level(m),
                   'gapToBenchmark', peer.measure_gap_to_benchmark(m)) ORDER BY m.measure_id, m.id), '[]') AS list,
                 count(*)::integer AS measure_count,
                 (count(*) FILTER (WHERE m.numerator >= m.benchmark * m.denominator))::integer AS exceeded_count
          FROM peer.measure m WHERE m.program_id = s.id) ms
        CROSS JOIN LATERAL (
          SELECT coalesce(json_agg(json_build_object(
                   'id', i.id, 'paymentPeriod', i.payment_period, 'earnedAmount', i.earned_amount::text,
                   'paidAmount', i.paid_amount::text, 'variance', peer.incentive_payment_variance(i)::text,
                   'status', i.status) ORDER BY i.payment_period, i.id), '[]') AS list,
                 coalesce(sum(i.earned_amount), 0)::numeric(18, 2) AS earned,
                 coalesce(sum(i.paid_amount), 0)::numeric(18, 2) AS paid
          FROM peer.incentive_payment i WHERE i.program_id = s.id) ps
      ), '[]')
    )))::text
  );
END
$fn$;
`;
