import { addMeasure, createProgram } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/server';
import { newOrg, type TestOrg } from '../helpers/tokens';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.close(); });

const FORECAST = `query ($id: ID!) { program(id: $id) { incentiveForecast {
  maxIncentive projectedIncentive potentialUpside potentialDownside qualityGateMet exceededWeightShare
  measures { measure { id measureId performanceLevel gapToBenchmark } weight dollarsAtStake projectedEarned eventsToBenchmark dollarsPerEvent }
} } }`;
const SET = `mutation ($programId: ID!, $input: IncentiveTermsInput) { setIncentiveTerms(programId: $programId, input: $input) { id } }`;
const UPDATE = 'mutation ($id: ID!, $input: UpdateMeasureInput!) { updateMeasure(id: $id, input: $input) { id } }';
const DELETE = 'mutation ($id: ID!) { deleteMeasure(id: $id) }';

/** The README's worked example: four measures, weights 3/2/1/1 (total 7), a gate of 0.5 and 2,500.00 at risk. */
async function readmeProgram(org: TestOrg) {
  const program = await createProgram(app, org.admin);
  const ids: Record<string, string> = {};
  for (const [measureId, numerator, denominator, benchmark] of [
    ['BCS', 150, 200, 0.7], ['CBP', 130, 200, 0.7], ['CDC', 45, 60, 0.75], ['COL', 50, 100, 0.53],
  ] as const) ids[measureId] = (await addMeasure(app, org.admin, program.id, { measureId, numerator, denominator, benchmark })).id;
  const input = {
    maxIncentive: '10000.00', qualityGate: 0.5, atRiskAmount: '2500.00',
    measureWeights: [{ measureId: 'BCS', weight: 3 }, { measureId: 'CBP', weight: 2 }, { measureId: 'CDC', weight: 1 }, { measureId: 'COL', weight: 1 }],
  };
  const res = await app.gql(SET, { programId: program.id, input }, org.admin);
  expect(res.errors).toBeUndefined();
  return { program, ids, input };
}

const forecastOf = async (token: string, id: string) => {
  const res = await app.gql(FORECAST, { id }, token);
  expect(res.errors).toBeUndefined();
  return res.data.program.incentiveForecast;
};
/** [measureId, weight, dollarsAtStake, projectedEarned, eventsToBenchmark, dollarsPerEvent] in the order given. */
const rowsOf = (forecast: any) => forecast.measures.map((m: any) =>
  [m.measure.measureId, m.weight, m.dollarsAtStake, m.projectedEarned, m.eventsToBenchmark, m.dollarsPerEvent]);

