import { fixtureBundle, measureRow, programRow, termsRow } from '../../../test/fhir/vbpr-fixtures';
import { checkVbprBundle, VBPR_RULES, type VbprRule } from './vbpr-check';
import { EXT } from './vbpr-urls';

type Json = any; // fixtures are mutated freely, the way a careless producer would
const resources = (b: Json): Json[] => b.entry.map((e: Json) => e.resource);
const perf = (b: Json) => resources(b).find((r) => r.id.startsWith('vbp-performance-'));
const qual = (b: Json) => resources(b).find((r) => r.id.startsWith('vbp-quality-'));
const contract = (b: Json) => resources(b).find((r) => r.resourceType === 'Measure');
const provider = (b: Json) => resources(b).find((r) => r.id.startsWith('provider-'));
const removeEntry = (b: Json, pick: (r: Json) => boolean) => { b.entry = b.entry.filter((e: Json) => !pick(e.resource)); };
const ext = (element: Json, url: string) => element.extension.find((e: Json) => e.url === url);
const scoring = (code: string) => ({ url: EXT.measureScoring, valueCodeableConcept: { coding: [{ code }] } });
const metricGroup = (b: Json, code: string) => perf(b).group.find((g: Json) => g.code.coding[0].code === code);
const withTerms = () => fixtureBundle({ terms: termsRow() });
const groupNotation = { url: EXT.groupImprovementNotation, valueCodeableConcept: { coding: [{ code: 'increase' }] } };

const rulesOf = (bundle: unknown) => [...new Set(checkVbprBundle(bundle).map((i) => i.rule))].sort();

describe('the exported Bundle', () => {
  it.each([
    ['with a payer, two measures and payments', fixtureBundle()],
    ['without a payer (the provider reports)', fixtureBundle({ program: programRow({ payerId: null }) })],
    ['without measures or payments', fixtureBundle({ measures: [], payments: [] })],
    ['of an OTHER contract (no HCP-LAN category)', fixtureBundle({ program: programRow({ contractType: 'OTHER' }) })],
    ['of a payer id that is no FHIR id', fixtureBundle({ program: programRow({ payerId: 'Blue Cross / Blue Shield of a very long state name, Inc.' }) })],
    ['with a zero numerator and an odd rate', fixtureBundle({ measures: [measureRow({ numerator: 0, denominator: 7 }), measureRow({ measureId: 'X', numerator: 1, denominator: 3 })] })],
    ['with incentive terms and a gate', withTerms()],
    ['with incentive terms, no gate', fixtureBundle({ terms: termsRow({ qualityGate: null }) })],
    ['with incentive terms and the gate at 100 %', fixtureBundle({ terms: termsRow({ qualityGate: '1' }) })],
    ['with measure canonicals, versioned or not', fixtureBundle({ measures: [
      measureRow({ measureId: 'BCS', canonical: 'http://hl7.org/fhir/us/cqfmeasures/Measure/EXM125-FHIR|8.0.000' }),
      measureRow({ measureId: 'CDC', canonical: 'urn:oid:2.16.840.1.113883.3.464' }),
    ] })],
  ])('%s passes every rule', (_what, bundle) => {
    expect(checkVbprBundle(bundle)).toEqual([]);
  });
});

