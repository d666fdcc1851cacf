import {
  codingsOf, extensionsOf, hasCode, isCount, isDateTime, isFullDate, isObject, type JsonObject, listOf, nonEmptyString,
  objectOr, profilesOf,
} from './fhir-json';
import Decimal from 'decimal.js';
import { checkPerformanceGroups } from './vbpr-check-groups';
import type { CheckContext } from './vbpr-check-rules';
import { CS, EXT, PROFILE } from './vbpr-urls';

/** A JSON number (<= 17 significant digits) x a 32-bit count stays exact in 40 digits, so its ceiling is exact. */
const Exact = Decimal.clone({ precision: 40 });

const REPORT_STATUSES = new Set(['complete', 'pending', 'error']);
/** DEQM: these scorings need an improvement notation (deqm-2, deqm-4). */
const DIRECTIONAL_SCORINGS = new Set(['proportion', 'ratio', 'continuous-variable']);

const scoringCodes = (element: unknown) => extensionsOf(element, EXT.measureScoring).flatMap((e) => codingsOf(e.valueCodeableConcept).map((c) => c.code));

/** The resource type a reference names: resolved, else read from its last two segments (`Organization/x`). */
function referencedType(ctx: CheckContext, reference: unknown): string | undefined {
  const resolved = ctx.resolve(reference);
  if (resolved) return resolved.resourceType as string;
  return typeof reference === 'string' ? /([A-Za-z]+)\/[^/]+$/.exec(reference.split('/_history/')[0])?.[1] : undefined;
}

function checkCommon(mr: JsonObject, path: string, ctx: CheckContext, prefix: 'perf' | 'qual') {
  if (!REPORT_STATUSES.has(mr.status as string)) ctx.issue(`${prefix}.status`, `${path}.status`);
  if (mr.type !== 'summary') ctx.issue(`${prefix}.type`, `${path}.type`);
  if (!isDateTime(mr.date)) ctx.issue(`${prefix}.date`, `${path}.date`);
  const reporter = objectOr(mr.reporter);
  if (!reporter || !nonEmptyString(reporter.reference) || referencedType(ctx, reporter.reference) !== 'Organization') {
    ctx.issue(`${prefix}.reporter`, `${path}.reporter`);
  }
}

const vbpCategoryCount = (mr: JsonObject) => extensionsOf(mr, EXT.category)
  .filter((e) => listOf(objectOr(e.valueCodeableConcept)?.coding).length === 1 && hasCode(e.valueCodeableConcept, 'vbp')).length;

/** SD vbp-performance-measurereport (parent: core MeasureReport). */
export function checkPerformanceReport(mr: JsonObject, path: string, ctx: CheckContext): void {
  const categories = extensionsOf(mr, EXT.category);
  if (categories.length !== 1 || vbpCategoryCount(mr) !== 1) ctx.issue('perf.category', `${path}.extension`);
  checkCommon(mr, path, ctx, 'perf');

  const [url, version] = typeof mr.measure === 'string' ? mr.measure.split('|') : [];
  const contract = url ? ctx.measureByUrl.get(url) : undefined;
  if (!nonEmptyString(url) || (contract && version !== undefined && contract.version !== version)) ctx.issue('perf.measure', `${path}.measure`);

  const orgSubjects = extensionsOf(mr.subject, EXT.organizationSubject);
  if (orgSubjects.length !== 1 || !nonEmptyString(objectOr(orgSubjects[0].valueReference)?.reference)) ctx.issue('perf.subject', `${path}.subject`);

  const period = objectOr(mr.period);
  if (!period || !isDateTime(period.start) || !isDateTime(period.end) || (period.start as string) > (period.end as string)) {
    ctx.issue('perf.period', `${path}.period`);
  }
  if (mr.improvementNotation !== undefined) ctx.issue('perf.improvement-notation', `${path}.improvementNotation`);

  listOf(mr.group).forEach((group, g) => {
    const at = `${path}.group[${g}]`;
    if (codingsOf(objectOr(group)?.code).length === 0) ctx.issue('perf.group-code', `${at}.code`);
    extensionsOf(objectOr(group)?.measureScore, EXT.alternateMeasureScore).forEach((ext, e) => {
      if (ext.valueMoney === undefined) return;
      const money = objectOr(ext.valueMoney);
      const valid = money && typeof money.value === 'number' && Number.isFinite(money.value)
        && typeof money.currency === 'string' && /^[A-Z]{3}$/.test(money.currency);
      if (!valid) ctx.issue('perf.money', `${at}.measureScore.extension[${e}].valueMoney`);
    });
  });

  checkPerformanceGroups(mr, path, ctx);

  listOf(mr.evaluatedResource).forEach((ref, r) => {
    const target = ctx.resolve(objectOr(ref)?.reference);
    // An unresolved reference is ref.resolves' finding, not this rule's.
    const isQuality = target?.resourceType === 'MeasureReport' && profilesOf(target).includes(PROFILE.qualityReport);
    if (!objectOr(ref) || (target && !isQuality)) ctx.issue('perf.quality-report', `${path}.evaluatedResource[${r}]`);
  });
}

