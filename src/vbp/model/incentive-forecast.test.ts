import { forecastOf, type IncentiveTermsValues, opportunitiesOf } from './incentive-forecast';

/** A measure: id, numerator/denominator and benchmark as stored text. */
const m = (measureId: string, numerator: number, denominator: number, benchmark: string) =>
  ({ id: `id-${measureId}`, measureId, numerator, denominator, benchmark });
const terms = (maxIncentive: string, weights: Record<string, string> = {}, qualityGate: string | null = null, atRiskAmount = '0.00'): IncentiveTermsValues =>
  ({ maxIncentive, qualityGate, atRiskAmount, measureWeights: Object.entries(weights).map(([measureId, weight]) => ({ measureId, weight })) });

/** The forecast as the wire shows it: money as 2-decimal text, each measure as [measureId, weight, stake, earned, events, perEvent]. */
function shown(measures: ReturnType<typeof m>[], t: IncentiveTermsValues) {
  const f = forecastOf(measures, t);
  return {
    projected: f.projectedIncentive.toFixed(2), upside: f.potentialUpside.toFixed(2), downside: f.potentialDownside.toFixed(2),
    gateMet: f.qualityGateMet, share: f.exceededWeightShare,
    measures: f.measures.map((x) => [x.measure.measureId, x.weight, x.dollarsAtStake.toFixed(2), x.projectedEarned.toFixed(2),
      x.eventsToBenchmark, x.dollarsPerEvent?.toFixed(2) ?? null]),
  };
}

// The README's worked example (section "Incentive terms and forecast: a worked example").
const readmeMeasures = [m('BCS', 150, 200, '0.7000'), m('CBP', 130, 200, '0.7000'), m('CDC', 45, 60, '0.7500'), m('COL', 50, 100, '0.5300')];
const readmeTerms = terms('10000.00', { BCS: '3.0000', CBP: '2.0000', CDC: '1.0000', COL: '1.0000' }, '0.5', '2500.00');

