import Decimal from 'decimal.js';
import { z } from 'zod';
import { type CalendarDate, toDbDate } from '../domain/calendar-date';
import type { TenantDb } from '../platform/db/tenant';
import { badInput } from '../platform/graphql/errors';
import { nonNegativeMoney, optionalText, parseInput, requiredText } from '../platform/graphql/input';
import { afterNameAndId, checkFirst, connectionOf, nameIdCursor, toPage } from '../platform/graphql/pagination';
import { RosterSource } from './graphql/enums';
import type { ContractRow } from './data/rows';
import type { CreateCapitationContractInput, UpdateCapitationContractInput } from './graphql/capitation.input';
import { effectiveRangeOf, lockContract, lockWritableContract } from './data/contract-lock';

const date = z.string({ error: 'must be a Date and not null' }) as unknown as z.ZodType<CalendarDate>;
/** Contract (Hostile input, version 2): at most 100000.00, so that no count x rate overflows what an amount holds. */
const MAX_PMPM_RATE = '100000.00';
const pmpmRate = nonNegativeMoney.refine((rate) => new Decimal(rate).lte(MAX_PMPM_RATE), `must be at most ${MAX_PMPM_RATE}`);
const rosterSource = z.enum(RosterSource, { error: 'must be a RosterSource and not null' });

const createSchema = z.object({
  name: requiredText(200),
  payerId: optionalText(200).optional(),
  pmpmRate,
  effectiveFrom: date,
  effectiveTo: date.nullable().optional(),
  rosterSource: rosterSource.default(RosterSource.MANUAL),
});

const updateSchema = z.object({
  name: requiredText(200).optional(),
  payerId: optionalText(200).optional(),
  pmpmRate: pmpmRate.optional(),
  effectiveFrom: date.optional(),
  effectiveTo: date.nullable().optional(),
  rosterSource: rosterSource.optional(),
});

/** Contract: effectiveFrom <= effectiveTo; the error names the end that was given. */
function checkRange(from: CalendarDate, to: CalendarDate | null, given: { effectiveTo?: unknown }) {
  if (to && from > to) {
    const field = given.effectiveTo ? 'input.effectiveTo' : 'input.effectiveFrom';
    throw badInput(field, `${field}: effectiveFrom must not be after effectiveTo`);
  }
}

export async function createContract(db: TenantDb, input: CreateCapitationContractInput): Promise<ContractRow> {
  const data = parseInput(createSchema, input);
  checkRange(data.effectiveFrom, data.effectiveTo ?? null, data);
  return db.run((tx) => tx.capitationContract.create({
    data: {
      ...data, organizationId: db.orgId, payerId: data.payerId ?? null,
      effectiveFrom: toDbDate(data.effectiveFrom), effectiveTo: data.effectiveTo ? toDbDate(data.effectiveTo) : null,
    },
  }));
}

export async function updateContract(db: TenantDb, id: string, input: UpdateCapitationContractInput): Promise<ContractRow> {
  return db.run(async (tx) => {
    const current = await lockWritableContract(tx, id, 'UPDATE');
    const data = parseInput(updateSchema, input);
    const range = effectiveRangeOf(current);
    checkRange(data.effectiveFrom ?? range.from, data.effectiveTo === undefined ? range.to : data.effectiveTo, data);
    return tx.capitationContract.update({
      where: { id: current.id },
      data: {
        ...data,
        effectiveFrom: data.effectiveFrom && toDbDate(data.effectiveFrom),
        effectiveTo: data.effectiveTo === undefined ? undefined : data.effectiveTo && toDbDate(data.effectiveTo),
      },
    });
  });
}

/** Soft delete, like programs: archived contracts stay readable; archiving twice changes nothing. */
export async function archiveContract(db: TenantDb, id: string): Promise<ContractRow> {
  return db.run(async (tx) => {
    const contract = await lockContract(tx, id, 'UPDATE');
    if (contract.deletedAt) return contract;
    return tx.capitationContract.update({ where: { id: contract.id }, data: { deletedAt: new Date() } });
  });
}

/** Contract: ordered by name (byte order), then id. */
export async function listContracts(db: TenantDb, includeArchived: boolean, first: number, after?: string | null) {
  checkFirst(first);
  const where = { organizationId: db.orgId, ...(includeArchived ? {} : { deletedAt: null }) };
  const [totalCount, rows] = await db.run((tx) => Promise.all([
    tx.capitationContract.count({ where }),
    tx.capitationContract.findMany({ where: afterNameAndId(where, after), orderBy: [{ name: 'asc' }, { id: 'asc' }], take: first + 1 }),
  ]));
  return connectionOf(toPage(rows, first, after), totalCount, nameIdCursor);
}
