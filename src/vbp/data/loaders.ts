import { isUuid } from '../../domain/uuid';
import type { Context } from '../../platform/graphql/context';
import { rowByIdLoader, rowsByParentLoader, sharedReads } from '../../platform/db/loader';
import type { TenantDb } from '../../platform/db/tenant';
import DataLoader from 'dataloader';
import { measuresOfPrograms, paymentsOfPrograms, termsOfPrograms } from './batches';
import { pageChildrenOf } from './program-page';
import type { IncentiveTermsRow, MeasureRow, PaymentRow, ProgramRow } from './rows';

/**
 * One loader per relation, built per request from the caller's tenant db
 * (app/context.ts); batches dispatched together share one transaction.
 */
export function createVbpLoaders(db: TenantDb) {
  const read = sharedReads(db);
  return {
    programById: rowByIdLoader((ids) => read((tx) => tx.program.findMany({ where: { id: { in: ids } } }))),
    measureById: rowByIdLoader((ids) => read((tx) => tx.measure.findMany({ where: { id: { in: ids } } }))),
    paymentById: rowByIdLoader((ids) => read((tx) => tx.incentivePayment.findMany({ where: { id: { in: ids } } }))),
    /** Contract: ordered by measureId (byte order: the column is COLLATE "C"). */
    measuresByProgramId: rowsByParentLoader((programIds) => read((tx) => measuresOfPrograms(tx, db.orgId, programIds))),
    /** Contract: ordered by paymentPeriod, then createdAt. */
    paymentsByProgramId: rowsByParentLoader((programIds) => read((tx) => paymentsOfPrograms(tx, db.orgId, programIds))),
    /** A program's incentive terms, null without (or for another organization's program). */
    incentiveTermsByProgramId: new DataLoader<string, IncentiveTermsRow | null>(async (programIds) => {
      const valid = [...new Set(programIds.filter(isUuid).map((id) => id.toLowerCase()))];
      const byProgram = valid.length ? await read((tx) => termsOfPrograms(tx, db.orgId, valid)) : new Map<string, IncentiveTermsRow[]>();
      return programIds.map((id) => byProgram.get(id.toLowerCase())?.[0] ?? null);
    }),
  };
}

export type VbpLoaders = ReturnType<typeof createVbpLoaders>;

/** After a write: later reads in the same request see the new row. */
export function rememberProgram<T extends { id: string }>(loaders: Pick<VbpLoaders, 'programById'>, row: T & Parameters<VbpLoaders['programById']['prime']>[1]): T {
  loaders.programById.clear(row.id).prime(row.id, row);
  return row;
}

/** After a measure or payment changed: the program's lists are loaded again if asked for. */
export function forgetProgramChildren(loaders: VbpLoaders, programId: string): void {
  loaders.measuresByProgramId.clear(programId);
  loaders.paymentsByProgramId.clear(programId);
}

/** A measure or payment just written (added, updated): returned as written, its program's lists forgotten. */
export function childWritten<T extends { programId: string }>(loaders: VbpLoaders, row: T): T {
  forgetProgramChildren(loaders, row.programId);
  return row;
}

/** A measure or payment just deleted: forgotten by id and in its program's lists; the mutation returns its id. */
export function childDeleted(loaders: VbpLoaders, byId: { clear(id: string): unknown }, deleted: { id: string; programId: string }): string {
  byId.clear(deleted.id);
  forgetProgramChildren(loaders, deleted.programId);
  return deleted.id;
}

/*
 * A program's children: those its page read with it (data/program-page.ts: only the columns the
 * operation selects under the page, on the page's own rows), else through the loaders (every column).
 */

export const measuresOf = (loaders: VbpLoaders, program: ProgramRow): MeasureRow[] | Promise<MeasureRow[]> =>
  pageChildrenOf(program)?.measures ?? loaders.measuresByProgramId.load(program.id);

export const paymentsOf = (loaders: VbpLoaders, program: ProgramRow): PaymentRow[] | Promise<PaymentRow[]> =>
  pageChildrenOf(program)?.payments ?? loaders.paymentsByProgramId.load(program.id);

/** null without terms. */
export function incentiveTermsOf(loaders: VbpLoaders, program: ProgramRow): IncentiveTermsRow | null | Promise<IncentiveTermsRow | null> {
  const read = pageChildrenOf(program)?.terms;
  return read === undefined ? loaders.incentiveTermsByProgramId.load(program.id) : read;
}

/** What the VBP module's resolvers get: the platform's context with its loaders. */
export type VbpContext = Context<VbpLoaders>;