describe('forecastOf', () => {
  it.each([
    {
      name: 'the README example: 4 measures, shares in sevenths, gate 0.5 met by 4/7',
      measures: readmeMeasures, terms: readmeTerms,
      expected: { projected: '5714.28', upside: '4285.72', downside: '0.00', gateMet: true, share: 0.5714, measures: [
        ['BCS', 3, '4285.71', '4285.71', 0, null], ['CBP', 2, '2857.14', '0.00', 10, '285.71'],
        ['CDC', 1, '1428.57', '1428.57', 0, null], ['COL', 1, '1428.57', '0.00', 3, '476.19']] },
    },
    {
      name: 'the README example with its gate raised to 0.6: missed, everything lost and the amount at risk too',
      measures: readmeMeasures, terms: { ...readmeTerms, qualityGate: '0.6' },
      expected: { projected: '0.00', upside: '10000.00', downside: '2500.00', gateMet: false, share: 0.5714, measures: [
        ['BCS', 3, '4285.71', '0.00', 0, null], ['CBP', 2, '2857.14', '0.00', 10, '285.71'],
        ['CDC', 1, '1428.57', '0.00', 0, null], ['COL', 1, '1428.57', '0.00', 3, '476.19']] },
    },
    {
      name: 'thirds that do not divide: 33.33 each, a cent of upside left when all are EXCEEDED',
      measures: [m('A', 1, 1, '0.5'), m('B', 1, 1, '0.5'), m('C', 1, 1, '0.5')], terms: terms('100.00'),
      expected: { projected: '99.99', upside: '0.01', downside: '0.00', gateMet: null, share: 1, measures: [
        ['A', 1, '33.33', '33.33', 0, null], ['B', 1, '33.33', '33.33', 0, null], ['C', 1, '33.33', '33.33', 0, null]] },
    },
    {
      name: 'half-cent shares round up past the pool: upside is max(0, …)',
      measures: [m('A', 1, 1, '0.5'), m('B', 1, 1, '0.5')], terms: terms('0.01'),
      expected: { projected: '0.02', upside: '0.00', downside: '0.00', gateMet: null, share: 1, measures: [
        ['A', 1, '0.01', '0.01', 0, null], ['B', 1, '0.01', '0.01', 0, null]] },
    },
    {
      name: 'a gate met exactly at the boundary: 3 of 4 against 0.75',
      measures: [m('A', 1, 1, '1'), m('B', 1, 1, '1'), m('C', 1, 1, '1'), m('D', 0, 1, '1')], terms: terms('400.00', {}, '0.75', '50.00'),
      expected: { projected: '300.00', upside: '100.00', downside: '0.00', gateMet: true, share: 0.75, measures: [
        ['A', 1, '100.00', '100.00', 0, null], ['B', 1, '100.00', '100.00', 0, null], ['C', 1, '100.00', '100.00', 0, null],
        ['D', 1, '100.00', '0.00', 1, '100.00']] },
    },
    {
      name: 'the share before rounding is compared: 2/3 (0.6667 shown) misses 0.66667',
      measures: [m('A', 1, 1, '1'), m('B', 1, 1, '1'), m('C', 0, 2, '1')], terms: terms('300.00', {}, '0.66667', '30.00'),
      expected: { projected: '0.00', upside: '300.00', downside: '30.00', gateMet: false, share: 0.6667, measures: [
        ['A', 1, '100.00', '0.00', 0, null], ['B', 1, '100.00', '0.00', 0, null], ['C', 1, '100.00', '0.00', 2, '50.00']] },
    },
    {
      name: 'total weight 0 (the only weight names a deleted measure): nothing at stake, the gate missed, the share null',
      measures: [m('A', 1, 1, '0.5'), m('B', 0, 3, '0.5')], terms: terms('1000.00', { GONE: '5.0000' }, '0', '100.00'),
      expected: { projected: '0.00', upside: '1000.00', downside: '100.00', gateMet: false, share: null, measures: [
        ['A', 0, '0.00', '0.00', 0, null], ['B', 0, '0.00', '0.00', 2, null]] },
    },
    {
      name: 'total weight 0 without a gate: the gate counts as met, qualityGateMet null',
      measures: [], terms: terms('1000.00', {}, null, '100.00'),
      expected: { projected: '0.00', upside: '1000.00', downside: '0.00', gateMet: null, share: null, measures: [] },
    },
    {
      name: 'none EXCEEDED against a gate of 0: met (0 >= 0), nothing earned',
      measures: [m('A', 0, 4, '0.5'), m('B', 1, 4, '0.5')], terms: terms('90.00', {}, '0', '10.00'),
      expected: { projected: '0.00', upside: '90.00', downside: '0.00', gateMet: true, share: 0, measures: [
        ['A', 1, '45.00', '0.00', 2, '22.50'], ['B', 1, '45.00', '0.00', 1, '45.00']] },
    },
    {
      name: 'weights listed: a measure added later weighs 0; a deleted one is ignored; float trap 0.1 + 0.2',
      measures: [m('A', 1, 1, '0.5'), m('B', 0, 5, '0.5'), m('NEW', 0, 1, '1')],
      terms: terms('0.30', { A: '0.1000', B: '0.2000', GONE: '7.0000' }),
      expected: { projected: '0.10', upside: '0.20', downside: '0.00', gateMet: null, share: 0.3333, measures: [
        ['B', 0.2, '0.20', '0.00', 3, '0.07'], ['A', 0.1, '0.10', '0.10', 0, null], ['NEW', 0, '0.00', '0.00', 1, null]] },
    },
    {
      name: 'dollarsPerEvent rounds the rounded stake half-up: 0.05 / 2 = 0.025 → 0.03; 1000.00 / 3 → 333.33',
      measures: [m('A', 0, 2, '1'), m('B', 0, 3, '1')], terms: terms('1000.05', { A: '0.0001', B: '2000' }),
      expected: { projected: '0.00', upside: '1000.05', downside: '0.00', gateMet: null, share: 0, measures: [
        ['B', 2000, '1000.05', '0.00', 3, '333.35'], ['A', 0.0001, '0.00', '0.00', 2, null]] },
    },
    {
      name: 'a 0.025 stake by half: 1 of 4 equal weights over 0.10, per event 0.03',
      measures: [m('A', 0, 2, '1'), m('B', 1, 1, '1'), m('C', 1, 1, '1'), m('D', 1, 1, '1')], terms: terms('0.10'),
      expected: { projected: '0.09', upside: '0.01', downside: '0.00', gateMet: null, share: 0.75, measures: [
        ['A', 1, '0.03', '0.00', 2, '0.02'], ['B', 1, '0.03', '0.03', 0, null], ['C', 1, '0.03', '0.03', 0, null], ['D', 1, '0.03', '0.03', 0, null]] },
    },
    {
      name: 'the largest pool and weights stay exact: 999999999999.99 x 999.9999 / 1000.9999',
      measures: [m('A', 1, 1, '0'), m('B', 0, 1, '1')], terms: terms('999999999999.99', { A: '999.9999', B: '1.0000' }),
      // Independently: 999999999999.99 x 999.9999 / 1000.9999 = 999000998901.188…, x 1 / 1000.9999 = 999001098.801…
      expected: { projected: '999000998901.19', upside: '999001098.80', downside: '0.00', gateMet: null, share: 0.999, measures: [
        ['A', 999.9999, '999000998901.19', '999000998901.19', 0, null], ['B', 1, '999001098.80', '0.00', 1, '999001098.80']] },
    },
  ])('$name', ({ measures, terms: t, expected }) => {
    expect(shown(measures, t)).toEqual(expected);
  });
});

describe('opportunitiesOf', () => {
  it('orders NOT_MET measures with money at stake by dollarsPerEvent, then dollarsAtStake, then measureId, then id; first cuts', () => {
    const one = forecastOf([m('X', 0, 1, '1'), m('B', 0, 2, '1'), m('OK', 1, 1, '1')], terms('200.00', { X: '1', B: '2', OK: '1' }));
    // X: 50.00 over 1 event; B: 100.00 over 2 events: both 50.00 per event, B has more at stake.
    const two = forecastOf([m('X', 0, 1, '1'), m('Z', 0, 1, '1'), m('W', 0, 1, '1')], terms('100.00', { X: '1', Z: '1' }));
    // X and Z: 50.00 per event, 50.00 at stake: X before Z, and this X against the first X by measure row id.
    const twoRenamed = { ...two, measures: two.measures.map((f) => ({ ...f, measure: { ...f.measure, id: `${f.measure.id}-2` } })) };
    const order = opportunitiesOf([one, twoRenamed], 100).map((f) => f.measure.id);
    expect(order).toEqual(['id-B', 'id-X', 'id-X-2', 'id-Z-2']);
    expect(opportunitiesOf([one, twoRenamed], 2).map((f) => f.measure.id)).toEqual(['id-B', 'id-X']);
  });
});
