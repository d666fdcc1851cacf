import { canonicalProblem, canonicalUrl } from './measure-canonical';

describe('canonicalProblem', () => {
  it.each([
    ['http://ecqi.healthit.gov/ecqms/Measure/EXM125-FHIR|8.0.000', null],
    ['https://example.org/fhir/Measure/bcs', null],
    ['urn:oid:2.16.840.1.113883.3.464', null],
    ['HTTPS://EXAMPLE.ORG/Measure/x|2025', null],
    [`https://e.org/${'a'.repeat(486)}`, null], // exactly 500
    [`https://e.org/${'a'.repeat(487)}`, 'must be at most 500 characters'],
    [`https://e.org/m|${'v'.repeat(64)}`, null],
    [`https://e.org/m|${'v'.repeat(65)}`, 'must be an absolute'],
    ['https://e.org/m|', 'must be an absolute'],
    ['https://e.org/m|1|2', 'must be an absolute'],
    ['https://e.org/a b', 'must not contain whitespace'],
    ['https://e.org/a\tb', 'must not contain whitespace'],
    ['https://e.org/a\u0000b', 'must not contain whitespace'],
    ['ftp://e.org/m', 'must be an absolute'],
    ['Measure/bcs', 'must be an absolute'],
    ['http://', 'must be an absolute'],
    ['http:///path', 'must be an absolute'],
    ['urn:', 'must be an absolute'],
    ['urn:oid:', 'must be an absolute'],
    ['|2025', 'must be an absolute'],
  ])('%s → %s', (canonical, problem) => {
    const got = canonicalProblem(canonical);
    if (problem === null) expect(got).toBeNull();
    else expect(got).toContain(problem);
  });
});

it.each([
  ['http://e.org/M|8.0.000', 'http://e.org/M'],
  ['http://e.org/M', 'http://e.org/M'],
])('canonicalUrl(%s) = %s', (canonical, url) => expect(canonicalUrl(canonical)).toBe(url));
