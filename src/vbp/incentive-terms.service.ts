import Decimal from 'decimal.js';
import { z } from 'zod';
import type { TenantDb } from '../platform/db/tenant';
import { badInput } from '../platform/graphql/errors';
import { hasNul, nonNegativeMoney, parseInput } from '../platform/graphql/input';
import { lockWritableProgram } from './data/program-lock';
import type { IncentiveTermsRow, ProgramRow } from './data/rows';
import type { IncentiveTermsInput } from './graphql/incentive-terms.input';

/** Contract: at most 200 weights, checked before any of them is looked at. */
const MAX_WEIGHTS = 200;

/** A GraphQL default is not parsed by the scalar: the omitted atRiskAmount arrives as its text "0.00". */
const money = z.preprocess((v) => (typeof v === 'string' ? new Decimal(v) : v), nonNegativeMoney);

/** Contract: a finite number in [0, 1], kept as given (its shortest decimal form, JavaScript String(x)). */
const qualityGate = z.number({ error: 'must be a number' })
  .refine((v) => Number.isFinite(v) && v >= 0 && v <= 1, 'must be a finite number in [0, 1]')
  .transform((v) => new Decimal(String(v)).toFixed())
  .nullish()
  .transform((v) => v ?? null);

/** Contract: finite, > 0 and <= 1000, stored rounded half-up to 4 decimals of its shortest decimal form; one that rounds to 0 is refused. */
const weight = z.number({ error: 'must be a number and not null' })
  .refine((v) => Number.isFinite(v) && v > 0 && v <= 1000, 'must be a finite number > 0 and <= 1000')
  .transform((v) => new Decimal(String(v)).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4))
  .refine((v) => new Decimal(v).gt(0), 'must not round to 0 at 4 decimals');

const schema = z.object({
  maxIncentive: money,
  qualityGate,
  atRiskAmount: money,
  measureWeights: z.array(z.object({
    measureId: z.string({ error: 'must be a string and not null' }).trim().refine((s) => !hasNul(s), 'must not contain NUL characters'),
    weight,
  }), { error: 'must be a list and not null' }),
});

/**
 * Sets the program's incentive terms whole (an omitted field takes its default), or with `input` null
 * removes them. The program row is locked FOR UPDATE: two settings of one program, or a setting and a
 * measure deleted or an archive, do not interleave, so the weights name measures the program has.
 */
export async function setIncentiveTerms(db: TenantDb, programId: string, input: IncentiveTermsInput | null | undefined): Promise<{ program: ProgramRow; terms: IncentiveTermsRow | null }> {
  return db.run(async (tx) => {
    const { id } = await lockWritableProgram(tx, programId, 'UPDATE');
    const remove = () => tx.incentiveTerms.deleteMany({ where: { programId: id } });
    const program = async () => (await tx.program.findUnique({ where: { id } }))!;
    if (input == null) {
      await remove();
      return { program: await program(), terms: null };
    }
    if (Array.isArray(input.measureWeights) && input.measureWeights.length > MAX_WEIGHTS) {
      throw badInput('input.measureWeights', `input.measureWeights must have at most ${MAX_WEIGHTS} entries`);
    }
    const data = parseInput(schema, input);
    const ids = data.measureWeights.map((w) => w.measureId);
    if (new Set(ids).size !== ids.length) throw badInput('input.measureWeights', 'input.measureWeights names a measureId more than once');
    const known = new Set((await tx.measure.findMany({ where: { programId: id }, select: { measureId: true } })).map((m) => m.measureId));
    if (ids.some((measureId) => !known.has(measureId))) throw badInput('input.measureWeights', 'input.measureWeights names a measureId the program does not have');

    await remove();
    await tx.incentiveTerms.create({
      data: { organizationId: db.orgId, programId: id, maxIncentive: data.maxIncentive, qualityGate: data.qualityGate, atRiskAmount: data.atRiskAmount },
    });
    if (data.measureWeights.length) {
      await tx.measureWeight.createMany({ data: data.measureWeights.map((w) => ({ organizationId: db.orgId, programId: id, ...w })) });
    }
    const measureWeights = [...data.measureWeights].sort((a, b) => (a.measureId < b.measureId ? -1 : a.measureId > b.measureId ? 1 : 0));
    return {
      program: await program(),
      terms: { organizationId: db.orgId, programId: id, maxIncentive: data.maxIncentive, qualityGate: data.qualityGate, atRiskAmount: data.atRiskAmount, measureWeights },
    };
  });
}
