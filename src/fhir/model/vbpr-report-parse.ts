import { type CalendarDate, parseCalendarDate } from '../../domain/calendar-date';
import type { Money } from '../../domain/money';
import { badInput } from '../../platform/graphql/errors';
import {
  canonicalTail, codingsOf, extensionsOf, isCount, isFullDate, isObject, jsonDepthExceeds, type JsonObject, listOf, nonEmptyString,
  objectOr, profilesOf,
} from './fhir-json';
import { earnedIncentiveOf } from './vbpr-earned-incentive';
import {
  choosePerformanceReport, datesOf, type LocatedReport, type Period, type ProgramContext, qualityReportsOf, reportName, resolverOf,
  samePeriod, showPeriod,
} from './vbpr-report-choice';
import { CS, EXT, PROFILE } from './vbpr-urls';

export type { ProgramContext } from './vbpr-report-choice';

/** A report larger than this is refused before it is read (the request body itself may be up to 8 MB). */
export const REPORT_MAX_BYTES = 5 * 1024 * 1024;
/** Far deeper than FHIR nests; bounds every walk of a hostile report. */
const REPORT_MAX_DEPTH = 100;
const BUNDLE_TYPES = new Set(['collection', 'transaction', 'searchset']);

/** One measure as the payer reported it (one group of a Quality MeasureReport). */
export interface PayerMeasure {
  /** group.code's code, else the last segment of the `measure` canonical before `|`. */
  code: string;
  numerator: number | null;
  denominator: number | null;
  /** measureScore.value, when it is a proportion in [0, 1]. */
  score: number | null;
  /** Where in the report, for warnings. */
  where: string;
  /** The quality report's `measure` canonical, as given (VbprMeasureComparison.payerCanonical). */
  canonical: string | null;
}

export interface PayerReport {
  /** The compared Performance MeasureReport's `id`. */
  reportId: string | null;
  reporter: string | null;
  periodStart: CalendarDate;
  periodEnd: CalendarDate;
  measures: PayerMeasure[];
  earnedIncentive: Money | null;
  warnings: string[];
}

/** Contract: a structurally invalid report is BAD_USER_INPUT on `report`, naming the element. */
const invalid = (element: string, problem: string) => badInput('report', `report: ${element} ${problem}`);

/**
 * Reads a payer's VBPR Bundle (collection, transaction or searchset): refuses
 * what is not FHIR R4 JSON of that shape, chooses the Performance
 * MeasureReport compared (contract v2: several may come in a search result)
 * and reads its Quality MeasureReports; notes what is merely unusual as
 * warnings, among them each quality report whose period is not the program's.
 */
export function readPayerReport(report: unknown, program: ProgramContext): PayerReport {
  if (!isObject(report)) throw badInput('report', 'report must be a JSON object: a FHIR R4 Bundle');
  if (jsonDepthExceeds(report, REPORT_MAX_DEPTH)) throw badInput('report', `report is nested more than ${REPORT_MAX_DEPTH} levels deep`);
  if (Buffer.byteLength(JSON.stringify(report), 'utf8') > REPORT_MAX_BYTES) throw badInput('report', 'report exceeds 5 MB of JSON');
  if (report.resourceType !== 'Bundle') throw invalid('resourceType', 'must be "Bundle" (a FHIR R4 Bundle of VBPR MeasureReports)');
  if (!BUNDLE_TYPES.has(report.type as string)) throw invalid('Bundle.type', 'must be collection, transaction or searchset');
  if (report.entry !== undefined && !Array.isArray(report.entry)) throw invalid('Bundle.entry', 'must be an array');

  const reports: LocatedReport[] = [];
  const byReference = new Map<string, JsonObject>();
  listOf(report.entry).forEach((e, i) => {
    const path = `Bundle.entry[${i}]`;
    if (!isObject(e)) throw invalid(path, 'must be an object');
    if (e.resource === undefined) return; // e.g. a transaction's DELETE
    if (!isObject(e.resource) || !nonEmptyString(e.resource.resourceType)) throw invalid(`${path}.resource.resourceType`, 'must be a resource type');
    const resource = e.resource;
    if (nonEmptyString(e.fullUrl)) byReference.set(e.fullUrl, resource);
    if (nonEmptyString(resource.id)) byReference.set(`${resource.resourceType}/${resource.id}`, resource);
    if (resource.resourceType === 'MeasureReport') reports.push({ mr: resource, path: `${path}.resource` });
  });
  reports.forEach(({ mr, path }) => checkGroups(mr, path));
  reports.forEach(({ mr, path }) => checkNumerators(mr, path));

  const performances = reports.filter(({ mr }) => isPerformanceReport(mr));
  if (performances.length === 0) throw invalid('Bundle.entry', 'holds no VBP Performance MeasureReport');
  const performance = choosePerformanceReport(performances, program);
  const warnings: string[] = [];
  const [periodStart, periodEnd] = periodOf(performance.mr, performance.path);
  const qualities = qualityReportsOf(performance, reports, performances, resolverOf(byReference), warnings);
  if (program.period) qualities.forEach((q) => periodWarning(q, program.period!, warnings));
  return {
    reportId: nonEmptyString(performance.mr.id) ? performance.mr.id : null,
    reporter: reporterOf(performance.mr, byReference),
    periodStart,
    periodEnd,
    measures: qualities.flatMap(({ mr, path }) => measuresOf(mr, path, warnings)),
    earnedIncentive: earnedIncentiveOf(performance.mr, performance.path, warnings),
    warnings,
  };
}

