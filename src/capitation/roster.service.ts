import { z } from 'zod';
import { type CalendarDate, parseCalendarDate } from '../domain/calendar-date';
import type { TenantDb } from '../platform/db/tenant';
import { badInput } from '../platform/graphql/errors';
import { parseInput } from '../platform/graphql/input';
import { decodeCursor } from '../platform/graphql/pagination';
import type { PhiKeys } from '../platform/phi';
import { RosterEventType, RosterSource } from './graphql/enums';
import type { RosterEventInput } from './graphql/capitation.input';
import type { RosterEventRow } from './data/rows';
import { lockWritableContract } from './data/contract-lock';
import { memberIdProblem, parseRosterCsv } from './model/roster-csv';
import { insertRosterEvents } from './data/roster-store';
import { isUuid } from '../domain/uuid';

const eventSchema = z.object({
  memberIdExternal: z.string().trim().superRefine((id, ctx) => {
    const problem = memberIdProblem(id);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.replace(/^memberIdExternal /, '') });
  }),
  eventType: z.enum(RosterEventType),
  effectiveDate: z.string() as unknown as z.ZodType<CalendarDate>,
  patientId: z.string().trim().refine(isUuid, 'must be a UUID').transform((id) => id.toLowerCase()).nullable().optional(),
  source: z.enum(RosterSource, { error: 'must be a RosterSource and not null' }).default(RosterSource.MANUAL),
});

/** Appends one roster event; the caller has pm.capitation.manage, so the answer carries the clear member id. */
export async function recordRosterEvent(db: TenantDb, phi: PhiKeys, contractId: string, input: RosterEventInput): Promise<RosterEventRow> {
  return db.run(async (tx) => {
    const contract = await lockWritableContract(tx, contractId, 'SHARE');
    const event = parseInput(eventSchema, input);
    const [row] = await insertRosterEvents(tx, phi, { orgId: db.orgId, contractId: contract.id, source: event.source }, [
      { ...event, patientId: event.patientId ?? null },
    ]);
    return { ...row, memberIdExternal: event.memberIdExternal };
  });
}

export interface RosterImportResult {
  accepted: number;
  rejected: number;
  dryRun: boolean;
  errors: { row: number; column: string | null; message: string }[];
}

/**
 * Contract: all-or-nothing. Rows are written (source CSV_UPLOAD) only when no
 * row was rejected and this is not a dry run; a bad header or an oversized
 * file is BAD_USER_INPUT on `csv`.
 */
export async function importRosterCsv(db: TenantDb, phi: PhiKeys, contractId: string, csv: string, dryRun: boolean): Promise<RosterImportResult> {
  // Parsed before the transaction starts: up to 50,000 rows of CPU work should not hold a connection.
  const parsed = parseRosterCsv(csv);
  if (!parsed.ok) throw badInput('csv', parsed.message);
  return db.run(async (tx) => {
    const contract = await lockWritableContract(tx, contractId, 'SHARE');
    const result = { accepted: parsed.rows.length, rejected: parsed.rejected, dryRun, errors: parsed.errors };
    if (dryRun || parsed.rejected > 0) return result;
    await insertRosterEvents(tx, phi, { orgId: db.orgId, contractId: contract.id, source: RosterSource.CSV_UPLOAD }, parsed.rows);
    return result;
    // 50,000 rows encrypted one by one take seconds (longer on the embedded database): room beyond the default.
  }, { timeoutMs: 120_000 });
}

export interface RosterCursor { effectiveDate: string; createdAt: string; id: string }

export function rosterCursorOf(after: string | null | undefined): RosterCursor | null {
  if (!after) return null;
  const [effectiveDate, createdAt, id] = decodeCursor(after, 3);
  // Exactly what rosterCursorOf in capitation.loaders.ts writes: a calendar date and toISOString().
  const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(createdAt) ? new Date(createdAt) : null;
  if (!isUuid(id) || !instant || Number.isNaN(instant.getTime()) || instant.toISOString() !== createdAt || !parseCalendarDate(effectiveDate)) {
    throw badInput('after', 'after is not a cursor returned by this API');
  }
  return { effectiveDate, createdAt, id };
}
