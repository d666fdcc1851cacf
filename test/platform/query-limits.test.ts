import { getIntrospectionQuery } from 'graphql';
import { DASHBOARD_QUERY } from '../../dev/seed';
import { QUERY_LIMITS } from '../../src/platform/http/query-limits';
import { codes, type GraphQLResponse, startTestApp, type TestApp } from '../helpers/server';
import { newOrg, type TestOrg } from '../helpers/tokens';

/**
 * Hostile operations are refused at parse or validation time: no resolver
 * runs, which the tests see as no SQL statement sent (every resolver works in
 * a tenant transaction) and, for mutations, nothing written.
 */

/** `programs → edges → node → measures → program → … → id`: `depth` levels, the leaf counted as Armor does. */
const deepQuery = (depth: number) => {
  const hops = Array.from({ length: depth - 4 }, (_, i) => (i % 2 === 0 ? 'measures' : 'program'));
  const inner = hops.reduceRight((selection, hop) => `${hop} { ${selection} }`, 'id');
  return `{ programs(first: 1) { edges { node { ${inner} } } } }`;
};

const createProgramAliases = (count: number) => `mutation {
  ${Array.from({ length: count }, (_, i) => `p${i}: createProgram(input: { name: "Alias ${i}", contractType: SHARED_SAVINGS, measurementPeriod: "CY2025" }) { id }`).join('\n')}
}`;

async function refusedBeforeResolvers(app: TestApp, send: () => Promise<GraphQLResponse>) {
  const before = app.db.statements.length;
  const response = await send();
  expect(app.db.statements.length).toBe(before);
  return response;
}

const programCount = async (app: TestApp, org: TestOrg) => (await app.gql('{ programs { totalCount } }', {}, org.staff)).data.programs.totalCount;

