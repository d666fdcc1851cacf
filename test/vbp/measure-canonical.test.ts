import { createProgram, MEASURE_FIELDS } from '../helpers/factories';
import { codes, startTestApp, type TestApp } from '../helpers/server';
import { newOrg } from '../helpers/tokens';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.close(); });

const ADD = `mutation ($programId: ID!, $input: MeasureInput!) { addMeasure(programId: $programId, input: $input) { id canonical } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateMeasureInput!) { updateMeasure(id: $id, input: $input) { id canonical } }`;
const READ = `query ($id: ID!) { program(id: $id) { measures { ${MEASURE_FIELDS} canonical } } }`;
const VALID = { measureId: 'CMS125', measureName: 'Breast Cancer Screening', numerator: 3, denominator: 4, benchmark: 0.75 };
const EXM125 = 'http://ecqi.healthit.gov/ecqms/Measure/EXM125-FHIR|8.0.000';

const newProgram = async () => {
  const org = await newOrg();
  return { org, program: await createProgram(app, org.admin) };
};

describe('MeasureInput.canonical', () => {
  it.each([
    { given: EXM125, stored: EXM125 },
    { given: `  ${EXM125}\n`, stored: EXM125 }, // trimmed
    { given: 'urn:oid:2.16.840.1.113883.3.464', stored: 'urn:oid:2.16.840.1.113883.3.464' },
    { given: '', stored: null }, // empty is none
    { given: null, stored: null },
  ])('$given is stored as $stored, and the program page read gives it back', async ({ given, stored }) => {
    const { org, program } = await newProgram();
    const res = await app.gql(ADD, { programId: program.id, input: { ...VALID, canonical: given } }, org.admin);
    expect(res.errors).toBeUndefined();
    expect(res.data.addMeasure.canonical).toBe(stored);
    const read = await app.gql(READ, { id: program.id }, org.admin);
    expect(read.data.program.measures.map((m: { canonical: string | null }) => m.canonical)).toEqual([stored]);
  });

  it.each([
    ['Measure/EXM125', 'must be an absolute'],
    ['http://e.org/a b', 'whitespace'],
    ['http://e.org/m|', 'must be an absolute'],
    [`http://e.org/m|${'9'.repeat(65)}`, 'must be an absolute'],
    [`http://e.org/${'m'.repeat(488)}`, 'at most 500'],
  ])('%s is BAD_USER_INPUT on input.canonical', async (canonical, message) => {
    const { org, program } = await newProgram();
    const res = await app.gql(ADD, { programId: program.id, input: { ...VALID, canonical } }, org.admin);
    expect(res.data ?? null).toBeNull();
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.field).toBe('input.canonical');
    expect(res.errors![0].message).toContain(message);
  });
});

describe('UpdateMeasureInput.canonical', () => {
  it('a missing canonical is unchanged, a new one replaces it, null and empty clear it', async () => {
    const { org, program } = await newProgram();
    const id = (await app.gql(ADD, { programId: program.id, input: { ...VALID, canonical: EXM125 } }, org.admin)).data.addMeasure.id;
    const update = async (input: object) => (await app.gql(UPDATE, { id, input }, org.admin)).data.updateMeasure.canonical;
    expect(await update({ numerator: 2 })).toBe(EXM125);
    expect(await update({ canonical: 'https://e.org/Measure/bcs' })).toBe('https://e.org/Measure/bcs');
    expect(await update({ canonical: null })).toBeNull();
    expect(await update({ canonical: 'https://e.org/Measure/bcs' })).toBe('https://e.org/Measure/bcs');
    expect(await update({ canonical: '   ' })).toBeNull();
  });

  it('a bad canonical changes nothing', async () => {
    const { org, program } = await newProgram();
    const id = (await app.gql(ADD, { programId: program.id, input: { ...VALID, canonical: EXM125 } }, org.admin)).data.addMeasure.id;
    const res = await app.gql(UPDATE, { id, input: { canonical: 'ftp://e.org/m' } }, org.admin);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.canonical' });
    const read = await app.gql(READ, { id: program.id }, org.admin);
    expect(read.data.program.measures[0].canonical).toBe(EXM125);
  });
});
