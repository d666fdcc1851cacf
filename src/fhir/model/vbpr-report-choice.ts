import type { CalendarDate } from '../../domain/calendar-date';
import { badInput } from '../../platform/graphql/errors';
import { isFullDate, type JsonObject, listOf, objectOr } from './fhir-json';

/** A MeasureReport of the Bundle and where it sits (`Bundle.entry[i].resource`). */
export interface LocatedReport { mr: JsonObject; path: string }

export interface Period { start: CalendarDate; end: CalendarDate }

/** What the comparison knows of the program when it reads a payer's Bundle. */
export interface ProgramContext {
  /** The program's VBP Measure `url` (contract: `<PUBLIC_BASE_URL>/fhir/Measure/vbp-program-<id>`). */
  measureUrl: string;
  /** The program's period, when it has both dates. */
  period: Period | null;
}

/** A canonical without its `|version`. */
export const canonicalUrl = (canonical: string) => canonical.split('|')[0];

/** A resource's id as a message may name it: a FHIR id, else its place in the Bundle (ids are the payer's free text). */
export const reportName = ({ mr, path }: LocatedReport) =>
  typeof mr.id === 'string' && /^[A-Za-z0-9\-.]{1,64}$/.test(mr.id) ? mr.id : path;

/** The date parts of a report's period, null unless both ends are dates (a dateTime counts by its date). */
export function datesOf(period: unknown): Period | null {
  const p = objectOr(period);
  if (!p || !isFullDate(p.start) || !isFullDate(p.end)) return null;
  return { start: p.start.slice(0, 10) as CalendarDate, end: p.end.slice(0, 10) as CalendarDate };
}

export const samePeriod = (a: Period | null, b: Period | null) => !!a && !!b && a.start === b.start && a.end === b.end;
export const showPeriod = (p: Period) => `${p.start}..${p.end}`;

/**
 * Contract v2, several Performance MeasureReports in one Bundle (a payer's
 * search result): the one whose `measure` canonical (before `|`) is the
 * program's VBP Measure url; else the only one covering exactly the program's
 * period; otherwise BAD_USER_INPUT on `report` naming the candidates. When
 * several carry the program's url (a monthly series), the period decides among
 * them. A lone Performance report is compared whatever its measure and period.
 */
export function choosePerformanceReport(performances: readonly LocatedReport[], program: ProgramContext): LocatedReport {
  if (performances.length === 1) return performances[0];
  const ours = performances.filter(({ mr }) => typeof mr.measure === 'string' && canonicalUrl(mr.measure) === program.measureUrl);
  if (ours.length === 1) return ours[0];
  const pool = ours.length ? ours : performances;
  const covering = pool.filter(({ mr }) => samePeriod(datesOf(mr.period), program.period));
  if (covering.length === 1) return covering[0];

  const candidates = covering.length ? covering : pool;
  const names = candidates.map(reportName).join(', ');
  const why = [
    ours.length ? `${ours.length} have measure ${program.measureUrl}` : `none has measure ${program.measureUrl}`,
    program.period
      ? `${covering.length ? covering.length : 'none'} ${covering.length === 1 ? 'covers' : 'cover'} the program's period ${showPeriod(program.period)}`
      : 'the program has no period to choose by',
  ].join(' and ');
  throw badInput('report', `report: Bundle.entry holds ${performances.length} VBP Performance MeasureReports and none can be chosen (${why}); candidates: ${names}`);
}

/** `MeasureReport/x`, also at the end of an absolute reference, with or without `/_history/n`. */
const RELATIVE = /(?:^|\/)([A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/** Resolves a reference inside the Bundle: by fullUrl, by `Type/id`, or by an absolute url's `Type/id` tail. */
export function resolverOf(byReference: ReadonlyMap<string, JsonObject>) {
  return (reference: string): JsonObject | undefined => {
    const direct = byReference.get(reference);
    if (direct) return direct;
    const relative = RELATIVE.exec(reference)?.[1];
    return relative ? byReference.get(relative) : undefined;
  };
}

/**
 * Contract v2: the chosen report's quality reports are the MeasureReports its
 * `evaluatedResource` lists (in that order, once each), when it lists any;
 * else every other MeasureReport of the Bundle that is not itself a
 * Performance report. References not in the Bundle become warnings.
 */
export function qualityReportsOf(
  chosen: LocatedReport, reports: readonly LocatedReport[], performances: readonly LocatedReport[],
  resolve: (reference: string) => JsonObject | undefined, warnings: string[],
): LocatedReport[] {
  const listed = listOf(chosen.mr.evaluatedResource);
  if (listed.length === 0) return reports.filter((r) => r !== chosen && !performances.includes(r));
  const picked: LocatedReport[] = [];
  listed.forEach((ref, i) => {
    const reference = objectOr(ref)?.reference;
    if (typeof reference !== 'string') return;
    const resource = resolve(reference);
    if (!resource) return void warnings.push(`${chosen.path}.evaluatedResource[${i}] refers to ${quotedReference(reference)}, which is not in the Bundle`);
    const report = reports.find((r) => r.mr === resource);
    if (report && report !== chosen && !picked.includes(report)) picked.push(report);
  });
  return picked;
}

/** References are the payer's text: shown whole when short, else cut. */
const quotedReference = (reference: string) => (reference.length > 200 ? `${reference.slice(0, 200)}…` : reference);
