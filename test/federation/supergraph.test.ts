import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  composeSupergraph, DEFAULT_SUBGRAPH_URLS, SUBGRAPH_SCHEMA_FILES, SUPERGRAPH_FILE,
} from '../../dev/compose-supergraph';
import { type RunningGateway, startGateway } from '../../dev/gateway';
import { demoClinicalSource, startClSubgraph } from '../../dev/subgraphs/cl/server';
import type { RunningSubgraph } from '../../dev/subgraphs/reference-subgraph';
import { demoRecognizedRevenueMonth, startFaSubgraph } from '../../dev/subgraphs/fa/server';
import { signToken } from '../../src/platform/identity/token';
import { addMeasure, createProgram, recordPayment } from '../helpers/factories';
import { codes, type GraphQLResponse, startTestApp, type TestApp } from '../helpers/server';
import { newOrg, TEST_JWT_SECRET, type TestOrg } from '../helpers/tokens';

const root = join(__dirname, '..', '..');

/** The real PM server, CL and FA on free ports, and the gateway over a supergraph composed with their URLs. */
let app: TestApp;
let cl: RunningSubgraph;
let fa: RunningSubgraph;
let gateway: RunningGateway;

const post = async (url: string, query: string, variables?: Record<string, unknown>, token?: string, headers: Record<string, string> = {}) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphQLResponse;
  return { status: response.status, data: body.data, errors: body.errors };
};
const viaGateway = (query: string, variables?: Record<string, unknown>, token?: string, headers?: Record<string, string>) =>
  post(gateway.url, query, variables, token, headers);

/** [subgraph, code] of each error, sorted: which subgraph refused what. */
const bySubgraph = (res: GraphQLResponse) =>
  (res.errors ?? []).map((e) => [e.extensions?.serviceName, e.extensions?.code]).sort((a, b) => String(a).localeCompare(String(b)));

/** Crosses all three subgraphs: programs from PM, clinicalSource from CL, recognizedRevenueMonth from FA. */
const CROSS_SUBGRAPH = `query CrossSubgraph {
  clinicalContext { organizationId }
  programs(first: 10) { edges { node {
    id name
    measures { id measureId clinicalSource }
    incentivePayments { id earnedAmount recognizedRevenueMonth }
  } } }
}`;

let orgA: TestOrg;
let orgB: TestOrg;
let programA: { id: string };
let measuresA: { id: string }[];
let paymentsA: { id: string }[];
let programB: { id: string };
let periodA: { id: string };

beforeAll(async () => {
  app = await startTestApp();
  [cl, fa] = await Promise.all([
    startClSubgraph({ jwtSecret: TEST_JWT_SECRET, port: 0 }),
    startFaSubgraph({ jwtSecret: TEST_JWT_SECRET, port: 0 }),
  ]);
  gateway = await startGateway({ port: 0, host: '127.0.0.1', subgraphUrls: { pm: `${app.url}/graphql`, cl: cl.url, fa: fa.url } });

  [orgA, orgB] = await Promise.all([newOrg(), newOrg()]);
  programA = await createProgram(app, orgA.admin, { name: 'Org A Shared Savings' });
  measuresA = [
    await addMeasure(app, orgA.admin, programA.id, { measureId: 'BCS' }),
    await addMeasure(app, orgA.admin, programA.id, { measureId: 'CBP', measureName: 'Controlling High Blood Pressure' }),
  ];
  paymentsA = [
    await recordPayment(app, orgA.admin, programA.id, { paymentPeriod: '2025-Q1', earnedAmount: '1000.00' }),
    await recordPayment(app, orgA.admin, programA.id, { paymentPeriod: '2025-Q2', earnedAmount: '250.50' }),
  ];
  programB = await createProgram(app, orgB.admin, { name: 'Org B Quality Bonus', contractType: 'QUALITY_BONUS' });
  const contract = await app.gql('mutation { createCapitationContract(input: { name: "Org A Capitation", pmpmRate: "42.00", effectiveFrom: "2025-01-01" }) { id } }', {}, orgA.admin);
  const periods = await app.gql('mutation ($id: ID!) { generateCapitationPeriods(contractId: $id, through: "2025-01-31") { id } }',
    { id: contract.data?.createCapitationContract.id }, orgA.admin);
  if (!periods.data) throw new Error(`capitation setup failed: ${JSON.stringify([contract.errors, periods.errors])}`);
  [periodA] = periods.data.generateCapitationPeriods;
});

