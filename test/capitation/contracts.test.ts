import { randomUUID } from 'node:crypto';
import { codes } from '../helpers/server';
import { newOrg } from '../helpers/tokens';
import { expectRefused } from '../helpers/refusals';
import { bootApp, ARCHIVE, BASE, CREATE, ENTITIES, LIST, READ, ROSTER, Row, STATE, UPDATE, app, byteOrder, changesTo, create, list, orgWithContract, read, record, roster, walk } from '../helpers/capitation-contracts';

bootApp();

describe('createCapitationContract', () => {
  it('trims text, applies the defaults (MANUAL, not archived, no payer) and stores what it returns', async () => {
    const org = await newOrg();
    const c = await create(org.admin, { name: '  HMO Gold \t', pmpmRate: '45.1' });
    expect(c).toEqual({ id: expect.any(String), organizationId: org.orgId, name: 'HMO Gold', pmpmRate: '45.10', effectiveFrom: '2025-01-01',
      effectiveTo: null, rosterSource: 'MANUAL', archived: false, payer: null, createdAt: expect.any(String), updatedAt: expect.any(String) });
    expect(await read(org.admin, c.id)).toEqual(c);
  });

  it.each([
    { input: { payerId: '  payer-7 ', rosterSource: 'PAYER_FILE', effectiveTo: '2025-12-31' }, stored: { payer: { id: 'payer-7' }, rosterSource: 'PAYER_FILE', effectiveTo: '2025-12-31' } },
    { input: { name: 'n'.repeat(200) }, stored: { name: 'n'.repeat(200) } },
    { input: { pmpmRate: '0' }, stored: { pmpmRate: '0.00' } },
    { input: { pmpmRate: 12.5 }, stored: { pmpmRate: '12.50' } }, // a JSON number with <= 2 decimals
    { input: { pmpmRate: '100000.00' }, stored: { pmpmRate: '100000.00' } }, // the largest (contract, Hostile input version 2)
    { input: { effectiveFrom: '2024-02-29', effectiveTo: '2024-02-29' }, stored: { effectiveFrom: '2024-02-29', effectiveTo: '2024-02-29' } },
  ])('accepts $input', async ({ input, stored }) => {
    const org = await newOrg();
    const c = await create(org.admin, input);
    expect(c).toMatchObject(stored);
    expect(await read(org.admin, c.id)).toEqual(c);
  });

  it.each([
    { input: { name: '' }, field: 'input.name' },
    { input: { name: ' \t ' }, field: 'input.name' },
    { input: { name: 'n'.repeat(201) }, field: 'input.name' },
    { input: { name: 'a\u0000b' }, field: 'input.name' }, // PostgreSQL text cannot hold U+0000
    ...['-0.01', '1.234', 1.005, 'abc', '1e3', '', '1000000000000.00', '100000.01', 'NaN'].map((pmpmRate) => ({ input: { pmpmRate }, field: 'input.pmpmRate' })),
    { input: { pmpmRate: null }, field: 'input.pmpmRate' },
    ...['2025-02-29', '2025-13-01', '2025-1-01', 'soon'].map((effectiveFrom) => ({ input: { effectiveFrom }, field: 'input.effectiveFrom' })),
    { input: { effectiveTo: '2025-04-31' }, field: 'input.effectiveTo' },
    { input: { effectiveFrom: '2025-06-01', effectiveTo: '2025-05-31' }, field: 'input.effectiveTo' },
  ])('refuses $input on $field and stores nothing', async ({ input, field }) => {
    const org = await newOrg();
    expectRefused(await app.gql(CREATE, { input: { ...BASE, ...input } }, org.admin), 'BAD_USER_INPUT', field);
    expect((await list(org.admin)).totalCount).toBe(0);
  });
});

