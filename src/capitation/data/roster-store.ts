import { Prisma } from '../../generated/prisma/client';
import type { CalendarDate } from '../../domain/calendar-date';
import type { Tx } from '../../platform/db/tenant';
import { PGP_OPTIONS, type PhiKeys } from '../../platform/phi';
import type { RosterEventRow } from './rows';
import { maskMemberId } from '../model/period-math';

export interface NewRosterEvent {
  memberIdExternal: string;
  eventType: string;
  effectiveDate: string;
  patientId: string | null;
}

/**
 * Appends roster events in one statement, in the given order (their `seq`, so
 * of two events of a member on one date the later one wins). The member id is
 * encrypted by pgcrypto, hashed with the PHI hash key, and masked; it travels
 * only as a bind parameter and is never logged.
 */
export async function insertRosterEvents(
  tx: Tx, phi: PhiKeys, target: { orgId: string; contractId: string; source: string }, events: NewRosterEvent[],
): Promise<Omit<RosterEventRow, 'memberIdExternal'>[]> {
  if (events.length === 0) return [];
  return tx.$queryRaw<Omit<RosterEventRow, 'memberIdExternal'>[]>`
    INSERT INTO pm_capitation_roster_events
      (organization_id, contract_id, patient_id, member_id_encrypted, member_id_hash, member_id_mask, event_type, effective_date, source)
    SELECT ${target.orgId}::uuid, ${target.contractId}::uuid, t.patient_id, pgp_sym_encrypt(t.member_id, ${phi.encryptionKey}, ${PGP_OPTIONS}),
           t.member_hash, t.member_mask, t.event_type::pm_cap_roster_event_type, t.effective_date, ${target.source}::pm_cap_roster_source
    FROM unnest(${events.map((e) => e.patientId)}::uuid[], ${events.map((e) => e.memberIdExternal)}::text[],
                ${events.map((e) => phi.hash(e.memberIdExternal))}::text[], ${events.map((e) => maskMemberId(e.memberIdExternal))}::text[],
                ${events.map((e) => e.eventType)}::text[], ${events.map((e) => e.effectiveDate)}::date[])
         WITH ORDINALITY AS t(patient_id, member_id, member_hash, member_mask, event_type, effective_date, ord)
    ORDER BY t.ord
    RETURNING id, contract_id AS "contractId", patient_id::text AS "patientId", member_id_mask AS "memberIdMask",
              event_type::text AS "eventType", effective_date::text AS "effectiveDate", source::text AS source, created_at AS "createdAt"`;
}

export interface CountKey { contractId: string; date: CalendarDate }

/**
 * How many members are enrolled on each (contract, date): a member counts when
 * their latest event effective on or before the date is ENROLL. One statement
 * for any number of contracts and dates: each member's events become intervals
 * [effective_date, next event's date), and an ENROLL interval covering the date
 * counts. Of two events on one date the earlier-recorded one gets an empty
 * interval, so the later one wins.
 */
export async function countEnrolled(tx: Tx, keys: readonly CountKey[]): Promise<number[]> {
  if (keys.length === 0) return [];
  const contractIds = keys.map((k) => k.contractId);
  const rows = await tx.$queryRaw<{ ord: bigint; enrolled: number }[]>`
    WITH asked AS (
      SELECT * FROM unnest(${contractIds}::uuid[], ${keys.map((k) => k.date)}::date[]) WITH ORDINALITY AS a(contract_id, day, ord)
    ), spans AS (
      SELECT contract_id, event_type, effective_date,
             lead(effective_date) OVER (PARTITION BY contract_id, member_id_hash ORDER BY effective_date, seq) AS next_date
      FROM pm_capitation_roster_events
      WHERE contract_id = ANY(${[...new Set(contractIds)]}::uuid[])
    )
    SELECT a.ord, count(s.contract_id)::int AS enrolled
    FROM asked a
    LEFT JOIN spans s ON s.contract_id = a.contract_id AND s.event_type = 'ENROLL'
      AND s.effective_date <= a.day AND (s.next_date IS NULL OR s.next_date > a.day)
    GROUP BY a.ord
    ORDER BY a.ord`;
  return rows.map((r) => r.enrolled);
}

export const countKey = (k: CountKey) => `${k.contractId}|${k.date}`;

/** A page of each contract's roster (effectiveDate, createdAt, id), decrypting member ids only when `reveal`. */
export async function rosterPages(
  tx: Tx, phi: PhiKeys, reveal: boolean, contractIds: string[], first: number,
  after: { effectiveDate: string; createdAt: string; id: string } | null,
): Promise<RosterEventRow[]> {
  const cursor = after
    ? Prisma.sql`AND (e.effective_date, e.created_at, e.id) > (${after.effectiveDate}::date, ${after.createdAt}::timestamptz, ${after.id}::uuid)`
    : Prisma.empty;
  // Decrypt in the outer query: only the rows of the page, never the whole roster.
  const memberId = reveal ? Prisma.sql`pgp_sym_decrypt(p.member_id_encrypted, ${phi.encryptionKey})` : Prisma.sql`NULL::text`;
  return tx.$queryRaw<RosterEventRow[]>`
    SELECT p.id, p.contract_id AS "contractId", p.patient_id::text AS "patientId", ${memberId} AS "memberIdExternal",
           p.member_id_mask AS "memberIdMask", p.event_type::text AS "eventType", p.effective_date::text AS "effectiveDate",
           p.source::text AS source, p.created_at AS "createdAt"
    FROM (
      SELECT e.*, row_number() OVER (PARTITION BY e.contract_id ORDER BY e.effective_date, e.created_at, e.id) AS rn
      FROM pm_capitation_roster_events e
      WHERE e.contract_id = ANY(${contractIds}::uuid[]) ${cursor}
    ) p
    WHERE p.rn <= ${first + 1}
    ORDER BY p.contract_id, p.rn`;
}

export async function rosterCounts(tx: Tx, contractIds: string[]): Promise<Map<string, number>> {
  const rows = await tx.$queryRaw<{ contractId: string; total: number }[]>`
    SELECT contract_id::text AS "contractId", count(*)::int AS total FROM pm_capitation_roster_events
    WHERE contract_id = ANY(${contractIds}::uuid[]) GROUP BY contract_id`;
  return new Map(rows.map((r) => [r.contractId, r.total]));
}
