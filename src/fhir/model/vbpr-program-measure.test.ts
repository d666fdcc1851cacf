import { measureRow, programRow } from '../../../test/fhir/vbpr-fixtures';
import { qualityMeasureCanonical, vbpMeasure } from './vbpr-program-measure';
import { fhirBaseOf, localUrls } from './vbpr-urls';

const local = localUrls(fhirBaseOf('https://pm.example.test/'));

describe('qualityMeasureCanonical (contract v2: the measure’s canonical, else the hedis- form)', () => {
  it.each([
    { measureId: 'BCS', canonical: null, expected: 'https://pm.example.test/fhir/Measure/hedis-BCS|2025' },
    { measureId: 'HEDIS_CDC', canonical: null, expected: 'https://pm.example.test/fhir/Measure/hedis-CDC|2025' },
    { measureId: 'BCS', canonical: 'http://hl7.org/fhir/us/cqfmeasures/Measure/EXM125-FHIR|8.0.000', expected: 'http://hl7.org/fhir/us/cqfmeasures/Measure/EXM125-FHIR|8.0.000' },
    { measureId: 'BCS', canonical: 'http://hl7.org/fhir/us/cqfmeasures/Measure/EXM125-FHIR', expected: 'http://hl7.org/fhir/us/cqfmeasures/Measure/EXM125-FHIR|2025' },
    { measureId: 'X', canonical: 'urn:uuid:6f1b2c1e-0000-4000-8000-000000000001', expected: 'urn:uuid:6f1b2c1e-0000-4000-8000-000000000001|2025' },
  ])('$measureId, $canonical → $expected', ({ measureId, canonical, expected }) => {
    expect(qualityMeasureCanonical({ measureId, canonical }, '2025', local)).toBe(expected);
  });

  it('names the VBP Measure’s components by the same canonicals', () => {
    const measure = vbpMeasure({
      program: programRow(), period: { start: '2025-01-01', end: '2025-12-31' } as any, providerName: 'P', payerName: null, local,
      measures: [measureRow({ measureId: 'BCS', canonical: 'http://example.org/Measure/bcs' }), measureRow({ measureId: 'CDC' })],
    });
    expect(measure.relatedArtifact!.map((a) => a.resource)).toEqual(['http://example.org/Measure/bcs|2025', 'https://pm.example.test/fhir/Measure/hedis-CDC|2025']);
  });
});
