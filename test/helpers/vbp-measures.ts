import { addMeasure, createProgram, MEASURE_FIELDS } from './factories';
import { startTestApp, type TestApp } from './server';
import { newOrg } from './tokens';

export let app: TestApp;

/** Starts this test file's app (its own database) before its tests and closes it after. */
export function bootApp(): void {
  beforeAll(async () => { app = await startTestApp(); });
  afterAll(async () => { await app.close(); });
}

export const ADD = `mutation ($programId: ID!, $input: MeasureInput!) {
  addMeasure(programId: $programId, input: $input) { ${MEASURE_FIELDS} } }`;
export const UPDATE = `mutation ($id: ID!, $input: UpdateMeasureInput!) { updateMeasure(id: $id, input: $input) { ${MEASURE_FIELDS} } }`;
export const DELETE = 'mutation ($id: ID!) { deleteMeasure(id: $id) }';
export const MEASURE = `query ($id: ID!) { measure(id: $id) { ${MEASURE_FIELDS} } }`;
export const MEASURES = `query ($id: ID!, $level: PerformanceLevel) {
  program(id: $id) { measures(performanceLevel: $level) { id measureId } } }`;

export const VALID = { measureId: 'BCS', measureName: 'Breast Cancer Screening', numerator: 3, denominator: 4, benchmark: 0.75 };

export async function newProgram() {
  const org = await newOrg();
  const program = await createProgram(app, org.admin);
  return { org, program };
}

export const readMeasure = async (token: string, id: string) => (await app.gql(MEASURE, { id }, token)).data?.measure ?? null;
export const measureIdsOf = async (token: string, programId: string, level?: string) =>
  ((await app.gql(MEASURES, { id: programId, level }, token)).data.program.measures as { measureId: string }[])
    .map((m) => m.measureId);
