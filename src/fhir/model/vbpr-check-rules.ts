import type { JsonObject } from './fhir-json';

/**
 * Every rule the VBPR checker enforces, with the sentence a failure reports.
 * Transcribed by hand from the VBPR STU1 1.0.0 / 1.1.0 profiles (performance
 * and quality MeasureReport differentials, the VbpMeasure FSH), the DEQM
 * summary MeasureReport invariants and US Core Organization, plus our own
 * domain rules (marked "ours"). README, FHIR section, lists the same table.
 */
export const VBPR_RULES = {
  'bundle.resourceType': 'resourceType is "Bundle"',
  'bundle.type': 'Bundle.type is collection, transaction or searchset',
  'bundle.entry': 'every entry holds a resource with a resourceType',
  'bundle.fullUrl': 'no two entries share a fullUrl (bdl-7)',
  'bundle.profile': 'every MeasureReport claims the VBP Performance or the VBP Quality MeasureReport profile',
  'bundle.performance': 'the Bundle holds exactly one VBP Performance MeasureReport',
  'ref.resolves': 'every reference resolves to a resource inside the Bundle',
  'json.no-empty': 'FHIR JSON: no null, empty string, empty array or empty object anywhere in a resource',
  'org.us-core': 'Organization: active and name are present (US Core 1..1)',

  'measure.required': 'VBP Measure: url, version, name, status, experimental, publisher and description are present',
  'measure.status': 'VBP Measure: status is draft, active, retired or unknown',
  'measure.name': 'VBP Measure: name is machine-friendly, [A-Z][A-Za-z0-9_]{0,254} (cnl-0)',
  'measure.no-scoring': 'VBP Measure: scoring, compositeScoring and improvementNotation are absent (0..0)',
  'measure.component': 'VBP Measure: every composed-of relatedArtifact has a resource canonical and exactly one contractual-status code',
  'measure.payment-stream': 'VBP Measure: every payment-stream extension has exactly one type CodeableConcept',
  'measure.program-model': 'VBP Measure: every program-model extension has exactly one hcplan CodeableConcept',
  'measure.effective-period': 'VBP Measure: effectivePeriod.start is not after effectivePeriod.end (ours)',

  'perf.category': 'Performance report: exactly one measurereport-category extension, with exactly one coding, code vbp',
  'perf.status': 'Performance report: status is complete, pending or error',
  'perf.type': 'Performance report: type is summary',
  'perf.measure': 'Performance report: measure is a canonical, with the version of the VBP Measure of that url in the Bundle',
  'perf.subject': 'Performance report: subject has exactly one organization-subject extension with a reference',
  'perf.date': 'Performance report: date is present (a dateTime)',
  'perf.reporter': 'Performance report: reporter references an Organization',
  'perf.period': 'Performance report: period has a start and an end, start not after end',
  'perf.improvement-notation': 'Performance report: improvementNotation is absent (0..0)',
  'perf.group-code': 'Performance report: every group has a code',
  'perf.money': 'Performance report: every Money score has a numeric value and a 3-letter currency',
  'perf.quality-report': 'Performance report: every evaluatedResource is a VBP Quality MeasureReport',
  'perf.service-period': 'Performance report: every group has exactly one service-period extension, a valuePeriod with a start and an end, start not after end (ours: every group)',
  'perf.incentive-money': 'Performance report: potential-upside-qip and potential-downside-qip groups come together or not at all, at most one each, each scored as Money (ours)',
  'perf.quality-gate': 'Performance report: at most one quality-gate-percentage group, only beside the upside and downside groups, scored as a Quantity in [0, 100] with UCUM code % (ours)',

  'qual.category': 'Quality report: measurereport-category vbp is present (required by STU1 1.0.0)',
  'qual.status': 'Quality report: status is complete, pending or error',
  'qual.type': 'Quality report: type is summary',
  'qual.subject': 'Quality report: there is no subject (DEQM 0..0)',
  'qual.date': 'Quality report: date is present (a dateTime)',
  'qual.reporter': 'Quality report: reporter references an Organization',
  'qual.group': 'Quality report: at least one group (DEQM 1..*)',
  'qual.population-code': 'Quality report: every population has a code',
  'qual.population-count': 'Quality report: every population has a count, a non-negative integer',
  'qual.subject-results': 'Quality report: no population has subjectResults (DEQM 0..0)',
  'qual.measure-score': 'Quality report: every group has measureScore.value (DEQM 3.1 / VBPR STU1 1..1)',
  'qual.evaluated-resource': 'Quality report: there is no evaluatedResource (DEQM 0..0)',
  'qual.numerator': 'Quality report: the numerator count is not above the denominator count (ours)',
  'qual.threshold': 'Quality report: every threshold extension has exactly one threshold value (decimal, Quantity or Range) and exactly one type',
  'qual.gap-to-threshold': 'Quality report: a decimal gapToThreshold counts numerator events, a non-negative integer; against a proportion threshold (decimal or %) it is max(0, ceil(threshold x denominator) - numerator) (ours)',
  'deqm-0': 'Quality report: measure is a versioned canonical, url|version',
  'deqm-1': 'Quality report: period.start and period.end are present with at least day precision, start not after end',
  'deqm-2': 'Quality report: proportion, ratio or continuous-variable scoring on the report requires improvementNotation',
  'deqm-3': 'Quality report: measure scoring is given on the report or on every group, not both',
  'deqm-4': 'Quality report: proportion, ratio or continuous-variable scoring on a group requires its groupImprovementNotation',
  'deqm-5': 'Quality report: a non-composite report has at least one population',
  'deqm-6': 'Quality report: a proportion score lies in [0, 1]',
  'deqm-8': 'Quality report: every population has a count or a countQuantity extension, not both',
} as const;

export type VbprRule = keyof typeof VBPR_RULES;

export interface VbprIssue {
  rule: VbprRule;
  /** Where, as a FHIRPath-like path, e.g. `Bundle.entry[3].resource.group[0].population[1].count`. */
  path: string;
  message: string;
}

/** What the report checks need from the Bundle around them. */
export interface CheckContext {
  issue(rule: VbprRule, path: string): void;
  /** The resource a reference string points at inside the Bundle, if any. */
  resolve(reference: unknown): JsonObject | undefined;
  /** The Bundle's Measures by url. */
  measureByUrl: ReadonlyMap<string, JsonObject>;
}
