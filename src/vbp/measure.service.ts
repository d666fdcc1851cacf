import { z } from 'zod';
import type { TenantDb, Tx } from '../platform/db/tenant';
import { badInput, mapDbError } from '../platform/graphql/errors';
import { INT_MAX, parseInput, requiredText } from '../platform/graphql/input';
import { isUuid } from '../domain/uuid';
import { storedBenchmark } from './model/measure-math';
import { canonicalProblem } from './model/measure-canonical';
import type { MeasureInput, UpdateMeasureInput } from './graphql/measure.input';
import { lockUnderWritableProgram, lockWritableProgram } from './data/program-lock';
import { MeasureSource } from './graphql/enums';
import type { MeasureRow } from './data/rows';

const measureId = z.string({ error: 'must be a string and not null' }).trim()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 characters of A-Z, a-z, 0-9, _, . or -');
const count = (min: number) => z.number({ error: 'must be an integer and not null' }).int()
  .min(min, `must be at least ${min}`).max(INT_MAX, `must be at most ${INT_MAX}`);
const benchmark = z.number({ error: 'must be a number and not null' })
  .transform((value, ctx) => storedBenchmark(value) ?? (ctx.addIssue({ code: 'custom', message: 'must be a finite number in [0, 1]' }), z.NEVER));
/** Trimmed; null or empty clears it; else the contract's canonical rule. */
const canonical = z.string({ error: 'must be a string' }).trim()
  .transform((s, ctx) => {
    if (s === '') return null;
    const problem = canonicalProblem(s);
    return problem === null ? s : (ctx.addIssue({ code: 'custom', message: problem }), z.NEVER);
  })
  .nullable();
const source = z.enum(MeasureSource, { error: 'must be a MeasureSource and not null' });

const createSchema = z.object({
  measureId, measureName: requiredText(200), numerator: count(0), denominator: count(1), benchmark,
  source: source.default(MeasureSource.MANUAL), canonical: canonical.optional(),
});

const updateSchema = z.object({
  measureId: measureId.optional(), measureName: requiredText(200).optional(), numerator: count(0).optional(),
  denominator: count(1).optional(), benchmark: benchmark.optional(), source: source.optional(),
  canonical: canonical.optional(),
});

/** Cross-field rule, checked on the values the row will have: numerator <= denominator. */
function checkCounts(numerator: number, denominator: number): void {
  if (numerator > denominator) throw badInput('input.numerator', 'input.numerator must not exceed input.denominator');
}

const onDuplicate = (error: unknown) => mapDbError(error, { uniqueField: 'input.measureId', what: 'A measure with this measureId in the program' });

export async function addMeasure(db: TenantDb, programId: string, input: MeasureInput): Promise<MeasureRow> {
  return db.run(async (tx) => {
    const program = await lockWritableProgram(tx, programId, 'SHARE');
    const data = parseInput(createSchema, input);
    checkCounts(data.numerator, data.denominator);
    return tx.measure.create({ data: { ...data, organizationId: db.orgId, programId: program.id } });
  }).catch(onDuplicate);
}

/** The measure and its program, locked; NOT_FOUND for another organization's id (RLS hides it). */
const lockMeasure = async (tx: Tx, id: string): Promise<MeasureRow> =>
  lockUnderWritableProgram(tx, isUuid(id) ? await tx.measure.findUnique({ where: { id } }) : null, 'Measure');

export async function updateMeasure(db: TenantDb, id: string, input: UpdateMeasureInput): Promise<MeasureRow> {
  return db.run(async (tx) => {
    const current = await lockMeasure(tx, id);
    const data = parseInput(updateSchema, input);
    checkCounts(data.numerator ?? current.numerator, data.denominator ?? current.denominator);
    return tx.measure.update({ where: { id: current.id }, data });
  }).catch(onDuplicate);
}

/** Hard delete; returns what was deleted. */
export async function deleteMeasure(db: TenantDb, id: string): Promise<MeasureRow> {
  return db.run(async (tx) => {
    const current = await lockMeasure(tx, id);
    await tx.measure.delete({ where: { id: current.id } });
    return current;
  });
}
