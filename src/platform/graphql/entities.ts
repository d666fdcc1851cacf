import { MapperKind, mapSchema } from '@graphql-tools/utils';
import {
  getNamedType, type GraphQLFieldResolver, GraphQLInt, GraphQLFloat, GraphQLBoolean, type GraphQLObjectType, type GraphQLSchema, isLeafType,
  isUnionType, Kind, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode, type StringValueNode, type ValueNode,
} from 'graphql';
import { isBadText } from '../../domain/text';

/*
 * `_entities` as @apollo/subgraph resolves it trusts each representation: an
 * unknown `__typename` throws for the whole field (every entry of the batch,
 * and the data with it: the field is non-null), a type with no
 * `__resolveReference` (a `resolvable: false` key: a type we only reference)
 * is answered with the representation itself, and a missing or non-string id
 * reaches the module's reference resolver, which fails on it. Here each
 * representation is checked first: only an object whose `__typename` is one
 * of our resolvable entities and whose key fields are all strings goes on to
 * @apollo/subgraph's resolver; every other entry resolves to null, on its own.
 */

/** A representation of an entity we own, with all the fields of one of its resolvable keys. */
export type EntityKeys = ReadonlyMap<string, readonly (readonly string[])[]>;

const NON_STRING_SCALARS = new Set<string>([GraphQLInt.name, GraphQLFloat.name, GraphQLBoolean.name]);

const stringArgument = (value: ValueNode | undefined): string | undefined => (value?.kind === Kind.STRING ? (value as StringValueNode).value : undefined);

/** The field names of `@key(fields: …)`; a key naming a nested selection or a non-string field is refused at start. */
function keyFields(type: GraphQLObjectType, fields: string): string[] {
  const names = fields.trim().split(/[\s,]+/);
  for (const name of names) {
    const field = type.getFields()[name];
    const named = field && getNamedType(field.type);
    if (!/^[_A-Za-z][_0-9A-Za-z]*$/.test(name) || !named || !isLeafType(named) || NON_STRING_SCALARS.has(named.name)) {
      throw new Error(`${type.name} @key(fields: "${fields}"): only keys of string fields are checked here`);
    }
  }
  return names;
}

/** Each resolvable entity (a member of `_Entity` with a `__resolveReference`) and the fields of each of its resolvable keys. */
export function entityKeysOf(schema: GraphQLSchema): EntityKeys {
  const keys = new Map<string, string[][]>();
  const union = schema.getType('_Entity');
  if (!isUnionType(union)) return keys;
  for (const type of union.getTypes()) {
    const subgraph = (type.extensions as { apollo?: { subgraph?: { resolveReference?: unknown } } }).apollo?.subgraph;
    if (typeof subgraph?.resolveReference !== 'function') continue;
    const nodes: readonly (ObjectTypeDefinitionNode | ObjectTypeExtensionNode)[] = [...(type.astNode ? [type.astNode] : []), ...type.extensionASTNodes];
    const resolvable = nodes.flatMap((node) => node.directives ?? []).filter((d) => d.name.value === 'key').flatMap((d) => {
      const arg = (name: string) => d.arguments?.find((a) => a.name.value === name)?.value;
      const fields = stringArgument(arg('fields'));
      const notResolvable = arg('resolvable')?.kind === Kind.BOOLEAN && !(arg('resolvable') as { value: boolean }).value;
      return fields === undefined || notResolvable ? [] : [keyFields(type, fields)];
    });
    if (resolvable.length) keys.set(type.name, resolvable);
  }
  return keys;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * True when the representation names an entity we own and carries every field of one of its keys as a string
 * that is text (U+0000 or an unpaired surrogate is no key of ours: `_entities` is kept out of the text boundary).
 */
export function isUsableRepresentation(keys: EntityKeys, representation: unknown): boolean {
  if (!isPlainObject(representation)) return false;
  const typename = representation.__typename;
  const typeKeys = typeof typename === 'string' ? keys.get(typename) : undefined;
  return !!typeKeys?.some((fields) => fields.every((f) => typeof representation[f] === 'string' && !isBadText(representation[f] as string)));
}

/** Splices nulls back where unusable representations were left out. */
function merge(resolved: readonly unknown[], usable: readonly boolean[]): unknown[] {
  let next = 0;
  return usable.map((ok) => (ok ? resolved[next++] : null));
}

/** `schema` with `Query._entities` answering null for each representation it cannot resolve (see above). */
export function guardEntityRepresentations(schema: GraphQLSchema): GraphQLSchema {
  const keys = entityKeysOf(schema);
  const queryName = schema.getQueryType()?.name;
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      if (typeName !== queryName || fieldName !== '_entities' || !field.resolve) return field;
      const resolve = field.resolve as GraphQLFieldResolver<unknown, unknown>;
      return {
        ...field,
        resolve: (source, args: { representations?: unknown }, ctx, info) => {
          const representations = Array.isArray(args.representations) ? args.representations : [];
          const usable = representations.map((r) => isUsableRepresentation(keys, r));
          if (usable.every(Boolean)) return resolve(source, args, ctx, info);
          const resolved = resolve(source, { ...args, representations: representations.filter((_, i) => usable[i]) }, ctx, info);
          return Array.isArray(resolved) ? merge(resolved, usable) : Promise.resolve(resolved).then((r) => merge(r as unknown[], usable));
        },
      };
    },
  });
}