// The figures below were worked by hand (and with Python's fractions):
// 10000 x 3/7 = 4285.714… → 4285.71; x 2/7 = 2857.142… → 2857.14; x 1/7 = 1428.571… → 1428.57.
describe('Program.incentiveForecast', () => {
  it('is null without terms, and for a program that had them removed', async () => {
    const org = await newOrg();
    const { program } = await readmeProgram(org);
    await app.gql(SET, { programId: program.id, input: null }, org.admin);
    expect(await forecastOf(org.staff, program.id)).toBeNull();
  });

  it('the README example, to the cent', async () => {
    const org = await newOrg();
    const { program } = await readmeProgram(org);
    const forecast = await forecastOf(org.staff, program.id);
    expect({ ...forecast, measures: rowsOf(forecast) }).toEqual({
      maxIncentive: '10000.00', projectedIncentive: '5714.28', potentialUpside: '4285.72', potentialDownside: '0.00',
      qualityGateMet: true, exceededWeightShare: 0.5714,
      measures: [
        ['BCS', 3, '4285.71', '4285.71', 0, null],
        ['CBP', 2, '2857.14', '0.00', 10, '285.71'], // 130 of 200 against 0.7: 10 events short
        ['CDC', 1, '1428.57', '1428.57', 0, null], // 45 of 60 against 0.75: met exactly
        ['COL', 1, '1428.57', '0.00', 3, '476.19'], // 1428.57 / 3 = 476.19: the gap worth the most per event
      ],
    });
  });

  it('follows the measures: updateMeasure across the benchmark, a gate missed, a measure deleted and added again, a new one', async () => {
    const org = await newOrg();
    const { program, ids, input } = await readmeProgram(org);

    // CBP closes its gap: 6/7 EXCEEDED.
    await app.gql(UPDATE, { id: ids.CBP, input: { numerator: 140 } }, org.admin);
    let forecast = await forecastOf(org.staff, program.id);
    expect([forecast.projectedIncentive, forecast.potentialUpside, forecast.exceededWeightShare]).toEqual(['8571.42', '1428.58', 0.8571]);

    // BCS falls below: 3/7 = 0.4285… < 0.5, the gate is missed: nothing earned, 2,500.00 at risk.
    await app.gql(UPDATE, { id: ids.BCS, input: { numerator: 139 } }, org.admin);
    forecast = await forecastOf(org.staff, program.id);
    expect([forecast.projectedIncentive, forecast.potentialUpside, forecast.potentialDownside, forecast.qualityGateMet, forecast.exceededWeightShare])
      .toEqual(['0.00', '10000.00', '2500.00', false, 0.4286]);
    expect(rowsOf(forecast)[0]).toEqual(['BCS', 3, '4285.71', '0.00', 1, '4285.71']);

    // COL deleted: its weight is ignored; total 6: 5000.00, 3333.33, 1666.67; 3/6 meets the gate exactly.
    await app.gql(DELETE, { id: ids.COL }, org.admin);
    forecast = await forecastOf(org.staff, program.id);
    expect(rowsOf(forecast)).toEqual([
      ['BCS', 3, '5000.00', '0.00', 1, '5000.00'], ['CBP', 2, '3333.33', '3333.33', 0, null], ['CDC', 1, '1666.67', '1666.67', 0, null],
    ]);
    expect([forecast.projectedIncentive, forecast.potentialUpside, forecast.potentialDownside, forecast.qualityGateMet])
      .toEqual(['5000.00', '5000.00', '0.00', true]);

    // COL added again takes its weight again; a new measure weighs 0 (the list is not empty).
    await addMeasure(app, org.admin, program.id, { measureId: 'COL', numerator: 53, denominator: 100, benchmark: 0.53 });
    await addMeasure(app, org.admin, program.id, { measureId: 'NEW', numerator: 0, denominator: 10, benchmark: 0.5 });
    forecast = await forecastOf(org.staff, program.id);
    expect(rowsOf(forecast)).toEqual([
      ['BCS', 3, '4285.71', '0.00', 1, '4285.71'], ['CBP', 2, '2857.14', '2857.14', 0, null],
      ['CDC', 1, '1428.57', '1428.57', 0, null], ['COL', 1, '1428.57', '1428.57', 0, null], ['NEW', 0, '0.00', '0.00', 5, null],
    ]);
    expect([forecast.projectedIncentive, forecast.potentialUpside, forecast.exceededWeightShare]).toEqual(['5714.28', '4285.72', 0.5714]);

    // Terms without weights: every measure weighs 1 (5 measures: 2000.00 each).
    await app.gql(SET, { programId: program.id, input: { ...input, measureWeights: [] } }, org.admin);
    forecast = await forecastOf(org.staff, program.id);
    expect(forecast.measures.map((m: any) => [m.weight, m.dollarsAtStake])).toEqual(Array(5).fill([1, '2000.00']));
    expect([forecast.projectedIncentive, forecast.exceededWeightShare, forecast.qualityGateMet]).toEqual(['6000.00', 0.6, true]);
  });

  it('reads terms and forecast in the same request as the mutation that set them', async () => {
    const org = await newOrg();
    const { program } = await readmeProgram(org);
    const res = await app.gql(`mutation ($programId: ID!, $input: IncentiveTermsInput) {
      setIncentiveTerms(programId: $programId, input: $input) { incentiveForecast { maxIncentive projectedIncentive qualityGateMet } } }`,
    { programId: program.id, input: { maxIncentive: '700.00' } }, org.admin);
    // 175.00 per measure, BCS and CDC EXCEEDED.
    expect(res.data).toEqual({ setIncentiveTerms: { incentiveForecast: { maxIncentive: '700.00', projectedIncentive: '350.00', qualityGateMet: null } } });
  });
});