/** SD vbp-quality-measurereport (parent: DEQM Summary MeasureReport). */
export function checkQualityReport(mr: JsonObject, path: string, ctx: CheckContext): void {
  if (vbpCategoryCount(mr) !== 1) ctx.issue('qual.category', `${path}.extension`);
  checkCommon(mr, path, ctx, 'qual');

  const measure = typeof mr.measure === 'string' ? mr.measure : '';
  const bar = measure.indexOf('|');
  if (bar <= 0 || bar === measure.length - 1) ctx.issue('deqm-0', `${path}.measure`);
  if (mr.subject !== undefined) ctx.issue('qual.subject', `${path}.subject`);
  if (mr.evaluatedResource !== undefined) ctx.issue('qual.evaluated-resource', `${path}.evaluatedResource`);

  const period = objectOr(mr.period);
  if (!period || !isFullDate(period.start) || !isFullDate(period.end) || period.start.slice(0, 10) > period.end.slice(0, 10)) {
    ctx.issue('deqm-1', `${path}.period`);
  }

  const groups = listOf(mr.group);
  if (groups.length === 0) ctx.issue('qual.group', `${path}.group`);
  const reportScoring = scoringCodes(mr);
  const groupScorings = groups.map(scoringCodes);
  const onReport = extensionsOf(mr, EXT.measureScoring).length > 0;
  const onGroups = groups.map((g) => extensionsOf(g, EXT.measureScoring).length > 0);
  if ((onReport && !onGroups.some(Boolean)) === (!onReport && onGroups.every(Boolean))) ctx.issue('deqm-3', `${path}.extension`);
  if (reportScoring.some((c) => DIRECTIONAL_SCORINGS.has(c)) && mr.improvementNotation === undefined) {
    ctx.issue('deqm-2', `${path}.improvementNotation`);
  }
  const composite = [...reportScoring, ...groupScorings.flat()].includes('composite');
  const populationCount = groups.reduce<number>((n, g) => n + listOf(objectOr(g)?.population).length, 0);
  if (!composite && populationCount < 1) ctx.issue('deqm-5', `${path}.group`);

  groups.forEach((g, i) => {
    const group = objectOr(g) ?? {};
    const at = `${path}.group[${i}]`;
    if (groupScorings[i].some((c) => DIRECTIONAL_SCORINGS.has(c)) && extensionsOf(group, EXT.groupImprovementNotation).length === 0) {
      ctx.issue('deqm-4', `${at}.extension`);
    }
    const score = objectOr(group.measureScore)?.value;
    if (typeof score !== 'number') ctx.issue('qual.measure-score', `${at}.measureScore`);
    const proportion = reportScoring.includes('proportion') || groupScorings[i].includes('proportion');
    if (proportion && score !== undefined && !(typeof score === 'number' && score >= 0 && score <= 1)) {
      ctx.issue('deqm-6', `${at}.measureScore.value`);
    }
    checkPopulations(group, at, ctx);
  });

  const onlyGroup = groups.length === 1 ? populationCounts(objectOr(groups[0]) ?? {}) : undefined;
  extensionsOf(mr, EXT.threshold).forEach((ext) => {
    const parts = listOf(ext.extension).map(objectOr);
    const values = parts.filter((p) => p?.url === 'threshold');
    const types = parts.filter((p) => p?.url === 'type');
    const valueOk = values.length === 1
      && (typeof values[0]!.valueDecimal === 'number' || isObject(values[0]!.valueQuantity) || isObject(values[0]!.valueRange));
    const typeOk = types.length === 1 && isObject(types[0]!.valueCodeableConcept);
    if (!valueOk || !typeOk) ctx.issue('qual.threshold', `${path}.extension`);
    const gaps = parts.filter((p) => p?.url === 'gapToThreshold' && p.valueDecimal !== undefined);
    const expected = valueOk ? eventsToThreshold(values[0]!, onlyGroup) : undefined;
    if (gaps.some((gap) => !isCount(gap!.valueDecimal) || (expected !== undefined && gap!.valueDecimal !== expected))) {
      ctx.issue('qual.gap-to-threshold', `${path}.extension`);
    }
  });
}

