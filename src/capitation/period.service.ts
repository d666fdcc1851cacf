import Decimal from 'decimal.js';
import { type CalendarDate, calendarDateOf, toDbDate } from '../domain/calendar-date';
import { fitsAmount, formatMoney } from '../domain/money';
import type { TenantDb } from '../platform/db/tenant';
import { badInput } from '../platform/graphql/errors';
import type { PeriodRow } from './data/rows';
import { effectiveRangeOf, lockWritableContract } from './data/contract-lock';
import { expectedRevenueOf, firstOfMonth, MAX_MONTHS_PER_GENERATION, monthCount, monthsBetween, planGeneration } from './model/period-math';
import { CapitationPeriodStatus, statusAfterRegeneration } from './model/period-status';
import { countEnrolled } from './data/roster-store';

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
    const existing = await tx.$queryRaw<{ start: string; status: CapitationPeriodStatus; received: string; reconciled: boolean }[]>`
      SELECT p.period_start_date::text AS start, p.status::text AS status, p.received_revenue::text AS received,
             EXISTS (SELECT 1 FROM pm_capitation_reconciliations r WHERE r.period_id = p.id) AS reconciled
      FROM pm_capitation_periods p WHERE p.contract_id = ${contract.id}::uuid`;
    // The limit is checked before any month is listed or counted (contract, Hostile input version 2).
    const plan = planGeneration(range.from, range.to, through, new Set(existing.map((p) => p.start)));
    if (!plan.ok) {
      throw badInput('through', `through is ${plan.span} months after ${plan.firstToCreate.slice(0, 7)}, the first month without a period; `
        + `one call creates at most ${MAX_MONTHS_PER_GENERATION}`);
    }
    const { months } = plan;
    const counts = await countEnrolled(tx, months.map((m) => ({ contractId: contract.id, date: m.countDate })));
    const byStart = new Map(existing.map((p) => [p.start, p]));
    const planned = months.map((m, i) => {
      const expected = expectedRevenueOf(counts[i], contract.pmpmRate);
      const current = byStart.get(m.start);
      const status = current
        ? statusAfterRegeneration({ status: current.status, expected, received: current.received, reconciled: current.reconciled })
        : CapitationPeriodStatus.OPEN;
      return { ...m, count: counts[i], expected, status };
    });
    // A RECONCILED period keeps its figures: what it would compute is never stored.
    const tooLarge = planned.find((p) => byStart.get(p.start)?.status !== CapitationPeriodStatus.RECONCILED && !fitsAmount(p.expected));
    if (tooLarge) {
      // Contract: a computed amount that does not fit is BAD_USER_INPUT, and the contract stays usable (a lower pmpmRate).
      throw badInput('contractId', `expectedRevenue of ${tooLarge.start.slice(0, 7)} (enrolledMemberCount x pmpmRate) would be `
        + '1000000000000.00 or more; lower the contract\'s pmpmRate');
    }
    if (planned.length > 0) {
      // RECONCILED periods keep their figures (the WHERE of the upsert).
      await tx.$executeRaw`
        INSERT INTO pm_capitation_periods
          (organization_id, contract_id, period_start_date, period_end_date, enrolled_member_count, expected_revenue, status)
        SELECT ${db.orgId}::uuid, ${contract.id}::uuid, t.s, t.e, t.c, t.x, t.st::pm_cap_period_status
        FROM unnest(${planned.map((p) => p.start)}::date[], ${planned.map((p) => p.end)}::date[], ${planned.map((p) => p.count)}::int[],
                    ${planned.map((p) => formatMoney(p.expected))}::numeric[], ${planned.map((p) => p.status)}::text[]) AS t(s, e, c, x, st)
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
  // Counted before they are listed: a `to` centuries away costs nothing before its refusal.
  if (monthCount(from, to) > 120) throw badInput('to', 'capitationRevenue covers at most 120 months');
  const months = monthsBetween(from, to);
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
