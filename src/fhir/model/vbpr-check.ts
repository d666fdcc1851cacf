import { isDateTime, isObject, type JsonObject, listOf, nonEmptyString, objectOr, profilesOf } from './fhir-json';
import { checkPerformanceReport, checkQualityReport } from './vbpr-check-reports';
import { type CheckContext, type VbprIssue, type VbprRule, VBPR_RULES } from './vbpr-check-rules';
import { EXT, PROFILE } from './vbpr-urls';

export { VBPR_RULES, type VbprIssue, type VbprRule } from './vbpr-check-rules';

const BUNDLE_TYPES = new Set(['collection', 'transaction', 'searchset']);
const PUBLICATION_STATUSES = new Set(['draft', 'active', 'retired', 'unknown']);
/** Deeper than any VBPR resource nests; bounds the reference walk on hostile input. */
const MAX_DEPTH = 64;

/**
 * Checks a Bundle against the rules in VBPR_RULES (hand-written, not a full
 * IG validation: no terminology, no slicing beyond what is listed, no base
 * R4 datatype checks). Returns every finding; [] means all rules hold.
 */
export function checkVbprBundle(bundle: unknown): VbprIssue[] {
  const issues: VbprIssue[] = [];
  const issue = (rule: VbprRule, path: string) => { issues.push({ rule, path, message: VBPR_RULES[rule] }); };
  if (!isObject(bundle) || bundle.resourceType !== 'Bundle') {
    issue('bundle.resourceType', 'Bundle.resourceType');
    return issues;
  }
  if (!BUNDLE_TYPES.has(bundle.type as string)) issue('bundle.type', 'Bundle.type');

  const entries: { resource: JsonObject; path: string }[] = [];
  const byFullUrl = new Map<string, JsonObject>();
  const byTypeAndId = new Map<string, JsonObject>();
  const measureByUrl = new Map<string, JsonObject>();
  listOf(bundle.entry).forEach((e, i) => {
    const entry = objectOr(e);
    const resource = objectOr(entry?.resource);
    if (!resource || !nonEmptyString(resource.resourceType)) return issue('bundle.entry', `Bundle.entry[${i}]`);
    if (nonEmptyString(entry!.fullUrl)) {
      if (byFullUrl.has(entry!.fullUrl)) issue('bundle.fullUrl', `Bundle.entry[${i}].fullUrl`);
      byFullUrl.set(entry!.fullUrl, resource);
    }
    if (nonEmptyString(resource.id)) byTypeAndId.set(`${resource.resourceType}/${resource.id}`, resource);
    if (resource.resourceType === 'Measure' && nonEmptyString(resource.url)) measureByUrl.set(resource.url, resource);
    entries.push({ resource, path: `Bundle.entry[${i}].resource` });
  });

  const resolve = (reference: unknown): JsonObject | undefined => {
    if (typeof reference !== 'string') return undefined;
    const plain = reference.split('/_history/')[0];
    return byFullUrl.get(reference) ?? byFullUrl.get(plain) ?? byTypeAndId.get(plain);
  };
  const ctx: CheckContext = { issue, resolve, measureByUrl };

  let performanceReports = 0;
  for (const { resource, path } of entries) {
    walkResource(resource, path, ctx);
    const profiles = profilesOf(resource);
    if (resource.resourceType === 'Organization') checkOrganization(resource, path, ctx);
    if (resource.resourceType === 'Measure' && profiles.includes(PROFILE.vbpMeasure)) checkVbpMeasure(resource, path, ctx);
    if (resource.resourceType !== 'MeasureReport') continue;
    const isPerformance = profiles.includes(PROFILE.performanceReport);
    const isQuality = profiles.includes(PROFILE.qualityReport);
    if (!isPerformance && !isQuality) issue('bundle.profile', `${path}.meta.profile`);
    if (isPerformance) { performanceReports++; checkPerformanceReport(resource, path, ctx); }
    if (isQuality) checkQualityReport(resource, path, ctx);
  }
  if (performanceReports !== 1) issue('bundle.performance', 'Bundle.entry');
  return issues;
}

