import { addMeasure, createProgram } from '../helpers/factories';
import { codes, startTestApp, type TestApp } from '../helpers/server';
import { newOrg } from '../helpers/tokens';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.close(); });

it('creates and reads a program with a measure', async () => {
  const org = await newOrg();
  const program = await createProgram(app, org.admin);
  const m = await addMeasure(app, org.admin, program.id);
  expect(m).toMatchObject({ rate: 0.75, performanceLevel: 'EXCEEDED', gapToBenchmark: 0 });
  const dup = await app.gql('mutation($p: ID!) { addMeasure(programId: $p, input: {measureId: "BCS", measureName: "x", numerator: 1, denominator: 2, benchmark: 0.5}) { id } }', { p: program.id }, org.admin);
  expect(codes(dup)).toEqual(['CONFLICT']);
  expect(dup.errors![0].extensions!.field).toBe('input.measureId');
});