describe('updateCapitationContract', () => {
  const FULL = { payerId: 'payer-1', effectiveTo: '2025-12-31' };

  it.each([
    { input: { pmpmRate: '50' }, changed: { pmpmRate: '50.00' } },
    { input: { name: ' Renamed ' }, changed: { name: 'Renamed' } },
    { input: { effectiveTo: null }, changed: { effectiveTo: null } },
    { input: { payerId: null }, changed: { payer: null } },
    { input: { effectiveFrom: '2026-01-01', effectiveTo: null }, changed: { effectiveFrom: '2026-01-01', effectiveTo: null } },
    { input: { rosterSource: 'CSV_UPLOAD', effectiveFrom: '2025-12-31' }, changed: { rosterSource: 'CSV_UPLOAD', effectiveFrom: '2025-12-31' } },
  ])('$input changes only $changed', async ({ input, changed }) => {
    const org = await newOrg();
    const before = await create(org.admin, FULL);
    const res = await app.gql(UPDATE, { id: before.id, input }, org.admin);
    expect(res).toEqual({ status: 200, data: { updateCapitationContract: { ...before, ...changed, updatedAt: expect.any(String) } } });
    expect(await read(org.admin, before.id)).toEqual(res.data.updateCapitationContract);
  });

  it.each([
    ...['name', 'pmpmRate', 'effectiveFrom', 'rosterSource'].map((name) => ({ input: { [name]: null }, field: `input.${name}` })),
    { input: { name: '   ' }, field: 'input.name' },
    { input: { pmpmRate: '-1' }, field: 'input.pmpmRate' },
    { input: { pmpmRate: '0.001' }, field: 'input.pmpmRate' },
    { input: { effectiveTo: '2025-04-31' }, field: 'input.effectiveTo' },
    { input: { effectiveFrom: '2026-01-01' }, field: 'input.effectiveFrom' }, // after the stored end
    { input: { effectiveTo: '2024-12-31' }, field: 'input.effectiveTo' }, // before the stored start
  ])('$input is BAD_USER_INPUT on $field and changes nothing', async ({ input, field }) => {
    const org = await newOrg();
    const before = await create(org.admin, FULL);
    expectRefused(await app.gql(UPDATE, { id: before.id, input: { payerId: 'payer-2', ...input } }, org.admin), 'BAD_USER_INPUT', field);
    expect(await read(org.admin, before.id)).toEqual(before);
  });

  it.each(['unknown', 'foreign', 'malformed'])('every change to a contract id that is %s is NOT_FOUND; the owner sees no change', async (kind) => {
    const [org, owner] = [await newOrg(), await newOrg()];
    const theirs = await create(owner.admin);
    await record(owner.admin, theirs.id, { memberIdExternal: 'OWNER-00000001' });
    const before = await app.gql(STATE, { id: theirs.id }, owner.admin);
    const id = { unknown: randomUUID(), foreign: theirs.id, malformed: 'not-a-uuid' }[kind]!;
    for (const [query, variables] of changesTo(id)) expectRefused(await app.gql(query, variables, org.admin), 'NOT_FOUND');
    expect(await app.gql(STATE, { id: theirs.id }, owner.admin)).toEqual(before);
    expect(await app.gql(READ, { id }, org.admin)).toEqual({ status: 200, data: { capitationContract: null } });
    expect(await list(org.admin)).toMatchObject({ totalCount: 0, edges: [] });
  });
});

describe('archiveCapitationContract', () => {
  it('sets archived; twice is a no-op; stays readable and listed unless includeArchived is false', async () => {
    const org = await newOrg();
    const kept = await create(org.admin, { name: 'Active' });
    const c = await create(org.admin, { name: 'Archived' });
    const first = await app.gql(ARCHIVE, { id: c.id }, org.admin);
    expect(first).toEqual({ status: 200, data: { archiveCapitationContract: { ...c, archived: true, updatedAt: expect.any(String) } } });
    expect(await app.gql(ARCHIVE, { id: c.id }, org.admin)).toEqual(first);
    expect(await read(org.admin, c.id)).toEqual(first.data.archiveCapitationContract);
    const both = [['Active', false], ['Archived', true]];
    const shown = async (v: Record<string, unknown>) => (await list(org.admin, v)).edges.map((e) => [e.node.name, e.node.archived]);
    expect(await shown({})).toEqual(both);
    expect(await shown({ includeArchived: true })).toEqual(both);
    expect(await list(org.admin, { includeArchived: false })).toMatchObject({ totalCount: 1, edges: [{ node: { id: kept.id } }] });
    expect((await list(org.admin)).totalCount).toBe(2);
  });

  it('every change to an archived contract (update, roster, import, periods) is READ_ONLY and changes nothing', async () => {
    const { org, c } = await orgWithContract();
    await record(org.admin, c.id, { memberIdExternal: 'M-00000001' });
    await app.gql(ARCHIVE, { id: c.id }, org.admin);
    const before = await app.gql(STATE, { id: c.id }, org.admin);
    for (const [query, variables] of changesTo(c.id).filter(([q, v]) => q !== ARCHIVE && !v.dryRun)) {
      expectRefused(await app.gql(query, variables, org.admin), 'READ_ONLY');
    }
    expect(await app.gql(STATE, { id: c.id }, org.admin)).toEqual(before);
  });
});