describe.each([
  ['development', false],
  ['production', true],
])('query limits in %s', (_mode, production) => {
  let app: TestApp;
  let org: TestOrg;
  beforeAll(async () => {
    app = await startTestApp({ production });
    org = await newOrg();
  });
  afterAll(async () => { await app.close(); });

  const expectRefused = (response: GraphQLResponse, code = 'GRAPHQL_VALIDATION_FAILED') => {
    expect(response.status).toBe(400);
    expect(codes(response)).toContain(code);
    expect(response.data).toBeUndefined();
  };
  /** Development names the limit to help the developer; production says only that it was refused. */
  const expectLimitNamedOnlyInDevelopment = (response: GraphQLResponse, limit: number) => {
    const messages = response.errors!.map((e) => e.message).join('\n');
    if (production) expect(messages).not.toContain(String(limit));
    else expect(messages).toContain(String(limit));
  };

  it(`refuses a query deeper than ${QUERY_LIMITS.maxDepth} levels and accepts one at the limit`, async () => {
    const tooDeep = await refusedBeforeResolvers(app, () => app.gql(deepQuery(QUERY_LIMITS.maxDepth + 1), {}, org.staff));
    expectRefused(tooDeep);
    expectLimitNamedOnlyInDevelopment(tooDeep, QUERY_LIMITS.maxDepth);
    const atLimit = await app.gql(deepQuery(QUERY_LIMITS.maxDepth), {}, org.staff);
    expect(atLimit.errors).toBeUndefined();
  });

  it('counts depth through fragments', async () => {
    const query = `fragment M on Measure { program { measures { program { measures { program { measures { id } } } } } } }
      { programs(first: 1) { edges { node { measures { ...M } } } } }`;
    expectRefused(await refusedBeforeResolvers(app, () => app.gql(query, {}, org.staff)));
  });

  it('refuses recursive fragments', async () => {
    const query = `fragment A on Program { measures { program { ...A } } }
      { programs(first: 1) { edges { node { ...A } } } }`;
    expectRefused(await refusedBeforeResolvers(app, () => app.gql(query, {}, org.staff)));
  });

  it(`refuses more than ${QUERY_LIMITS.maxAliases} aliases and writes nothing`, async () => {
    const before = await programCount(app, org);
    const response = await refusedBeforeResolvers(app, () => app.gql(createProgramAliases(QUERY_LIMITS.maxAliases + 1), {}, org.admin));
    expectRefused(response);
    expectLimitNamedOnlyInDevelopment(response, QUERY_LIMITS.maxAliases);
    expect(await programCount(app, org)).toBe(before);
  });

  it(`refuses more than ${QUERY_LIMITS.maxDirectives} directives`, async () => {
    const fields = Array.from({ length: QUERY_LIMITS.maxDirectives + 1 }, (_, i) => `f${i}: totalCount @include(if: true)`).join(' ');
    const response = await refusedBeforeResolvers(app, () => app.gql(`{ programs { ${fields} } }`, {}, org.staff));
    expectRefused(response);
    expectLimitNamedOnlyInDevelopment(response, QUERY_LIMITS.maxDirectives);
  });

  it(`refuses a document of more than ${QUERY_LIMITS.maxTokens} tokens while parsing`, async () => {
    // Within every other limit: one field, one long argument list of tokens.
    const values = Array.from({ length: QUERY_LIMITS.maxTokens }, () => 'ACTIVE').join(' ');
    const response = await refusedBeforeResolvers(app, () => app.gql(`{ programs(filter: { status: [${values}] }) { totalCount } }`, {}, org.staff));
    expectRefused(response, 'GRAPHQL_PARSE_FAILED');
    expectLimitNamedOnlyInDevelopment(response, QUERY_LIMITS.maxTokens);
  });

  it(`refuses a query costing more than ${QUERY_LIMITS.maxCost} though within depth and aliases`, async () => {
    const wide = 'id measureId measureName numerator denominator benchmark rate performanceLevel gapToBenchmark';
    const query = `{ programs(first: 100) { edges { node {
      measures { ${wide} program { id name measures { ${wide} } incentivePayments { id earnedAmount paidAmount variance } } }
    } } } }`;
    const response = await refusedBeforeResolvers(app, () => app.gql(query, {}, org.staff));
    expectRefused(response);
    expectLimitNamedOnlyInDevelopment(response, QUERY_LIMITS.maxCost);
  });

  it('refuses a page size over the contract\'s 100 before reading anything', async () => {
    const response = await refusedBeforeResolvers(app, () => app.gql('query($n: Int) { programs(first: $n) { totalCount } }', { n: 1000 }, org.staff));
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0].extensions!.field).toBe('first');
  });

  it('refuses a batch of operations', async () => {
    const before = app.db.statements.length;
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${org.staff}` },
      body: JSON.stringify([{ query: '{ programs { totalCount } }' }, { query: '{ programs { totalCount } }' }]),
    });
    expect(response.status).toBe(400);
    expect(app.db.statements.length).toBe(before);
  });

  it('refuses a cross-site simple POST (CSRF prevention)', async () => {
    const before = await programCount(app, org);
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${org.admin}` },
      body: JSON.stringify({ query: createProgramAliases(1) }),
    });
    expect(response.status).toBe(400);
    expect(await programCount(app, org)).toBe(before);
  });

  it(`${production ? 'does not suggest' : 'suggests'} field names for a typo`, async () => {
    const response = await app.gql('{ programz { totalCount } }', {}, org.staff);
    expectRefused(response);
    const message = response.errors![0].message;
    if (production) expect(message).not.toMatch(/did you mean|programs/i);
    else expect(message).toMatch(/Did you mean .*"programs"/);
  });

  it('accepts the largest real operations: the dashboard at first: 100', async () => {
    const response = await app.gql(DASHBOARD_QUERY.replace('first: 50', 'first: 100'), {}, org.staff);
    expect(response.errors).toBeUndefined();
  });

  if (!production) {
    it('accepts the introspection query Apollo Sandbox sends', async () => {
      const response = await app.gql(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
      expect(response.errors).toBeUndefined();
    });
  }
});
