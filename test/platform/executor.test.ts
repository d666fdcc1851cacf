import { Trace } from '@apollo/usage-reporting-protobuf';
import { type DocumentNode, execute, type ExecutionResult, type GraphQLSchema, parse } from 'graphql';
import { DASHBOARD_QUERY, seedVbp } from '../../dev/seed';
import { type Auth, createTokenVerifier } from '../../src/platform/identity/token';
import { appContext } from '../../src/app/context';
import type { AppDeps } from '../../src/platform/graphql/context';
import { createExecutor } from '../../src/platform/graphql/executor';
import { createLogger } from '../../src/platform/log';
import { createPhiKeys } from '../../src/platform/phi';
import { buildAppSchema } from '../../src/app/schema';
import { startTestApp, type TestApp, TEST_PHI_KEY, TEST_PUBLIC_BASE_URL } from '../helpers/server';
import { newOrg, TEST_JWT_SECRET, type TestOrg } from '../helpers/tokens';

/**
 * The service executes operations with graphql-jit (platform/executor.ts).
 * These run the same operations, on the same data and schema, through
 * graphql-js's own execute (on the fully guarded schema) and through our
 * executor (on the caller's schema: shield.ts permissionVariants), and expect
 * the same answer: data, and errors with their messages, paths and codes.
 */
let app: TestApp;
let schema: GraphQLSchema;
let executableFor: (auth: Auth | null) => GraphQLSchema;
let deps: AppDeps;
let org: TestOrg;
let programIds: string[];

beforeAll(async () => {
  app = await startTestApp();
  ({ schema, executableFor } = await buildAppSchema());
  deps = {
    prisma: app.db.prisma, verifyToken: createTokenVerifier({ secret: TEST_JWT_SECRET }), log: createLogger('silent'),
    phi: createPhiKeys(TEST_PHI_KEY), outbox: { kick: () => undefined }, publicBaseUrl: TEST_PUBLIC_BASE_URL,
  };
  org = await newOrg();
  programIds = await seedVbp(app.db.prisma, org.orgId, { programs: 3, measuresPerProgram: 3, paymentsPerProgram: 2 });
});
afterAll(async () => { await app.close(); });

/** What a client can see of a result: data, and each error's message, path and code. */
const visible = (result: ExecutionResult) => JSON.parse(JSON.stringify({
  data: result.data,
  errors: result.errors?.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code })),
}));

const contextOf = (token: string) => appContext(deps)({ authorization: `Bearer ${token}` });

/** What our executor answers for the document's first operation, as Apollo would call it. */
async function byOurExecutor(executor: ReturnType<typeof createExecutor>, document: DocumentNode, query: string, variables: Record<string, unknown>, token: string) {
  return visible(await executor({ document, operation: document.definitions[0], request: { query, variables }, context: await contextOf(token) } as never));
}

async function bothWays(query: string, variables: Record<string, unknown>, token: string) {
  const document = parse(query);
  const byGraphqlJs = await execute({ schema, document, variableValues: variables, contextValue: await contextOf(token) });
  return { graphqlJs: visible(byGraphqlJs), ours: await byOurExecutor(createExecutor({ executableFor, compileAfterUses: 1 }), document, query, variables, token) };
}

/** A capitation contract of the test organization, which its staff may not see. */
async function contractId(name: string): Promise<string> {
  const created = await app.gql('mutation ($input: CreateCapitationContractInput!) { createCapitationContract(input: $input) { id } }',
    { input: { name, pmpmRate: '45.10', effectiveFrom: '2025-01-01' } }, org.admin);
  return created.data.createCapitationContract.id;
}

