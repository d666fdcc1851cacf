import Decimal from 'decimal.js';
import { z } from 'zod';
import { calendarDateOf, type CalendarDate } from '../domain/calendar-date';
import { fitsAmount, formatMoney } from '../domain/money';
import { isUuid } from '../domain/uuid';
import type { TenantDb } from '../platform/db/tenant';
import { badInput, notFound } from '../platform/graphql/errors';
import { nonNegativeMoney, optionalText, parseInput } from '../platform/graphql/input';
import { enqueue, newEventId } from '../platform/events/outbox';
import { VarianceDisposition } from './graphql/enums';
import type { ReconcileCapitationPeriodInput } from './graphql/capitation.input';
import type { ReconciliationRow } from './data/rows';
import { lockWritableContract } from './data/contract-lock';
import { defaultDisposition, statusAfterReconciliation } from './model/period-status';

const inputSchema = z.object({
  receivedAmount: nonNegativeMoney,
  paymentDate: z.string() as unknown as z.ZodType<CalendarDate>,
  varianceDisposition: z.enum(VarianceDisposition).nullable().optional(),
  notes: optionalText(4000).optional(),
});

export const PM_EVENTS_CHANNEL = 'pm_events';

/**
 * Contract: appends a reconciliation with expectedAmount = the period's
 * expectedRevenue minus what earlier reconciliations received, adds the amount
 * to receivedRevenue, sets the status, and records capitation_payment_received
 * for delivery, all in one transaction. The period row is locked first, so
 * concurrent reconciliations of one period queue up and all keep consistent totals.
 */
export async function reconcilePeriod(
  db: TenantDb, reconciledBy: string, periodId: string, input: ReconcileCapitationPeriodInput,
): Promise<ReconciliationRow> {
  return db.run(async (tx) => {
    const period = isUuid(periodId) ? await tx.capitationPeriod.findUnique({ where: { id: periodId }, select: { contractId: true } }) : null;
    if (!period) throw notFound('Capitation period');
    // Locks in one order everywhere (contract, then period), so generation and reconciliation cannot deadlock.
    const contract = await lockWritableContract(tx, period.contractId, 'SHARE');
    const [locked] = await tx.$queryRaw<{ id: string; expected: string; received: string }[]>`
      SELECT id, expected_revenue::text AS expected, received_revenue::text AS received
      FROM pm_capitation_periods WHERE id = ${periodId}::uuid FOR UPDATE`;
    const data = parseInput(inputSchema, input);

    const expectedAmount = new Decimal(locked.expected).minus(locked.received);
    const received = new Decimal(data.receivedAmount);
    const variance = received.minus(expectedAmount);
    const disposition = data.varianceDisposition ?? defaultDisposition(variance);
    const totalReceived = new Decimal(locked.received).plus(received);
    // Contract: a computed amount that would not fit is BAD_USER_INPUT naming its cause, never a failed statement.
    if (!fitsAmount(totalReceived)) {
      throw badInput('input.receivedAmount', "input.receivedAmount would bring the period's receivedRevenue to 1000000000000.00 or more");
    }
    // Only a period whose expectedRevenue was stored before amounts were bounded can get here; regenerating at a lower rate mends it.
    if (!fitsAmount(expectedAmount)) throw badInput('periodId', "the period's expectedRevenue is too large to reconcile; regenerate it at a lower pmpmRate");
    const status = statusAfterReconciliation({ expected: locked.expected, received: totalReceived }, disposition);

    const reconciliation = await tx.capitationReconciliation.create({
      data: {
        organizationId: db.orgId, periodId: locked.id, expectedAmount: formatMoney(expectedAmount), receivedAmount: data.receivedAmount,
        varianceAmount: formatMoney(variance), varianceDisposition: disposition, paymentDate: new Date(`${data.paymentDate}T00:00:00Z`),
        reconciledBy, notes: data.notes ?? null,
      },
    });
    await tx.capitationPeriod.update({ where: { id: locked.id }, data: { receivedRevenue: formatMoney(totalReceived), status } });
    const id = newEventId();
    await enqueue(tx, db.orgId, {
      channel: PM_EVENTS_CHANNEL,
      eventType: 'capitation_payment_received',
      message: {
        event: 'capitation_payment_received', version: '1.0', id, occurred_at: reconciliation.reconciledAt.toISOString(),
        payload: {
          organization_id: db.orgId, contract_id: contract.id, period_id: locked.id, amount: formatMoney(received),
          payment_date: calendarDateOf(reconciliation.paymentDate), payer_id: contract.payerId, reconciliation_id: reconciliation.id,
        },
      },
    });
    return reconciliation;
  });
}
