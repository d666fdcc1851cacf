import Decimal from 'decimal.js';
import { type CalendarDate, calendarDateOf, toDbDate } from '../domain/calendar-date';
import { formatMoney } from '../domain/money';
import type { TenantDb } from '../platform/db/tenant';
import { badInput } from '../platform/graphql/errors';
import type { PeriodRow } from './data/rows';
import { effectiveRangeOf, lockWritableContract } from './data/contract-lock';
import { contractMonths, expectedRevenueOf, firstOfMonth, monthsBetween } from './model/period-math';
import { CapitationPeriodStatus, statusAfterRegeneration } from './model/period-status';
import { countEnrolled } from './data/roster-store';

/** A guard against a `through` centuries away; the contract sets no limit, a real contract has far fewer months. */
const MAX_GENERATED_MONTHS = 600;

/**
 * Contract: creates the missing months up to `through` and recomputes every
 * period that is not RECONCILED (count on its count date, expected revenue at
 * the current rate, status again from its totals). Idempotent. The roster is
 * counted for all months in one statement; all periods are written in one.
 */
export async function generatePeriods(db: TenantDb, contractId: string, through: CalendarDate): Promise<PeriodRow[]> {
  return db.run(async (tx) => {
    const contract = await lockWritableContract(tx, contractId, 'UPDATE');
    const range = effectiveRangeOf(contract);
    const months = contractMonths(range.from, range.to, through);
    if (months.length > MAX_GENERATED_MONTHS) throw badInput('through', `through is more than ${MAX_GENERATED_MONTHS} months after effectiveFrom`);
    const counts = await countEnrolled(tx, months.map((m) => ({ contractId: contract.id, date: m.countDate })));
    const existing = await tx.$queryRaw<{ start: string; status: CapitationPeriodStatus; received: string; reconciled: boolean }[]>`
      SELECT p.period_start_date::text AS start, p.status::text AS status, p.received_revenue::text AS received,
             EXISTS (SELECT 1 FROM pm_capitation_reconciliations r WHERE r.period_id = p.id) AS reconciled
      FROM pm_capitation_periods p WHERE p.contract_id = ${contract.id}::uuid`;
    const byStart = new Map(existing.map((p) => [p.start, p]));
    const planned = months.map((m, i) => {
      const expected = expectedRevenueOf(counts[i], contract.pmpmRate);
      const current = byStart.get(m.start);
      const status = current
        ? statusAfterRegeneration({ status: current.status, expected, received: current.received, reconciled: current.reconciled })
        : CapitationPeriodStatus.OPEN;
      return { ...m, count: counts[i], expected: formatMoney(expected), status };
    });
    if (planned.length > 0) {
      // RECONCILED periods keep their figures (the WHERE of the upsert).
      await tx.$executeRaw`
        INSERT INTO pm_capitation_periods
          (organization_id, contract_id, period_start_date, period_end_date, enrolled_member_count, expected_revenue, status)
        SELECT ${db.orgId}::uuid, ${contract.id}::uuid, t.s, t.e, t.c, t.x, t.st::pm_cap_period_status
        FROM unnest(${planned.map((p) => p.start)}::date[], ${planned.map((p) => p.end)}::date[], ${planned.map((p) => p.count)}::int[],
                    ${planned.map((p) => p.expected)}::numeric[], ${planned.map((p) => p.status)}::text[]) AS t(s, e, c, x, st)
        ON CONFLICT (contract_id, period_start_date) DO UPDATE
          SET enrolled_member_count = EXCLUDED.enrolled_member_count, expected_revenue = EXCLUDED.expected_revenue, status = EXCLUDED.status
          WHERE pm_capitation_periods.status <> 'RECONCILED'`;
    }
    // All the contract's periods up to `through`, also months a since-shortened effective range no longer covers.
    return tx.capitationPeriod.findMany({
      where: { contractId: contract.id, periodStartDate: { lte: toDbDate(through) } }, orderBy: { periodStartDate: 'asc' },
    });
  });
}

export interface RevenueMonth { month: CalendarDate; enrolledMemberCount: number; expectedRevenue: Decimal; receivedRevenue: Decimal; variance: Decimal }

/** Contract: one row per month from the month of `from` to that of `to` (at most 120), all contracts, archived too. */
export async function capitationRevenue(db: TenantDb, from: CalendarDate, to: CalendarDate): Promise<RevenueMonth[]> {
  if (to < from) throw badInput('to', 'to must not be before from');
  const months = monthsBetween(from, to);
  if (months.length > 120) throw badInput('to', 'capitationRevenue covers at most 120 months');
  const rows = await db.run((tx) => tx.$queryRaw<{ month: string; members: number; expected: string; received: string }[]>`
    SELECT period_start_date::text AS month, sum(enrolled_member_count)::int AS members,
           sum(expected_revenue)::text AS expected, sum(received_revenue)::text AS received
    FROM pm_capitation_periods
    WHERE organization_id = ${db.orgId}::uuid AND period_start_date BETWEEN ${firstOfMonth(from)}::date AND ${to}::date
    GROUP BY period_start_date`);
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  return months.map(({ start }) => {
    const row = byMonth.get(start);
    const expectedRevenue = new Decimal(row?.expected ?? 0);
    const receivedRevenue = new Decimal(row?.received ?? 0);
    return { month: start, enrolledMemberCount: row?.members ?? 0, expectedRevenue, receivedRevenue, variance: receivedRevenue.minus(expectedRevenue) };
  });
}

/** The day a period's roster is counted on: its first day, or effectiveFrom in the contract's first month. */
export const countDateOf = (period: Pick<PeriodRow, 'periodStartDate'>, effectiveFrom: Date): CalendarDate => {
  const start = calendarDateOf(period.periodStartDate);
  const from = calendarDateOf(effectiveFrom);
  return start < from ? from : start;
};