/**
 * Numerator events still needed to reach a proportion threshold (a decimal, or
 * a Quantity in UCUM %): max(0, ceil(threshold x denominator) - numerator), in
 * exact decimal; undefined when the report's one group has no such counts or
 * the threshold is of another kind.
 */
function eventsToThreshold(threshold: JsonObject, counts: ReadonlyMap<string, number> | undefined): number | undefined {
  const numerator = counts?.get('numerator');
  const denominator = counts?.get('denominator');
  if (numerator === undefined || denominator === undefined) return undefined;
  const quantity = objectOr(threshold.valueQuantity);
  const inPercent = quantity?.code === '%' || (quantity?.code === undefined && quantity?.unit === '%');
  // JSON numbers read in their shortest form (0.55, not 0.55000000000000004), so 55 % is 0.55 exactly.
  const proportion = typeof threshold.valueDecimal === 'number' ? new Exact(String(threshold.valueDecimal))
    : inPercent && typeof quantity!.value === 'number' ? new Exact(String(quantity!.value)).div(100) : undefined;
  // Anything outside [0, 1] is no proportion (a star rating, say): only the count rule applies.
  if (!proportion || !proportion.isFinite() || proportion.lt(0) || proportion.gt(1)) return undefined;
  return Math.max(0, proportion.times(denominator).ceil().toNumber() - numerator);
}

/** The measure-population counts of a group, by code (THO or VBPR population systems). */
function populationCounts(group: JsonObject): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of listOf(group.population)) {
    const population = objectOr(p) ?? {};
    for (const { system, code } of codingsOf(population.code)) {
      if ((system === CS.measurePopulation || system === CS.vbpMeasurePopulation) && isCount(population.count)) counts.set(code, population.count);
    }
  }
  return counts;
}

/** Populations of one quality group: code, count (deqm-8, ours), no subject results, numerator <= denominator. */
function checkPopulations(group: JsonObject, at: string, ctx: CheckContext) {
  listOf(group.population).forEach((p, j) => {
    const population = objectOr(p) ?? {};
    const here = `${at}.population[${j}]`;
    if (codingsOf(population.code).length === 0) ctx.issue('qual.population-code', `${here}.code`);
    const hasQuantity = extensionsOf(population, EXT.countQuantity).length > 0;
    if ((population.count !== undefined) === hasQuantity) ctx.issue('deqm-8', here);
    if (!isCount(population.count)) ctx.issue('qual.population-count', `${here}.count`);
    if (population.subjectResults !== undefined) ctx.issue('qual.subject-results', `${here}.subjectResults`);
  });
  const counts = populationCounts(group);
  for (const [numerator, denominator] of [['numerator', 'denominator'], ['calculated-numerator', 'calculated-denominator']]) {
    const n = counts.get(numerator);
    const d = counts.get(denominator);
    if (n !== undefined && d !== undefined && n > d) ctx.issue('qual.numerator', `${at}.population`);
  }
}
