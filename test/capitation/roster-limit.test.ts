import { startTestApp, type TestApp } from '../helpers/server';
import { newOrg } from '../helpers/tokens';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.close(); });

it('writes a roster file of the largest allowed size (50,000 rows), all of it', async () => {
  const org = await newOrg();
  const created = await app.gql('mutation { createCapitationContract(input: { name: "Large HMO", pmpmRate: "40.00", effectiveFrom: "2025-01-01" }) { id } }', {}, org.admin);
  const contractId = created.data.createCapitationContract.id;
  const rows = Array.from({ length: 50_000 }, (_, i) => `M${String(i).padStart(9, '0')},ENROLL,2025-01-01`);
  const csv = ['memberIdExternal,eventType,effectiveDate', ...rows].join('\n');
  const res = await app.gql('mutation ($c: ID!, $csv: String!) { importRosterCsv(contractId: $c, csv: $csv) { accepted rejected } }', { c: contractId, csv }, org.admin);
  expect(res).toMatchObject({ data: { importRosterCsv: { accepted: 50_000, rejected: 0 } } });
  const read = await app.gql('query ($c: ID!) { capitationContract(id: $c) { enrolledMemberCount(asOf: "2025-01-01") rosterEvents(first: 1) { totalCount } } }', { c: contractId }, org.siteAdmin);
  expect(read.data.capitationContract).toEqual({ enrolledMemberCount: 50_000, rosterEvents: { totalCount: 50_000 } });
});