afterAll(async () => {
  await gateway?.stop();
  await Promise.all([cl?.stop(), fa?.stop()]);
  await app?.close();
});

describe('the supergraph of PM, CL and FA behind the gateway', () => {
  it('answers one query across all three subgraphs with the caller\'s token', async () => {
    expect(await viaGateway(CROSS_SUBGRAPH, undefined, orgA.admin)).toEqual({
      status: 200,
      data: {
        clinicalContext: { organizationId: orgA.orgId },
        programs: { edges: [{ node: {
          id: programA.id,
          name: 'Org A Shared Savings',
          measures: [
            { id: measuresA[0].id, measureId: 'BCS', clinicalSource: demoClinicalSource(measuresA[0].id) },
            { id: measuresA[1].id, measureId: 'CBP', clinicalSource: demoClinicalSource(measuresA[1].id) },
          ],
          incentivePayments: [
            { id: paymentsA[0].id, earnedAmount: '1000.00', recognizedRevenueMonth: demoRecognizedRevenueMonth(paymentsA[0].id) },
            { id: paymentsA[1].id, earnedAmount: '250.50', recognizedRevenueMonth: demoRecognizedRevenueMonth(paymentsA[1].id) },
          ],
        } }] },
      },
      errors: undefined,
    });
  });

  it('passes the caller\'s x-request-id on to the subgraphs', async () => {
    const res = await viaGateway('{ clinicalContext { organizationId requestId } }', undefined, orgA.staff, { 'x-request-id': 'supergraph-test-1' });
    expect(res.data).toEqual({ clinicalContext: { organizationId: orgA.orgId, requestId: 'supergraph-test-1' } });
  });

  it('without a token: UNAUTHENTICATED from the subgraphs and no data from PM', async () => {
    const res = await viaGateway(CROSS_SUBGRAPH);
    expect(res.data ?? null).toBeNull();
    expect(bySubgraph(res)).toEqual([['cl', 'UNAUTHENTICATED'], ['pm', 'UNAUTHENTICATED']]);
    expect(JSON.stringify(res)).not.toContain(programA.id);
  });

  it('a token signed with another secret is refused by every subgraph', async () => {
    const forged = await signToken({ sub: 'intruder', orgId: orgA.orgId, roles: ['org_admin'] }, 'not-the-secret-of-this-supergraph-at-all');
    const res = await viaGateway(CROSS_SUBGRAPH, undefined, forged);
    expect(res.data ?? null).toBeNull();
    expect(bySubgraph(res)).toEqual([['cl', 'UNAUTHENTICATED'], ['pm', 'UNAUTHENTICATED']]);
    expect(JSON.stringify(res)).not.toContain(programA.id);
  });

  describe('tenancy across subgraphs', () => {
    it('org B\'s token lists only org B\'s programs, and CL sees org B', async () => {
      expect(await viaGateway(CROSS_SUBGRAPH, undefined, orgB.admin)).toEqual({
        status: 200,
        data: {
          clinicalContext: { organizationId: orgB.orgId },
          programs: { edges: [{ node: { id: programB.id, name: 'Org B Quality Bonus', measures: [], incentivePayments: [] } }] },
        },
        errors: undefined,
      });
    });

    it('org B gets no CL or FA field of org A\'s measures, payments and capitation periods', async () => {
      const query = `query ($measureId: ID!, $paymentId: ID!, $periodId: ID!) {
        measure(id: $measureId) { id clinicalSource }
        incentivePayment(id: $paymentId) { id recognizedRevenueMonth }
        capitationPeriod(id: $periodId) { id recognizedRevenueMonth }
      }`;
      const variables = { measureId: measuresA[0].id, paymentId: paymentsA[0].id, periodId: periodA.id };
      expect(await viaGateway(query, variables, orgB.admin)).toEqual({
        status: 200, data: { measure: null, incentivePayment: null, capitationPeriod: null }, errors: undefined,
      });
      // The same request with org A's token resolves all three: the nulls above are PM's tenancy, not a broken path.
      expect((await viaGateway(query, variables, orgA.admin)).data).toEqual({
        measure: { id: measuresA[0].id, clinicalSource: demoClinicalSource(measuresA[0].id) },
        incentivePayment: { id: paymentsA[0].id, recognizedRevenueMonth: demoRecognizedRevenueMonth(paymentsA[0].id) },
        capitationPeriod: { id: periodA.id, recognizedRevenueMonth: demoRecognizedRevenueMonth(periodA.id) },
      });
    });

    it('PM resolves FA\'s reference to org A\'s program as null for org B (_entities with B\'s token)', async () => {
      const query = 'query ($programId: ID!) { revenueRecognitionEntries(programId: $programId) { serviceMonth program { id name } } }';
      const asB = await viaGateway(query, { programId: programA.id }, orgB.admin);
      expect(asB.errors).toBeUndefined();
      expect(asB.data.revenueRecognitionEntries.map((e: { program: unknown }) => e.program)).toEqual([null, null, null]);
      const asA = await viaGateway(query, { programId: programA.id }, orgA.admin);
      expect(asA.data.revenueRecognitionEntries.map((e: { program: unknown }) => e.program))
        .toEqual(Array(3).fill({ id: programA.id, name: 'Org A Shared Savings' }));
    });
  });
});

