import { z } from 'zod';
import type { TenantDb, Tx } from '../platform/db/tenant';
import { nonNegativeMoney, optionalText, parseInput, requiredText } from '../platform/graphql/input';
import { isUuid } from '../domain/uuid';
import type { IncentivePaymentInput, UpdateIncentivePaymentInput } from './graphql/incentive-payment.input';
import { lockUnderWritableProgram, lockWritableProgram } from './data/program-lock';
import { PaymentStatus } from './graphql/enums';
import type { PaymentRow } from './data/rows';

const status = z.enum(PaymentStatus, { error: 'must be a PaymentStatus and not null' });

const createSchema = z.object({
  paymentPeriod: requiredText(50), earnedAmount: nonNegativeMoney, paidAmount: nonNegativeMoney, status,
  notes: optionalText(4000).optional(),
});

const updateSchema = z.object({
  paymentPeriod: requiredText(50).optional(), earnedAmount: nonNegativeMoney.optional(),
  paidAmount: nonNegativeMoney.optional(), status: status.optional(), notes: optionalText(4000).optional(),
});

export async function recordIncentivePayment(db: TenantDb, programId: string, input: IncentivePaymentInput): Promise<PaymentRow> {
  return db.run(async (tx) => {
    const program = await lockWritableProgram(tx, programId, 'SHARE');
    const data = parseInput(createSchema, input);
    return tx.incentivePayment.create({ data: { ...data, notes: data.notes ?? null, organizationId: db.orgId, programId: program.id } });
  });
}

const lockPayment = async (tx: Tx, id: string): Promise<PaymentRow> =>
  lockUnderWritableProgram(tx, isUuid(id) ? await tx.incentivePayment.findUnique({ where: { id } }) : null, 'Incentive payment');

export async function updateIncentivePayment(db: TenantDb, id: string, input: UpdateIncentivePaymentInput): Promise<PaymentRow> {
  return db.run(async (tx) => {
    const current = await lockPayment(tx, id);
    const data = parseInput(updateSchema, input);
    return tx.incentivePayment.update({ where: { id: current.id }, data });
  });
}

/** Hard delete; returns what was deleted. */
export async function deleteIncentivePayment(db: TenantDb, id: string): Promise<PaymentRow> {
  return db.run(async (tx) => {
    const current = await lockPayment(tx, id);
    await tx.incentivePayment.delete({ where: { id: current.id } });
    return current;
  });
}