/** One failing fixture per rule: a valid export with one thing broken, and exactly the rules that break. */
const FAILURES: { rule: VbprRule; also?: VbprRule[]; bundle?: () => Json; breakIt: (b: Json) => void }[] = [
  { rule: 'bundle.resourceType', breakIt: (b) => { b.resourceType = 'Parameters'; } },
  { rule: 'bundle.type', breakIt: (b) => { b.type = 'document'; } },
  { rule: 'bundle.entry', breakIt: (b) => { b.entry.push({ fullUrl: 'urn:uuid:no-resource' }); } },
  { rule: 'bundle.fullUrl', breakIt: (b) => { b.entry[1].fullUrl = b.entry[0].fullUrl; } },
  { rule: 'bundle.profile', breakIt: (b) => { b.entry.push({ resource: { resourceType: 'MeasureReport', id: 'plain', status: 'complete' } }); } },
  { rule: 'bundle.performance', breakIt: (b) => removeEntry(b, (r) => r.id.startsWith('vbp-performance-')) },
  { rule: 'ref.resolves', breakIt: (b) => removeEntry(b, (r) => r.id.startsWith('payer-')) },
  { rule: 'json.no-empty', breakIt: (b) => { qual(b).group[0].code.text = ''; } },
  { rule: 'org.us-core', breakIt: (b) => { delete provider(b).active; } },

  { rule: 'measure.required', breakIt: (b) => { delete contract(b).publisher; } },
  { rule: 'measure.status', breakIt: (b) => { contract(b).status = 'final'; } },
  { rule: 'measure.name', breakIt: (b) => { contract(b).name = 'mssp 2025'; } },
  { rule: 'measure.no-scoring', breakIt: (b) => { contract(b).scoring = { text: 'proportion' }; } },
  { rule: 'measure.component', breakIt: (b) => { delete contract(b).relatedArtifact[0].extension; } },
  { rule: 'measure.payment-stream', breakIt: (b) => { ext(contract(b), EXT.paymentStream).extension[0].url = 'kind'; } },
  { rule: 'measure.program-model', breakIt: (b) => { ext(contract(b), EXT.programModel).extension.push(ext(contract(b), EXT.programModel).extension[0]); } },
  { rule: 'measure.effective-period', breakIt: (b) => { contract(b).effectivePeriod = { start: '2026-01-01', end: '2025-12-31' }; } },

  { rule: 'perf.category', breakIt: (b) => { perf(b).extension[0].valueCodeableConcept.coding[0].code = 'quality'; } },
  { rule: 'perf.status', breakIt: (b) => { perf(b).status = 'final'; } },
  { rule: 'perf.type', breakIt: (b) => { perf(b).type = 'individual'; } },
  { rule: 'perf.measure', breakIt: (b) => { perf(b).measure = `${contract(b).url}|another-version`; } },
  { rule: 'perf.subject', breakIt: (b) => { delete perf(b).subject.extension; } },
  { rule: 'perf.date', breakIt: (b) => { perf(b).date = '15/01/2026'; } },
  { rule: 'perf.reporter', breakIt: (b) => { perf(b).reporter = { display: 'ABC Payer' }; } },
  { rule: 'perf.period', breakIt: (b) => { perf(b).period = { start: '2025-12-31', end: '2025-01-01' }; } },
  { rule: 'perf.improvement-notation', breakIt: (b) => { perf(b).improvementNotation = { text: 'increase' }; } },
  { rule: 'perf.group-code', breakIt: (b) => { delete perf(b).group[1].code; } },
  { rule: 'perf.money', breakIt: (b) => { delete perf(b).group[0].measureScore.extension[0].valueMoney.currency; } },
  { rule: 'perf.service-period', breakIt: (b) => { perf(b).group[1].extension.pop(); } },
  { rule: 'perf.incentive-money', bundle: withTerms, breakIt: (b) => { perf(b).group = perf(b).group.filter((g: Json) => g.id !== 'potential-downside-qip'); } },
  { rule: 'perf.quality-gate', bundle: withTerms, breakIt: (b) => { metricGroup(b, 'quality-gate-percentage').measureScore.code = 'pct'; } },
  { rule: 'perf.quality-report', breakIt: (b) => { perf(b).evaluatedResource.push({ reference: `Organization/${provider(b).id}` }); } },

  { rule: 'qual.category', breakIt: (b) => { qual(b).extension.shift(); } },
  { rule: 'qual.status', breakIt: (b) => { qual(b).status = 'final'; } },
  { rule: 'qual.type', breakIt: (b) => { qual(b).type = 'subject-list'; } },
  { rule: 'qual.subject', breakIt: (b) => { qual(b).subject = { reference: `Organization/${provider(b).id}` }; } },
  { rule: 'qual.date', breakIt: (b) => { delete qual(b).date; } },
  { rule: 'qual.reporter', breakIt: (b) => { qual(b).reporter = { reference: `Measure/${contract(b).id}` }; } },
  // A report without groups also has no population, which deqm-5 refuses too.
  { rule: 'qual.group', also: ['deqm-5'], breakIt: (b) => { delete qual(b).group; } },
  { rule: 'qual.population-code', breakIt: (b) => { delete qual(b).group[0].population[0].code; } },
  { rule: 'qual.population-count', breakIt: (b) => { qual(b).group[0].population[0].count = -1; } },
  { rule: 'qual.subject-results', breakIt: (b) => { qual(b).group[0].population[0].subjectResults = { display: 'member list' }; } },
  { rule: 'qual.measure-score', breakIt: (b) => { delete qual(b).group[0].measureScore; } },
  { rule: 'qual.evaluated-resource', breakIt: (b) => { qual(b).evaluatedResource = [{ reference: `Organization/${provider(b).id}` }]; } },
  { rule: 'qual.numerator', breakIt: (b) => { qual(b).group[0].population[1].count = 5; } },
  { rule: 'qual.threshold', breakIt: (b) => { ext(qual(b), EXT.threshold).extension.splice(1, 1); } },
  // The rate difference the export once wrote (0.25) is no count of events.
  { rule: 'qual.gap-to-threshold', breakIt: (b) => { ext(qual(b), EXT.threshold).extension[2].valueDecimal = 0.25; } },
  { rule: 'deqm-0', breakIt: (b) => { qual(b).measure = qual(b).measure.split('|')[0]; } },
  { rule: 'deqm-1', breakIt: (b) => { qual(b).period.start = '2025-01'; } },
  { rule: 'deqm-2', breakIt: (b) => { delete qual(b).improvementNotation; } },
  { rule: 'deqm-3', breakIt: (b) => { qual(b).group[0].extension = [scoring('proportion'), groupNotation]; } },
  { rule: 'deqm-4', breakIt: (b) => {
    qual(b).extension = qual(b).extension.filter((e: Json) => e.url !== EXT.measureScoring);
    qual(b).group[0].extension = [scoring('proportion')];
  } },
  { rule: 'deqm-5', breakIt: (b) => { delete qual(b).group[0].population; } },
  { rule: 'deqm-6', breakIt: (b) => { qual(b).group[0].measureScore.value = 1.5; } },
  { rule: 'deqm-8', breakIt: (b) => { qual(b).group[0].population[0].extension = [{ url: EXT.countQuantity, valueQuantity: { value: 4 } }]; } },
];

