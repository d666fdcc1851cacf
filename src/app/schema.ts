import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type GraphQLSchema, parse } from 'graphql';
import { buildSchema, createResolversMap } from 'type-graphql';
import { guardEntityRepresentations } from '../platform/graphql/entities';
import { applyPermissions, permissionVariants } from '../platform/graphql/field-guard';
import type { Auth } from '../platform/identity/token';
import type { ResolverMap } from '../platform/module';
import { modules } from './modules';
import { permissionMap } from './permissions';

/** The contract's federation link: Federation 2.7, importing only what the contract uses. */
const FEDERATION_LINK = 'extend schema\n  @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])';

export interface AppSchema {
  /** Executable: federated, every field guarded by the permission map. */
  schema: GraphQLSchema;
  /** The same schema as one caller's operations execute on it: guards only where a rule denies this caller. */
  executableFor: (auth: Auth | null) => GraphQLSchema;
  /** The subgraph SDL, as committed in schema.graphql. */
  sdl: string;
}

type MutableResolverMap = Record<string, Record<string, unknown>>;

const mergeResolvers = (base: MutableResolverMap, extra: ResolverMap = {}): MutableResolverMap => {
  const merged: MutableResolverMap = { ...base };
  for (const [type, fields] of Object.entries(extra)) merged[type] = { ...merged[type], ...fields };
  return merged;
};

/** TypeGraphQL → printed SDL with directives → buildSubgraphSchema (+ references and computed fields) → `_entities` guard → field guard. */
export async function buildAppSchema(): Promise<AppSchema> {
  const typeGraphqlSchema = await buildSchema({
    resolvers: modules.flatMap((m) => [...m.resolvers]) as unknown as [Function, ...Function[]],
    orphanedTypes: modules.flatMap((m) => [...(m.orphanedTypes ?? [])]),
    validate: false,
    skipCheck: true,
  });
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(typeGraphqlSchema)}\n`;
  const resolvers = modules.reduce(
    (merged, m) => mergeResolvers(mergeResolvers(merged, m.references), m.fields),
    createResolversMap(typeGraphqlSchema) as MutableResolverMap,
  );
  // A representation we cannot resolve (no usable key, a type we do not own) is null on its own, not an error for the batch.
  const subgraph = guardEntityRepresentations(buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: resolvers as never }));
  const schema = applyPermissions(subgraph, permissionMap);
  return { schema, executableFor: permissionVariants(subgraph, schema, permissionMap), sdl };
}
