import { randomUUID } from 'node:crypto';
import { archiveProgram, createProgram } from '../helpers/factories';
import { codes } from '../helpers/server';
import { newOrg, type TestOrg } from '../helpers/tokens';
import { expectRefused } from '../helpers/refusals';
import { bootApp, ARCHIVE, LIST, READ, Row, app, countOf, create, list, names, read, update } from '../helpers/vbp-programs';

bootApp();

describe('program(id) and programs()', () => {
  it.each(['foreign', 'unknown', 'malformed'])('program(id) with an id that is %s is null, not an error', async (kind) => {
    const [org, other] = [await newOrg(), await newOrg()];
    const theirs = await createProgram(app, other.admin);
    const id = { foreign: theirs.id, unknown: randomUUID(), malformed: 'not-a-uuid' }[kind]!;
    expect(await app.gql(READ, { id }, org.admin)).toEqual({ status: 200, data: { program: null } });
  });

  it('lists only the caller’s organization, with its totalCount', async () => {
    const [org, other] = [await newOrg(), await newOrg()];
    for (const name of ['Mine 1', 'Mine 2']) await createProgram(app, org.admin, { name });
    await createProgram(app, other.admin, { name: 'Theirs' });
    expect(await list(org.admin)).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: false } });
    expect(await names(org.admin)).toEqual(['Mine 1', 'Mine 2']);
  });

  it('orders by name in byte order, then by id', async () => {
    const org = await newOrg();
    const created: Row[] = [];
    for (const name of ['b', 'B', 'a', 'Z', '_x', 'é', 'Same', 'a b', 'Same', 'Same', 'ab']) created.push(await createProgram(app, org.admin, { name }));
    const byteOrder = (x: Row, y: Row) => Buffer.compare(Buffer.from(String(x.name)), Buffer.from(String(y.name))) || (x.id < y.id ? -1 : 1);
    const expected = [...created].sort(byteOrder).map((p) => p.id);
    expect(expected.map((id) => created.find((p) => p.id === id)!.name).filter((n) => n !== 'Same'))
      .toEqual(['B', 'Z', '_x', 'a', 'a b', 'ab', 'b', 'é']);
    expect((await list(org.admin)).edges.map((e) => e.node.id)).toEqual(expected);
  });

  it('first/after walks every program exactly once, in order, with hasNextPage and endCursor', async () => {
    const org = await newOrg();
    for (const name of ['b', 'B', 'a', 'Z', '_x', 'é', 'a', 'a']) await createProgram(app, org.admin, { name });
    const all = (await list(org.admin)).edges.map((e) => e.node.id);
    const seen: string[] = [];
    const pages: boolean[] = [];
    let after: string | null = null;
    do {
      const page = await list(org.admin, { first: 3, after });
      expect(page.totalCount).toBe(8);
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
      seen.push(...page.edges.map((e) => e.node.id));
      pages.push(page.pageInfo.hasNextPage);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(pages).toEqual([true, true, false]);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(8);
  });

  it.each([
    { variables: { first: 0 }, field: 'first' },
    { variables: { first: 101 }, field: 'first' },
    { variables: { first: -1 }, field: 'first' },
    { variables: { after: 'garbage' }, field: 'after' },
    { variables: { after: Buffer.from('["a"]').toString('base64url') }, field: 'after' },
    { variables: { after: Buffer.from('["a","not-a-uuid"]').toString('base64url') }, field: 'after' },
    { variables: { after: Buffer.from('{"name":"a"}').toString('base64url') }, field: 'after' },
  ])('$variables is BAD_USER_INPUT on $field', async ({ variables, field }) => {
    const org = await newOrg();
    await createProgram(app, org.admin);
    expectRefused(await app.gql(LIST, variables, org.admin), 'BAD_USER_INPUT', field);
  });

  it('accepts first 1 and first 100', async () => {
    const org = await newOrg();
    for (const name of ['a', 'b']) await createProgram(app, org.admin, { name });
    expect(await list(org.admin, { first: 1 })).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true }, edges: [{ node: { name: 'a' } }] });
    expect(await list(org.admin, { first: 100 })).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: false } });
  });

  it('search ignores case beyond ASCII too', async () => {
    const org = await newOrg();
    for (const name of ['École Über', 'Other']) await createProgram(app, org.admin, { name });
    expect(await names(org.admin, { search: 'école' })).toEqual(['École Über']);
    expect(await names(org.admin, { search: 'ÜBER' })).toEqual(['École Über']);
  });

  describe('filters', () => {
    // One organization owned by this block; the cases only read it.
    let org: TestOrg;
    beforeAll(async () => {
      org = await newOrg();
      await createProgram(app, org.admin, { name: 'Alpha Savings', payerId: 'payer-1' });
      await createProgram(app, org.admin, { name: 'Beta Bonus', contractType: 'QUALITY_BONUS', measurementPeriod: '2025-Q1', status: 'COMPLETED' });
      await createProgram(app, org.admin, { name: 'Gamma 100% Club', contractType: 'CAPITATION', status: 'SUSPENDED', payerId: 'payer-2' });
      const { id } = await createProgram(app, org.admin, { name: 'Delta_Plan', contractType: 'OTHER' });
      await archiveProgram(app, org.admin, id);
      await createProgram(app, org.admin, { name: 'DeltaXPlan', contractType: 'BUNDLED_PAYMENT', measurementPeriod: '2025-Q1' });
      await createProgram(app, org.admin, { name: 'Back\\slash', contractType: 'OTHER', measurementPeriod: '2025-Q1' });
    });
    // Byte order: 'X' (0x58) sorts before '_' (0x5F).
    const ALL = ['Alpha Savings', 'Back\\slash', 'Beta Bonus', 'DeltaXPlan', 'Delta_Plan', 'Gamma 100% Club'];

    it.each([
      { filter: {}, expected: ALL },
      { filter: { includeArchived: true }, expected: ALL },
      { filter: { includeArchived: false }, expected: ALL.filter((n) => n !== 'Delta_Plan') },
      { filter: { status: ['ACTIVE'] }, expected: ['Alpha Savings', 'Back\\slash', 'DeltaXPlan', 'Delta_Plan'] },
      { filter: { status: ['COMPLETED', 'SUSPENDED'] }, expected: ['Beta Bonus', 'Gamma 100% Club'] },
      { filter: { contractType: ['CAPITATION', 'OTHER'] }, expected: ['Back\\slash', 'Delta_Plan', 'Gamma 100% Club'] },
      { filter: { payerId: 'payer-1' }, expected: ['Alpha Savings'] },
      { filter: { payerId: 'payer-3' }, expected: [] },
      { filter: { measurementPeriod: '2025-Q1' }, expected: ['Back\\slash', 'Beta Bonus', 'DeltaXPlan'] },
      { filter: { search: 'delta' }, expected: ['DeltaXPlan', 'Delta_Plan'] },
      { filter: { search: 'ALPHA sav' }, expected: ['Alpha Savings'] },
      { filter: { search: 'a_p' }, expected: ['Delta_Plan'] }, // _ is not a wildcard
      { filter: { search: '0%' }, expected: ['Gamma 100% Club'] }, // % is not a wildcard
      { filter: { search: '%' }, expected: ['Gamma 100% Club'] },
      { filter: { search: '\\' }, expected: ['Back\\slash'] },
      { filter: { search: 'zzz' }, expected: [] },
      { filter: { status: ['ACTIVE'], includeArchived: false, search: 'DELTA' }, expected: ['DeltaXPlan'] },
    ])('$filter lists $expected', async ({ filter, expected }) => {
      const page = await list(org.admin, { filter });
      expect(page.edges.map((e) => e.node.name)).toEqual(expected);
      expect(page.totalCount).toBe(expected.length);
    });
  });
});