describe.each([
  { name: 'CL', subgraph: () => cl, typename: 'Measure', field: 'clinicalSource' },
  { name: 'FA', subgraph: () => fa, typename: 'IncentivePayment', field: 'recognizedRevenueMonth' },
])('the reference $name subgraph verifies the JWT itself', ({ subgraph, typename, field }) => {
  const entities = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${typename} { id ${field} } } }`;
  const variables = { representations: [{ __typename: typename, id: 'any-id' }] };

  it('refuses _entities without a token', async () => {
    const res = await post(subgraph().url, entities, variables);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.data?._entities ?? null).toBeNull();
  });

  it('refuses a token signed with another secret', async () => {
    const forged = await signToken({ sub: 'intruder', orgId: orgA.orgId, roles: ['org_admin'] }, 'not-the-secret-of-this-supergraph-at-all');
    const res = await post(subgraph().url, entities, variables, forged);
    expect(res.status).toBe(401);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  });

  it('answers _entities with a valid token, and _service without one', async () => {
    expect((await post(subgraph().url, entities, variables, orgA.staff)).errors).toBeUndefined();
    expect((await post(subgraph().url, '{ _service { sdl } }')).data?._service.sdl).toContain(`type ${typename}`);
  });
});

describe('the committed supergraph', () => {
  it('supergraph.graphql is what dev/compose-supergraph.ts composes (npm run supergraph)', () => {
    expect(readFileSync(join(root, SUPERGRAPH_FILE), 'utf8')).toBe(composeSupergraph());
  });

  it('supergraph.yaml names the same schema files, routing URLs and composition version for rover', () => {
    const config = readFileSync(join(root, 'supergraph.yaml'), 'utf8');
    const { devDependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(/^federation_version: =(\S+)$/m.exec(config)?.[1]).toBe(devDependencies['@apollo/composition']);
    for (const [name, file] of Object.entries(SUBGRAPH_SCHEMA_FILES)) {
      const block = new RegExp(`\\n  ${name}:\\n    routing_url: (\\S+)\\n    schema:\\n      file: (\\S+)\\n`).exec(config);
      expect({ name, url: block?.[1], file: block?.[2] })
        .toEqual({ name, url: DEFAULT_SUBGRAPH_URLS[name as keyof typeof DEFAULT_SUBGRAPH_URLS], file: `./${file}` });
    }
  });
});