describe('capitationContracts, capitationContract and _entities', () => {
  it('orders by name in byte order, then id; first/after walks each contract once', async () => {
    const org = await newOrg();
    const created: Row[] = [];
    for (const name of ['b', 'B', 'a', 'Z', '_x', 'é', 'Same', 'a b', 'Same', 'ab', 'Same']) created.push(await create(org.admin, { name }));
    const expected = [...created].sort((x, y) => byteOrder(x.name, y.name) || byteOrder(x.id, y.id)).map((c) => c.id);
    expect((await list(org.admin)).edges.map((e) => e.node.id)).toEqual(expected);
    expect(await walk((after) => list(org.admin, { first: 4, after }), 11)).toEqual({ ids: expected, more: [true, true, false] });
    expect(await list(org.admin, { first: 1 })).toMatchObject({ totalCount: 11, pageInfo: { hasNextPage: true }, edges: [{ node: { id: expected[0] } }] });
  });

  const U = '00000000-0000-4000-8000-000000000000';
  // `cursor`: a forged sort key, sent base64url-encoded as `after` like the API's own cursors.
  it.each([
    ...[{ first: 0 }, { first: 101 }, { first: -1 }, { after: 'garbage' }, { cursor: ['a'] }, { cursor: ['a', 'not-a-uuid'] }, { cursor: ['a\u0000', U] }]
      .map((args) => ({ on: 'capitationContracts', query: LIST, args, label: JSON.stringify(args) })),
    ...[{ first: 0 }, { first: 101 }, { after: 'garbage' }, { cursor: ['2025-01-01', '2025-01-01T00:00:00.000Z'] }, { cursor: ['2025-01-01', 'not-a-time', U] },
      { cursor: ['2025-13-01', '2025-01-01T00:00:00.000Z', U] }, { cursor: ['2025-01-01', '12', U] }]
      .map((args) => ({ on: 'rosterEvents', query: ROSTER, args, label: JSON.stringify(args) })),
  ])('$on with $label is BAD_USER_INPUT on first or after', async ({ query, args }) => {
    const { org, c } = await orgWithContract();
    const variables = 'cursor' in args ? { after: Buffer.from(JSON.stringify(args.cursor)).toString('base64url') } : args;
    const res = await app.gql(query, { id: c.id, ...variables }, org.admin);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.field).toBe('first' in args ? 'first' : 'after');
    expect(res.data?.capitationContracts ?? res.data?.capitationContract ?? null).toBeNull();
  });

  it('another organization’s contract is null by id, not listed, and null in _entities; own ids resolve', async () => {
    const [org, other] = [await newOrg(), await newOrg()];
    const mine = await create(org.admin, { name: 'Mine' });
    const theirs = await create(other.admin, { name: 'Theirs' });
    expect(await read(org.admin, theirs.id)).toBeNull();
    expect((await list(org.admin)).edges.map((e) => e.node.name)).toEqual(['Mine']);
    const r = [mine.id, theirs.id, randomUUID(), 'not-a-uuid', "' OR 1=1 --"].map((id) => ({ __typename: 'CapitationContract', id }));
    const own = { id: mine.id, name: 'Mine', pmpmRate: '45.10', archived: false };
    for (const token of [org.admin, org.siteAdmin]) {
      expect(await app.gql(ENTITIES, { r }, token)).toEqual({ status: 200, data: { _entities: [own, null, null, null, null] } });
    }
    const staff = await app.gql(ENTITIES, { r: r.slice(0, 1) }, org.staff);
    // One error per denied field selected (graphql-jit completes every sibling; graphql-js stopped at the first).
    expect(new Set(codes(staff))).toEqual(new Set(['FORBIDDEN']));
    expect(staff.data?._entities ?? [null]).toEqual([null]);
  });
});

describe('permissions', () => {
  it.each(['siteAdmin', 'staff'] as const)('%s cannot change anything: every capitation mutation is FORBIDDEN', async (role) => {
    const { org, c } = await orgWithContract();
    await record(org.admin, c.id, { memberIdExternal: 'M-00000001' });
    const before = await app.gql(STATE, { id: c.id }, org.admin);
    for (const [query, variables] of [[CREATE, { input: BASE }], ...changesTo(c.id)] as const) expectRefused(await app.gql(query, variables, org[role]), 'FORBIDDEN');
    expect(await app.gql(STATE, { id: c.id }, org.admin)).toEqual(before);
    expect((await list(org.admin)).totalCount).toBe(1);
    if (role === 'siteAdmin') expect(await read(org.siteAdmin, c.id)).toEqual(c);
    else expect(codes(await app.gql(READ, { id: c.id }, org.staff))).toEqual(['FORBIDDEN']);
  });
});