/**
 * Every element of the resource, without recursion: each `reference` string
 * resolves inside the Bundle (or to a contained resource), and nothing is
 * null or empty (FHIR R4 JSON has no empty values).
 */
function walkResource(resource: JsonObject, path: string, ctx: CheckContext) {
  const containedIds = new Set(listOf(resource.contained).map((c) => objectOr(c)?.id));
  const stack: [unknown, string, number][] = [[resource, path, 0]];
  while (stack.length) {
    const [node, at, depth] = stack.pop()!;
    if (node === null || node === '') ctx.issue('json.no-empty', at);
    if (typeof node !== 'object' || node === null || depth > MAX_DEPTH) continue;
    if (Object.keys(node).length === 0) ctx.issue('json.no-empty', at);
    const reference = (node as JsonObject).reference;
    if (typeof reference === 'string' && !Array.isArray(node)) {
      const resolves = reference.startsWith('#') ? containedIds.has(reference.slice(1)) : ctx.resolve(reference) !== undefined;
      if (!resolves) ctx.issue('ref.resolves', `${at}.reference`);
    }
    for (const [key, child] of Object.entries(node)) {
      stack.push([child, Array.isArray(node) ? `${at}[${key}]` : `${at}.${key}`, depth + 1]);
    }
  }
}

function checkOrganization(org: JsonObject, path: string, ctx: CheckContext) {
  if (typeof org.active !== 'boolean' || !nonEmptyString(org.name)) ctx.issue('org.us-core', path);
}

/** SD vbp-measure (1.1.0: CRMI ShareableMeasure; 1.0.0: CQFM composite measure), per the FSH and intro page. */
function checkVbpMeasure(measure: JsonObject, path: string, ctx: CheckContext) {
  const required = ['url', 'version', 'name', 'status', 'publisher', 'description'].every((k) => nonEmptyString(measure[k]));
  if (!required || typeof measure.experimental !== 'boolean') ctx.issue('measure.required', path);
  if (measure.status !== undefined && !PUBLICATION_STATUSES.has(measure.status as string)) ctx.issue('measure.status', `${path}.status`);
  if (measure.name !== undefined && !(typeof measure.name === 'string' && /^[A-Z][A-Za-z0-9_]{0,254}$/.test(measure.name))) {
    ctx.issue('measure.name', `${path}.name`);
  }
  if (['scoring', 'compositeScoring', 'improvementNotation'].some((k) => measure[k] !== undefined)) ctx.issue('measure.no-scoring', path);

  listOf(measure.relatedArtifact).forEach((a, i) => {
    const artifact = objectOr(a);
    if (artifact?.type !== 'composed-of') return;
    const statuses = listOf(artifact.extension).filter((e) => objectOr(e)?.url === EXT.contractualStatus);
    const statusOk = statuses.length === 1 && listOf(objectOr(objectOr(statuses[0])?.valueCodeableConcept)?.coding).length > 0;
    if (!nonEmptyString(artifact.resource) || !statusOk) ctx.issue('measure.component', `${path}.relatedArtifact[${i}]`);
  });
  checkComplexExtension(measure, EXT.paymentStream, 'type', 'measure.payment-stream', path, ctx);
  checkComplexExtension(measure, EXT.programModel, 'hcplan', 'measure.program-model', path, ctx);

  const period = objectOr(measure.effectivePeriod);
  if (period && isDateTime(period.start) && isDateTime(period.end) && period.start > period.end) {
    ctx.issue('measure.effective-period', `${path}.effectivePeriod`);
  }
}

/** A complex extension whose sub-extension `part` is 1..1 with a CodeableConcept value. */
function checkComplexExtension(resource: JsonObject, url: string, part: string, rule: VbprRule, path: string, ctx: CheckContext) {
  listOf(resource.extension).forEach((e, i) => {
    if (objectOr(e)?.url !== url) return;
    const parts = listOf(objectOr(e)!.extension).filter((p) => objectOr(p)?.url === part);
    if (parts.length !== 1 || !isObject(objectOr(parts[0])!.valueCodeableConcept)) ctx.issue(rule, `${path}.extension[${i}]`);
  });
}
