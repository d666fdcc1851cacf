import { startTestApp, type TestApp } from '../helpers/server';
import { newOrg } from '../helpers/tokens';
import { exportBundle, performanceOf, qualityReportFor, seedProgram } from './vbpr-api';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.close(); });

const COMPARE_IDS = `query ($programId: ID!, $report: JSONObject!) {
  vbprComparison(programId: $programId, report: $report) { reportId measures { measureId payerCanonical } } }`;

describe('vbprComparison names what it compared (contract: reportId, payerCanonical)', () => {
  it('reportId is the Performance report compared, payerCanonical each quality report\'s measure as given', async () => {
    const org = await newOrg();
    const program = await seedProgram(app, org.admin);
    const bundle = await exportBundle(app, org.staff, program.id);
    const res = await app.gql(COMPARE_IDS, { programId: program.id, report: bundle }, org.staff);
    expect(res.errors).toBeUndefined();
    const comparison = res.data.vbprComparison;
    expect(comparison.reportId).toBe(performanceOf(bundle).id);
    for (const row of comparison.measures) expect(row.payerCanonical).toBe(qualityReportFor(bundle, row.measureId).measure);
    expect(comparison.measures.length).toBeGreaterThan(0);
  });

  it('a report without an id, or a quality report without a measure canonical, gives null', async () => {
    const org = await newOrg();
    const program = await seedProgram(app, org.admin);
    const bundle = await exportBundle(app, org.staff, program.id);
    delete performanceOf(bundle).id;
    const [first] = bundle.entry.map((e: any) => e.resource).filter((r: any) => r !== performanceOf(bundle) && r.resourceType === 'MeasureReport');
    delete first.measure;
    const res = await app.gql(COMPARE_IDS, { programId: program.id, report: bundle }, org.staff);
    expect(res.errors).toBeUndefined();
    expect(res.data.vbprComparison.reportId).toBeNull();
    expect(res.data.vbprComparison.measures.find((m: any) => m.measureId === first.group[0].code.coding[0].code).payerCanonical).toBeNull();
  });
});