describe('checkVbprBundle', () => {
  it('has a failing fixture for every rule', () => {
    expect(FAILURES.map((f) => f.rule).sort()).toEqual(Object.keys(VBPR_RULES).sort());
  });

  it.each(FAILURES)('$rule: a Bundle breaking it is reported with exactly that rule', ({ rule, also = [], bundle: valid = fixtureBundle, breakIt }) => {
    const bundle = valid();
    breakIt(bundle);
    expect(rulesOf(bundle)).toEqual([rule, ...also].sort());
    const found = checkVbprBundle(bundle).find((i) => i.rule === rule)!;
    expect(found.message).toBe(VBPR_RULES[rule]);
    expect(found.path).toMatch(/^Bundle\./);
  });

  /** The IG's quality report 30: 22 of 32 against thresholds of 78 % and 84 %, gaps 3 and 5. */
  it.each([
    { threshold: { valueQuantity: { value: 78, unit: '%', system: 'http://unitsofmeasure.org', code: '%' } }, gap: 3, rules: [] },
    { threshold: { valueQuantity: { value: 84, unit: '%' } }, gap: 5, rules: [] },
    { threshold: { valueQuantity: { value: 84, unit: '%' } }, gap: 4, rules: ['qual.gap-to-threshold'] },
    { threshold: { valueDecimal: 0.78 }, gap: 3, rules: [] },
    { threshold: { valueDecimal: 0.6875 }, gap: 0, rules: [] }, // 22/32 exactly: met
    { threshold: { valueDecimal: 0.69 }, gap: 1, rules: [] }, // 22.08 needs 23
    { threshold: { valueDecimal: 4 }, gap: 2, rules: [] }, // a star rating: no proportion, only a count
    { threshold: { valueDecimal: 4 }, gap: 1.5, rules: ['qual.gap-to-threshold'] },
    { threshold: { valueQuantity: { value: 3, unit: 'stars' } }, gap: -1, rules: ['qual.gap-to-threshold'] },
  ])('gapToThreshold $gap against $threshold at 22 of 32 breaks $rules', ({ threshold, gap, rules }) => {
    const bundle: Json = fixtureBundle({ measures: [measureRow({ numerator: 22, denominator: 32 })] });
    const parts = ext(qual(bundle), EXT.threshold).extension;
    parts[0] = { url: 'threshold', ...threshold };
    parts[2].valueDecimal = gap;
    expect(rulesOf(bundle)).toEqual(rules);
  });

  it('names the element of each finding', () => {
    const bundle: Json = fixtureBundle();
    qual(bundle).group[0].population[1].count = 2.5;
    const index = bundle.entry.findIndex((e: Json) => e.resource === qual(bundle));
    expect(checkVbprBundle(bundle)).toEqual([{
      rule: 'qual.population-count', path: `Bundle.entry[${index}].resource.group[0].population[1].count`, message: VBPR_RULES['qual.population-count'],
    }]);
  });

  it.each([
    ['null', null], ['a string', 'Bundle'], ['an array', [fixtureBundle()]],
    ['entries that are no objects', { resourceType: 'Bundle', type: 'collection', entry: [1, 'x', null, []] }],
    ['entry that is not an array', { resourceType: 'Bundle', type: 'collection', entry: { resource: {} } }],
  ])('reports, never throws, on %s', (_what, input) => {
    expect(checkVbprBundle(input).length).toBeGreaterThan(0);
  });

  it('walks a resource nested far deeper than the stack without throwing', () => {
    const bundle: Json = fixtureBundle();
    let deep: Json = {};
    for (let i = 0; i < 200_000; i++) deep = { nested: deep };
    qual(bundle).extension.push({ url: 'http://example.org/deep', valueString: 'x', nested: deep });
    expect(() => checkVbprBundle(bundle)).not.toThrow();
  });
});
