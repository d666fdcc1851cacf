/**
 * The URLs of the Da Vinci VBPR IG (STU1 1.0.0 and CI 1.1.0 share them), DEQM,
 * US Core and THO that the export writes and the checker reads, and the local
 * ones under our own base for what the IG has no element or code for
 * (shared/reference/fhir-vbpr.md, section b).
 */
const VBPR = 'http://hl7.org/fhir/us/davinci-vbpr';
const DEQM = 'http://hl7.org/fhir/us/davinci-deqm';
const THO = 'http://terminology.hl7.org/CodeSystem';

export const PROFILE = {
  vbpMeasure: `${VBPR}/StructureDefinition/vbp-measure`,
  performanceReport: `${VBPR}/StructureDefinition/vbp-performance-measurereport`,
  qualityReport: `${VBPR}/StructureDefinition/vbp-quality-measurereport`,
  usCoreOrganization: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-organization',
} as const;

export const EXT = {
  category: 'http://hl7.org/fhir/StructureDefinition/measurereport-category',
  measureScoring: `${DEQM}/StructureDefinition/extension-measureScoring`,
  groupImprovementNotation: `${DEQM}/StructureDefinition/extension-groupImprovementNotation`,
  countQuantity: 'http://hl7.org/fhir/StructureDefinition/measurereport-countQuantity',
  threshold: `${VBPR}/StructureDefinition/threshold`,
  paymentStream: `${VBPR}/StructureDefinition/payment-stream`,
  programModel: `${VBPR}/StructureDefinition/program-model`,
  contractualStatus: `${VBPR}/StructureDefinition/contractual-status`,
  organizationSubject: `${VBPR}/StructureDefinition/organization-subject`,
  alternateMeasureScore: `${VBPR}/StructureDefinition/alternate-measurescore`,
  servicePeriod: `${VBPR}/StructureDefinition/service-period`,
} as const;

export const CS = {
  /** The IG examples' system for the `vbp` category code. */
  category: 'http://hl7.org/fhir/CodeSystem/measurereport-category',
  measureScoring: `${THO}/measure-scoring`,
  improvementNotation: `${THO}/measure-improvement-notation`,
  measurePopulation: `${THO}/measure-population`,
  vbpMeasurePopulation: `${VBPR}/CodeSystem/vbp-measure-population`,
  organizationType: `${THO}/organization-type`,
  paymentStream: `${VBPR}/CodeSystem/payment-stream`,
  hcplan: `${THO}/hcp-lan-apm-framework`,
  contractualStatus: `${VBPR}/CodeSystem/measure-contractual-status`,
  performanceMetric: `${VBPR}/CodeSystem/vbp-performance-metric`,
  ucum: 'http://unitsofmeasure.org',
} as const;

/** Our FHIR base: `<PUBLIC_BASE_URL>/fhir`, without a trailing slash. */
export const fhirBaseOf = (publicBaseUrl: string) => `${publicBaseUrl.replace(/\/+$/, '')}/fhir`;

/** Local code systems and identifier systems (contract README: `<PUBLIC_BASE_URL>/fhir/CodeSystem/...`). */
export const localUrls = (fhirBase: string) => ({
  programMeasure: (programId: string) => `${fhirBase}/Measure/vbp-program-${programId}`,
  /** Contract: `<PUBLIC_BASE_URL>/fhir/Measure/hedis-<code>|<year of periodStart>`. */
  qualityMeasure: (code: string, year: string) => `${fhirBase}/Measure/hedis-${code}|${year}`,
  programIdentifier: `${fhirBase}/vbp-program`,
  organizationIdentifier: `${fhirBase}/organization`,
  payerIdentifier: `${fhirBase}/payer`,
  measureCode: `${fhirBase}/CodeSystem/vbp-measure`,
  contractType: `${fhirBase}/CodeSystem/vbp-contract-type`,
  thresholdType: `${fhirBase}/CodeSystem/vbp-threshold-type`,
  performanceMetric: `${fhirBase}/CodeSystem/vbp-performance-metric`,
});

/** The VBPR performance-metric code of the earned total, the group the comparison reads. */
export const EARNED_INCENTIVE = 'earned-incentive';

/** The VBPR performance-metric codes of the incentive terms' groups (contract README, FHIR, version 2), with the IG's displays. */
export const INCENTIVE_METRICS = {
  upside: { code: 'potential-upside-qip', display: 'Potential upside QIP' },
  downside: { code: 'potential-downside-qip', display: 'Potential downside QIP' },
  qualityGate: { code: 'quality-gate-percentage', display: 'Quality gate percentage' },
} as const;