describe('the graphql-jit executor answers as graphql-js does', () => {
  it('the dashboard', async () => {
    const { graphqlJs, ours } = await bothWays(DASHBOARD_QUERY, {}, org.staff);
    expect(graphqlJs.errors).toBeUndefined();
    expect(graphqlJs.data.programs.edges).toHaveLength(3);
    expect(ours).toEqual(graphqlJs);
  });

  it.each([[true, true], [true, false], [false, true], [false, false]])('fragments with @skip(if: %s) and @include(if: %s)', async (skip, include) => {
    const query = `query ($skip: Boolean!, $include: Boolean!) {
      programs(first: 2) { edges { node { ...P @include(if: $include) id measures { id rate @skip(if: $skip) ... on Measure { gap: gapToBenchmark } } } } }
    }
    fragment P on Program { name summary { earnedTotal outstandingTotal } incentivePayments { variance } }`;
    const { graphqlJs, ours } = await bothWays(query, { skip, include }, org.staff);
    expect(graphqlJs.errors).toBeUndefined();
    expect(ours).toEqual(graphqlJs);
  });

  it('aliases, __typename, an enum argument and a reference through _entities', async () => {
    const query = `query ($id: ID!, $r: [_Any!]!) {
      one: program(id: $id) { __typename id met: measures(performanceLevel: EXCEEDED) { measureId } all: measures { measureId } }
      none: program(id: "not-a-uuid") { id }
      _entities(representations: $r) { __typename ... on Program { id name } ... on Measure { id } }
    }`;
    const r = [{ __typename: 'Program', id: programIds[1] }, { __typename: 'Program', id: '00000000-0000-4000-8000-000000000000' }];
    const { graphqlJs, ours } = await bothWays(query, { id: programIds[0], r }, org.staff);
    expect(graphqlJs.errors).toBeUndefined();
    expect(graphqlJs.data.one.all).toHaveLength(3);
    expect(ours).toEqual(graphqlJs);
  });

  it('coded errors: a page size over 100, and a variable of the wrong type', async () => {
    for (const [query, variables] of [
      ['query ($n: Int) { programs(first: $n) { totalCount } }', { n: 1000 }],
      ['query ($n: Int) { programs(first: $n) { totalCount } }', { n: 'many' }],
    ] as const) {
      const { graphqlJs, ours } = await bothWays(query, variables, org.staff);
      expect(graphqlJs.errors).toHaveLength(1);
      expect(ours).toEqual(graphqlJs);
    }
  });

  it('a denied type: the same data, and only FORBIDDEN (one per denied field, where graphql-js stops at the first)', async () => {
    const query = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on CapitationContract { id name pmpmRate } } }';
    const r = [{ __typename: 'CapitationContract', id: await contractId('HMO') }];
    const { graphqlJs, ours } = await bothWays(query, { r }, org.staff);
    expect(ours.data).toEqual(graphqlJs.data);
    expect(new Set(ours.errors.map((e: { code: string }) => e.code))).toEqual(new Set(['FORBIDDEN']));
    expect(graphqlJs.errors.map((e: { code: string }) => e.code)).toEqual(['FORBIDDEN']);
  });

  it('a document is compiled on its second use by default: the first runs on graphql-js (one FORBIDDEN), the second compiled (one per field)', async () => {
    const query = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on CapitationContract { id name pmpmRate } } }';
    const document = parse(query);
    const variables = { r: [{ __typename: 'CapitationContract', id: await contractId('HMO 2') }] };
    const executor = createExecutor({ executableFor });
    const run = () => byOurExecutor(executor, document, query, variables, org.staff);
    expect((await run()).errors).toHaveLength(1);
    expect((await run()).errors).toHaveLength(3);
    expect((await run()).errors).toHaveLength(3);
  });

  it('a router asking for a federated trace gets one with every field timed (graphql-js runs such requests)', async () => {
    const query = 'query Traced { programs(first: 2) { edges { node { id measures { rate } } } } }';
    const traced = async () => {
      const response = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${org.staff}`, 'apollo-federation-include-trace': 'ftv1' },
        body: JSON.stringify({ query }),
      });
      const body = await response.json() as { data: unknown; extensions?: { ftv1?: string } };
      const trace = Trace.decode(Buffer.from(body.extensions!.ftv1!, 'base64'));
      const names: string[] = [];
      const walk = (node: Trace.INode | null | undefined) => { for (const child of node?.child ?? []) { if (child.responseName) names.push(child.responseName); walk(child); } };
      walk(trace.root);
      return { data: body.data, names: new Set(names) };
    };
    for (let use = 0; use < 2; use++) { // the same document twice: it would be compiled by then
      const { data, names } = await traced();
      expect(data).toEqual((await app.gql(query, {}, org.staff)).data);
      expect([...names].sort()).toEqual(['edges', 'id', 'measures', 'node', 'programs', 'rate']);
    }
  });

  it('a literal our scalars parse into objects (a Decimal) reaches the resolver as one: such documents run on graphql-js', async () => {
    const response = await app.gql(
      'mutation { createCapitationContract(input: {name: "HMO", pmpmRate: "45.10", effectiveFrom: "2025-01-15"}) { pmpmRate effectiveFrom } }', {}, org.admin,
    );
    expect(response).toEqual({ status: 200, data: { createCapitationContract: { pmpmRate: '45.10', effectiveFrom: '2025-01-15' } } });
  });
});