describe('permissions', () => {
  it.each(['staff', 'siteAdmin'] as const)('%s reads programs but every program mutation is FORBIDDEN', async (role) => {
    const org = await newOrg();
    const program = await createProgram(app, org.admin);
    expect(await app.gql(READ, { id: program.id }, org[role])).toEqual({ status: 200, data: { program } });
    expect(await list(org[role])).toMatchObject({ totalCount: 1, edges: [{ node: { id: program.id } }] });
    expectRefused(await create(org[role], {}), 'FORBIDDEN');
    expectRefused(await update(org[role], program.id, { name: 'Renamed' }), 'FORBIDDEN');
    expectRefused(await app.gql(ARCHIVE, { id: program.id }, org[role]), 'FORBIDDEN');
    expect(await list(org.admin)).toMatchObject({ totalCount: 1 });
    expect(await read(org.admin, program.id)).toEqual(program);
  });

  it('a service token without pm.vbp.view can neither read nor create', async () => {
    const org = await newOrg();
    const { id } = await createProgram(app, org.admin);
    expect(codes(await app.gql(READ, { id }, org.service))).toEqual(['FORBIDDEN']);
    expectRefused(await app.gql(LIST, {}, org.service), 'FORBIDDEN');
    expectRefused(await create(org.service, {}), 'FORBIDDEN');
    expect(await countOf(org.admin)).toBe(1);
  });

  it.each([
    { token: undefined, what: 'no token' },
    { token: 'not.a.jwt', what: 'a malformed token' },
  ])('$what is UNAUTHENTICATED for reads and createProgram', async ({ token }) => {
    const org = await newOrg();
    const { id } = await createProgram(app, org.admin);
    expect(codes(await app.gql(READ, { id }, token))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await app.gql(LIST, {}, token))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await create(token as string, {}))).toEqual(['UNAUTHENTICATED']);
    expect(await countOf(org.admin)).toBe(1);
  });
});
