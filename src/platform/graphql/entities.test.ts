import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { entityKeysOf, isUsableRepresentation } from './entities';

const sdl = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query { thing(id: ID!): Thing }
  type Thing @key(fields: "id") @key(fields: "code region") { id: ID! code: String! region: String! }
  type Result @key(fields: "org day") { org: ID! day: String! }
  type Foreign @key(fields: "id", resolvable: false) { id: ID! }
`;
const resolveReference = () => null;
const schema = buildSubgraphSchema({
  typeDefs: parse(sdl),
  resolvers: { Thing: { __resolveReference: resolveReference }, Result: { __resolveReference: resolveReference } } as never,
});
const keys = entityKeysOf(schema);

describe('entityKeysOf', () => {
  it('lists the resolvable keys of the entities with a reference resolver, and no other type', () => {
    expect(Object.fromEntries(keys)).toEqual({ Thing: [['id'], ['code', 'region']], Result: [['org', 'day']] });
  });

  it('refuses a key on a field that is not a string', () => {
    const bad = buildSubgraphSchema({
      typeDefs: parse(sdl.replace('type Result @key(fields: "org day") { org: ID! day: String! }', 'type Result @key(fields: "n") { n: Int! }')),
      resolvers: { Result: { __resolveReference: resolveReference } } as never,
    });
    expect(() => entityKeysOf(bad)).toThrow('only keys of string fields');
  });
});

describe('isUsableRepresentation', () => {
  it.each<[string, unknown, boolean]>([
    ['the id key', { __typename: 'Thing', id: 'a' }, true],
    ['the other key, complete', { __typename: 'Thing', code: 'c', region: 'r' }, true],
    ['an empty id (a string: the resolver decides)', { __typename: 'Thing', id: '' }, true],
    ['extra fields', { __typename: 'Thing', id: 'a', other: 1 }, true],
    ['the compound key', { __typename: 'Result', org: 'o', day: '2025-01-01' }, true],
    ['no key field', { __typename: 'Thing' }, false],
    ['an id holding U+0000', { __typename: 'Thing', id: 'a\u0000' }, false],
    ['a compound key field holding an unpaired surrogate', { __typename: 'Result', org: 'o', day: '2025\ud800' }, false],
    ['id null', { __typename: 'Thing', id: null }, false],
    ['id a number', { __typename: 'Thing', id: 1 }, false],
    ['id a boolean', { __typename: 'Thing', id: true }, false],
    ['the other key, half', { __typename: 'Thing', code: 'c' }, false],
    ['the compound key, a part missing', { __typename: 'Result', org: 'o' }, false],
    ['the compound key, a part a number', { __typename: 'Result', org: 'o', day: 20250101 }, false],
    ['a type we only reference', { __typename: 'Foreign', id: 'a' }, false],
    ['a type that is no entity', { __typename: 'Query', id: 'a' }, false],
    ['an unknown type', { __typename: 'Nope', id: 'a' }, false],
    ['an inherited name', { __typename: 'constructor', id: 'a' }, false],
    ['no __typename', { id: 'a' }, false],
    ['__typename a number', { __typename: 1, id: 'a' }, false],
    ['null', null, false],
    ['a string', 'Thing', false],
    ['a list', [{ __typename: 'Thing', id: 'a' }], false],
  ])('%s', (_what, representation, usable) => {
    expect(isUsableRepresentation(keys, representation)).toBe(usable);
  });
});
