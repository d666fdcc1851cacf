import { z } from 'zod';
import { type CalendarDate, toDbDate } from '../domain/calendar-date';
import type { TenantDb } from '../platform/db/tenant';
import { badInput } from '../platform/graphql/errors';
import { hasNul, optionalText, parseInput, requiredText } from '../platform/graphql/input';
import { checkFirst, connectionOf, decodeNameIdCursor, nameIdCursor, toPage } from '../platform/graphql/pagination';
import type { CreateProgramInput, ProgramFilter, UpdateProgramInput } from './graphql/program.input';
import { lockProgram, lockWritableProgram } from './data/program-lock';
import { type PeriodInput, resolveProgramPeriod, type StoredPeriod } from './model/program-period';
import { ContractType, ProgramStatus } from './graphql/enums';
import { type PageReads, type ProgramPageFilter, readProgramPage } from './data/program-page';
import type { ProgramRow } from './data/rows';

const date = z.string().nullable().optional() as z.ZodType<CalendarDate | null | undefined>;

const createSchema = z.object({
  name: requiredText(200),
  payerId: optionalText(200).optional(),
  contractType: z.enum(ContractType),
  measurementPeriod: requiredText(50),
  periodStart: date,
  periodEnd: date,
  status: z.enum(ProgramStatus, { error: 'must be a ProgramStatus and not null' }).default(ProgramStatus.ACTIVE),
  notes: optionalText(4000).optional(),
});

const updateSchema = z.object({
  name: requiredText(200).optional(),
  payerId: optionalText(200).optional(),
  contractType: z.enum(ContractType, { error: 'must be a ContractType and not null' }).optional(),
  measurementPeriod: requiredText(50).optional(),
  periodStart: date,
  periodEnd: date,
  status: z.enum(ProgramStatus, { error: 'must be a ProgramStatus and not null' }).optional(),
  notes: optionalText(4000).optional(),
});

function periodOrThrow(current: StoredPeriod | null, input: PeriodInput) {
  const period = resolveProgramPeriod(current, input);
  if (!period.ok) {
    const field = `input.${period.field}`;
    throw badInput(field, `${field}: periodStart must not be after periodEnd`);
  }
  return {
    periodStart: period.periodStart && toDbDate(period.periodStart),
    periodEnd: period.periodEnd && toDbDate(period.periodEnd),
  };
}

export async function createProgram(db: TenantDb, input: CreateProgramInput): Promise<ProgramRow> {
  const data = parseInput(createSchema, input);
  const period = periodOrThrow(null, data);
  return db.run((tx) => tx.program.create({
    data: {
      ...data, ...period, nameSearch: searchKey(data.name), payerId: data.payerId ?? null, notes: data.notes ?? null,
      organizationId: db.orgId,
    },
  }));
}

export async function updateProgram(db: TenantDb, id: string, input: UpdateProgramInput): Promise<ProgramRow> {
  return db.run(async (tx) => {
    const current = await lockWritableProgram(tx, id, 'UPDATE');
    const data = parseInput(updateSchema, input);
    const period = periodOrThrow(current as StoredPeriod, data);
    const nameSearch = data.name === undefined ? undefined : searchKey(data.name);
    return tx.program.update({ where: { id: current.id }, data: { ...data, ...period, nameSearch } });
  });
}

/** Soft delete: archived programs stay readable; archiving twice changes nothing. */
export async function archiveProgram(db: TenantDb, id: string): Promise<ProgramRow> {
  return db.run(async (tx) => {
    const current = await lockProgram(tx, id, 'UPDATE');
    if (current.archived) return tx.program.findUniqueOrThrow({ where: { id: current.id } });
    return tx.program.update({ where: { id: current.id }, data: { deletedAt: new Date() } });
  });
}

/** Case folding done here, not by the database, so every locale (and PGlite) agrees. */
export const searchKey = (text: string) => text.normalize('NFC').toLowerCase();

/** LIKE wildcards in a search term are literal characters. */
const escapeLike = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);

const filterText = (value: string | null | undefined, field: string) => {
  const text = value?.trim();
  if (text && hasNul(text)) throw badInput(`filter.${field}`, `filter.${field} must not contain NUL characters`);
  return text;
};

function filterOf(orgId: string, filter: ProgramFilter | null | undefined): ProgramPageFilter {
  const search = filterText(filter?.search, 'search');
  const payerId = filterText(filter?.payerId, 'payerId');
  const measurementPeriod = filterText(filter?.measurementPeriod, 'measurementPeriod');
  return {
    orgId,
    status: filter?.status ?? undefined,
    contractType: filter?.contractType ?? undefined,
    // Given means given, even blank: filters compare literally.
    payerId,
    measurementPeriod,
    activeOnly: filter?.includeArchived === false,
    nameContains: search ? escapeLike(searchKey(search)) : undefined,
  };
}

/**
 * Contract: ordered by name (byte order), then id; the cursor carries both.
 * The page's measures, payments and incentive terms, when `reads` asks for them, come in the same
 * statement and answer for the page's programs: a dashboard is one round trip of data (data/program-page.ts).
 */
export async function listPrograms(
  db: TenantDb, filter: ProgramFilter | null | undefined, first: number, after: string | null | undefined, reads: PageReads,
) {
  checkFirst(first);
  const query = { filter: filterOf(db.orgId, filter), after: decodeNameIdCursor(after), first, reads };
  const { totalCount, rows } = await db.read((sql) => readProgramPage(sql, query));
  return connectionOf(toPage(rows, first, after), totalCount, nameIdCursor);
}