/** Contract v2: a quality report whose period is not the program's is still compared, with a warning naming it and both periods. */
function periodWarning(quality: LocatedReport, program: Period, warnings: string[]) {
  const period = datesOf(quality.mr.period);
  if (!period) warnings.push(`Quality report ${reportName(quality)} has no period with start and end dates; it is compared without one`);
  else if (!samePeriod(period, program)) {
    warnings.push(`Quality report ${reportName(quality)} covers ${showPeriod(period)}, the program ${showPeriod(program)}`);
  }
}

/**
 * The profile says so, or it has what only a performance report has (an
 * organization subject, linked reports, VBPR metrics); a report claiming the
 * quality profile is a quality report even when it lists evaluated resources.
 */
const isPerformanceReport = (mr: JsonObject) => {
  const profiles = profilesOf(mr);
  if (profiles.includes(PROFILE.performanceReport)) return true;
  if (profiles.includes(PROFILE.qualityReport)) return false;
  return extensionsOf(mr.subject, EXT.organizationSubject).length > 0
    || listOf(mr.evaluatedResource).length > 0
    || listOf(mr.group).some((g) => codingsOf(objectOr(g)?.code).some((c) => c.system === CS.performanceMetric));
};

/** Every MeasureReport: groups and populations are arrays of objects, counts non-negative integers, scores numbers. */
function checkGroups(mr: JsonObject, path: string) {
  if (mr.group !== undefined && !Array.isArray(mr.group)) throw invalid(`${path}.group`, 'must be an array');
  listOf(mr.group).forEach((g, i) => {
    const at = `${path}.group[${i}]`;
    if (!isObject(g)) throw invalid(at, 'must be an object');
    if (g.population !== undefined && !Array.isArray(g.population)) throw invalid(`${at}.population`, 'must be an array');
    listOf(g.population).forEach((p, j) => {
      if (!isObject(p)) throw invalid(`${at}.population[${j}]`, 'must be an object');
      if (p.count !== undefined && !isCount(p.count)) throw invalid(`${at}.population[${j}].count`, 'must be a non-negative integer');
    });
    const score = objectOr(g.measureScore)?.value;
    if (score !== undefined && !(typeof score === 'number' && Number.isFinite(score))) throw invalid(`${at}.measureScore.value`, 'must be a number');
  });
}

/** A group's count of a population code (plain or VBPR `calculated-`), null when absent. */
function countOf(group: JsonObject, code: string): { count: number; index: number } | null {
  const index = listOf(group.population).findIndex((p) => codingsOf(objectOr(p)?.code).some((c) => c.code === code) && objectOr(p)?.count !== undefined);
  return index < 0 ? null : { count: (group.population as JsonObject[])[index].count as number, index };
}

/** VBPR's calculated counts are after exclusions, like ours, so they win over the plain ones when both are there. */
const numeratorOf = (g: JsonObject) => countOf(g, 'calculated-numerator') ?? countOf(g, 'numerator');
const denominatorOf = (g: JsonObject) => countOf(g, 'calculated-denominator') ?? countOf(g, 'denominator');

function checkNumerators(mr: JsonObject, path: string) {
  listOf(mr.group).forEach((g, i) => {
    for (const [numerator, denominator] of [['numerator', 'denominator'], ['calculated-numerator', 'calculated-denominator']]) {
      const n = countOf(g as JsonObject, numerator);
      const d = countOf(g as JsonObject, denominator);
      if (n && d && n.count > d.count) throw invalid(`${path}.group[${i}].population[${n.index}].count`, `(${numerator}) must not exceed the ${denominator} count`);
    }
  });
}

function periodOf(mr: JsonObject, path: string): [CalendarDate, CalendarDate] {
  const period = objectOr(mr.period);
  const end = (key: 'start' | 'end') => {
    const value = period?.[key];
    if (!isFullDate(value)) throw invalid(`${path}.period.${key}`, 'must be a date (YYYY-MM-DD) or a dateTime');
    return parseCalendarDate(value.slice(0, 10))!;
  };
  const [start, finish] = [end('start'), end('end')];
  if (start > finish) throw invalid(`${path}.period`, 'must not start after it ends');
  return [start, finish];
}

/** As given there: the reference's display, else the named Organization's name, else the reference itself. */
function reporterOf(mr: JsonObject, byReference: ReadonlyMap<string, JsonObject>): string | null {
  const reporter = objectOr(mr.reporter);
  if (!reporter) return null;
  if (nonEmptyString(reporter.display)) return reporter.display;
  const named = typeof reporter.reference === 'string' ? byReference.get(reporter.reference) : undefined;
  if (named && nonEmptyString(named.name)) return named.name;
  if (nonEmptyString(reporter.reference)) return reporter.reference;
  const identifier = objectOr(reporter.identifier)?.value;
  return nonEmptyString(identifier) ? identifier : null;
}

function measuresOf(mr: JsonObject, path: string, warnings: string[]): PayerMeasure[] {
  const groups = listOf(mr.group) as JsonObject[];
  if (groups.length === 0) warnings.push(`${path} has no group, so no measure`);
  return groups.flatMap((group, i) => {
    const where = `${path}.group[${i}]`;
    const code = codingsOf(group.code)[0]?.code ?? (nonEmptyString(mr.measure) ? canonicalTail(mr.measure) : '');
    if (!code) {
      warnings.push(`${where} names no measure (neither group.code nor a measure canonical); it is not compared`);
      return [];
    }
    let score = objectOr(group.measureScore)?.value as number | undefined;
    if (score !== undefined && (score < 0 || score > 1)) {
      warnings.push(`Measure ${code}: measureScore ${score} is not a proportion in [0, 1]; it is not used`);
      score = undefined;
    }
    return [{
      code, numerator: numeratorOf(group)?.count ?? null, denominator: denominatorOf(group)?.count ?? null, score: score ?? null, where,
      canonical: nonEmptyString(mr.measure) ? mr.measure : null,
    }];
  });
}
