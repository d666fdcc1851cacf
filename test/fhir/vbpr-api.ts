import { checkVbprBundle } from '../../src/fhir/model/vbpr-check';
import { addMeasure, createProgram, recordPayment } from '../helpers/factories';
import type { TestApp } from '../helpers/server';

export const EXPORT = `query ($programId: ID!, $organizationName: String, $payerName: String) {
  vbprBundle(programId: $programId, organizationName: $organizationName, payerName: $payerName) }`;

export const COMPARE = `query ($programId: ID!, $report: JSONObject!) { vbprComparison(programId: $programId, report: $report) {
  program { id } reporter periodStart periodEnd
  measures { measureId measure { id measureId } payerNumerator payerDenominator payerRate numerator denominator rate rateDifference agrees }
  payerEarnedIncentive earnedTotal earnedDifference warnings } }`;

/** GET /fhir/vbpr/Program/<id> over real HTTP; the body as sent and parsed, whatever the status. */
export async function getFhir(app: TestApp, path: string, token?: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.url}${path}`, {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), headers: response.headers, text, body: JSON.parse(text) };
}

/** The export through GraphQL, which must succeed and must pass the checker (every exported Bundle in the tests does). */
export async function exportBundle(app: TestApp, token: string, programId: string, names: Record<string, string> = {}) {
  const res = await app.gql(EXPORT, { programId, ...names }, token);
  if (res.errors) throw new Error(`vbprBundle failed: ${JSON.stringify(res.errors)}`);
  expect(checkVbprBundle(res.data.vbprBundle)).toEqual([]);
  return res.data.vbprBundle;
}

export const resourcesOf = (bundle: any): any[] => bundle.entry.map((e: any) => e.resource);
export const performanceOf = (bundle: any) => resourcesOf(bundle).find((r) => r.meta.profile[0].endsWith('vbp-performance-measurereport'));
export const qualityReportsOf = (bundle: any) => resourcesOf(bundle).filter((r) => r.meta?.profile?.[0]?.endsWith('vbp-quality-measurereport'));
/** The quality report of one of our measures, by its group code. */
export const qualityReportFor = (bundle: any, measureId: string) =>
  qualityReportsOf(bundle).find((r) => r.group[0].code.coding[0].code === measureId);

/** In measureId byte order. Odd rates (1/3, 2/3, 1/7, 13/17), a zero numerator, the largest counts, HEDIS_/hedis- prefixes. */
export const MEASURES = [
  { measureId: 'AAB', numerator: 1, denominator: 3, benchmark: 0.3333 },
  { measureId: 'BCS', numerator: 3, denominator: 4, benchmark: 0.75 },
  { measureId: 'CBP', numerator: 2, denominator: 3, benchmark: 0.7 },
  { measureId: 'HEDIS_CDC', numerator: 0, denominator: 5, benchmark: 0.5 },
  { measureId: 'HEDIS_COL', numerator: 7, denominator: 7, benchmark: 1 },
  { measureId: 'PPC', numerator: 55, denominator: 100, benchmark: 0.55 },
  { measureId: 'SPD', numerator: 1, denominator: 7, benchmark: 0.1429 },
  { measureId: 'SSD.2', numerator: 13, denominator: 17, benchmark: 0.6 },
  { measureId: 'W30', numerator: 2_147_483_646, denominator: 2_147_483_647, benchmark: 0.9999 },
  { measureId: 'hedis-amr', numerator: 5, denominator: 6, benchmark: 0.8 },
];

/** A program with a payer, the measures above and three payments (0.10 + 0.20 is a float trap). */
export async function seedProgram(app: TestApp, token: string, input: Record<string, unknown> = {}, measures = MEASURES) {
  const program = await createProgram(app, token, { payerId: 'payer-42', ...input });
  for (const m of measures) await addMeasure(app, token, program.id, { measureName: `Measure ${m.measureId}`, ...m });
  for (const [earnedAmount, paidAmount] of [['1000.10', '750.00'], ['0.10', '0.10'], ['0.20', '0.00']]) {
    await recordPayment(app, token, program.id, { earnedAmount, paidAmount });
  }
  return program;
}
