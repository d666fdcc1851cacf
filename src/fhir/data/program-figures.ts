import { notFound } from '../../platform/graphql/errors';
import type { ProgramRow, VbpLoaders } from '../../vbp';

type ProgramLoaders = Pick<VbpLoaders, 'programById' | 'measuresByProgramId' | 'paymentsByProgramId'>;
type TermsLoaders = Pick<VbpLoaders, 'incentiveTermsByProgramId'>;

/** The caller's program, or NOT_FOUND: another organization's program is indistinguishable from none (RLS). */
export async function programOrNotFound(loaders: ProgramLoaders, programId: string): Promise<ProgramRow> {
  const program = await loaders.programById.load(programId);
  if (!program) throw notFound('Program');
  return program;
}

/** Its measures (by measureId) and payments: one batched read per relation, through the request's loaders. */
export async function programChildren(loaders: ProgramLoaders, program: ProgramRow) {
  const [measures, payments] = await Promise.all([
    loaders.measuresByProgramId.load(program.id),
    loaders.paymentsByProgramId.load(program.id),
  ]);
  return { measures, payments };
}

/** Its incentive terms, null without: the export's incentive groups (one batched read, through the request's loaders). */
export async function programTerms(loaders: TermsLoaders, program: ProgramRow) {
  return loaders.incentiveTermsByProgramId.load(program.id);
}
