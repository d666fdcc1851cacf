import { app, bootApp, create, CREATE, csvOf, enrolled, IMPORT, memberIds, RECORD, rosterCount } from '../helpers/capitation-contracts';
import { postBytes, withBytes } from '../helpers/raw-http';
import { ok } from '../helpers/refusals';
import { newOrg } from '../helpers/tokens';

// Contract (Hostile input, version 2): a request body that is not valid UTF-8 is HTTP 400; a CSV that is not
// valid UTF-8 is BAD_USER_INPUT on `csv`; nothing is stored with U+FFFD in place of what was sent.
// Every body here is sent as bytes: a JSON escape cannot spell an invalid byte.

bootApp();

const MARK = '#';
const enroll = (contractId: string, memberIdExternal: string) =>
  JSON.stringify({ query: RECORD, variables: { id: contractId, input: { memberIdExternal, eventType: 'ENROLL', effectiveDate: '2025-01-01' } } });
const refusal = (field: string, message = `${field} is not valid UTF-8`) =>
  ({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT', field } }] });
const BAD_REQUEST = { errors: [{ message: 'The request body is not valid UTF-8', extensions: { code: 'BAD_REQUEST' } }] };

describe('member ids sent as raw bytes', () => {
  it('MEMBER-\\xc9-0001 and MEMBER-\\xc8-0001 are each refused with 400, not stored as one member', async () => {
    const org = await newOrg();
    const contract = await create(org.admin);
    for (const byte of [0xc9, 0xc8]) {
      const res = await postBytes(app.url, withBytes(enroll(contract.id, `MEMBER-${MARK}-0001`), MARK, [byte]), org.admin);
      expect(res).toEqual({ status: 400, body: refusal('input.memberIdExternal') });
    }
    expect(await rosterCount(org, contract.id)).toBe(0);
  });

  it('the same ids in UTF-8 (É and È) are two members, and a third spelling disenrolls neither', async () => {
    const org = await newOrg();
    const contract = await create(org.admin);
    for (const id of ['MEMBER-\u00c9-0001', 'MEMBER-\u00c8-0001']) {
      const res = await postBytes(app.url, Buffer.from(enroll(contract.id, id), 'utf8'), org.admin);
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
    }
    const third = withBytes(enroll(contract.id, `MEMBER-${MARK}-0001`).replace('ENROLL', 'DISENROLL'), MARK, [0xca]);
    expect((await postBytes(app.url, third, org.admin)).status).toBe(400);
    expect(await enrolled(org.admin, contract.id, ['2025-01-01'])).toEqual([2]);
    expect((await memberIds(org.admin, contract.id)).sort()).toEqual(['MEMBER-\u00c8-0001', 'MEMBER-\u00c9-0001']);
  });

  it('every malformed sequence is refused: truncated, overlong, an encoded surrogate, beyond U+10FFFF', async () => {
    const org = await newOrg();
    const contract = await create(org.admin);
    for (const bytes of [[0xe2, 0x82], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xff]]) {
      const res = await postBytes(app.url, withBytes(enroll(contract.id, `M-${MARK}-1`), MARK, bytes), org.admin);
      expect(res).toEqual({ status: 400, body: refusal('input.memberIdExternal') });
    }
    expect(await rosterCount(org, contract.id)).toBe(0);
  });
});

describe('a Latin-1 CSV', () => {
  it('is BAD_USER_INPUT on csv naming the line of the first bad byte, never a member id, and nothing is written', async () => {
    const org = await newOrg();
    const contract = await create(org.admin);
    const csv = csvOf('M-00000001,ENROLL,2025-01-01', `M-Jos${MARK}-00000002,ENROLL,2025-01-01`);
    for (const dryRun of [false, true]) {
      const body = withBytes(JSON.stringify({ query: IMPORT, variables: { id: contract.id, csv, dryRun } }), MARK, [0xe9]);
      const res = await postBytes(app.url, body, org.admin);
      expect(res).toEqual({ status: 400, body: refusal('csv', 'csv is not valid UTF-8 (line 3)') });
      expect(JSON.stringify(res.body)).not.toContain('M-Jos');
    }
    expect(await rosterCount(org, contract.id)).toBe(0);
    // The same file in UTF-8 is imported.
    const utf8 = ok(await app.gql(IMPORT, { id: contract.id, csv: csv.replace(MARK, '\u00e9') }, org.admin), 'importRosterCsv');
    expect(utf8).toMatchObject({ accepted: 2, rejected: 0 });
  });
});

describe('where in the body the bytes are', () => {
  it('in a string literal of the document: the argument holding it is named', async () => {
    const org = await newOrg();
    const query = `mutation { createCapitationContract(input: { name: "HMO ${MARK}", pmpmRate: "1.00", effectiveFrom: "2025-01-01" }) { id } }`;
    const res = await postBytes(app.url, withBytes(JSON.stringify({ query }), MARK, [0xc9]), org.admin);
    expect(res).toEqual({ status: 400, body: refusal('input.name') });
  });

  it('in a variable no argument takes: the variable is named', async () => {
    const org = await newOrg();
    const body = withBytes(JSON.stringify({ query: CREATE, variables: { input: { name: 'HMO', pmpmRate: '1.00', effectiveFrom: '2025-01-01' }, extra: `x${MARK}` } }), MARK, [0xc9]);
    expect(await postBytes(app.url, body, org.admin)).toEqual({ status: 400, body: refusal('extra') });
  });

  it.each<[string, string]>([
    ['the operation name', JSON.stringify({ query: 'query Op { __typename }', operationName: `Op${MARK}` })],
    ['extensions', JSON.stringify({ query: '{ __typename }', extensions: { note: MARK } })],
    ['between JSON tokens', `{"query": "{ __typename }"}${MARK}`],
    ['a name in the document', JSON.stringify({ query: `{ __typename${MARK} }` })],
  ])('in %s: BAD_REQUEST', async (_where, json) => {
    const org = await newOrg();
    expect(await postBytes(app.url, withBytes(json, MARK, [0xc9]), org.admin)).toEqual({ status: 400, body: BAD_REQUEST });
  });

  it('a valid UTF-8 body is served as before, with or without a declared charset', async () => {
    const org = await newOrg();
    const body = Buffer.from(JSON.stringify({ query: '{ __typename }' }), 'utf8');
    for (const contentType of ['application/json', 'application/json; charset=utf-8']) {
      expect(await postBytes(app.url, body, org.admin, contentType)).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    }
  });
});
