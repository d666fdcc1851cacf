import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type GraphQLSchema, parse } from 'graphql';
import { buildSchema, createResolversMap } from 'type-graphql';
import { capitationModule } from '../capitation';
import { fhirModule } from '../fhir';
import { qualityModule } from '../quality';
import { vbpModule } from '../vbp';
import type { Auth } from '../platform/identity/token';
import { applyPermissions, permissionVariants } from '../platform/graphql/field-guard';

/** The contract's federation link: Federation 2.7, importing only what the contract uses. */
const FEDERATION_LINK = 'extend schema\n  @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])';

export interface AppSchema {
  /** Executable: federated, with the permission map applied last (shield.ts). */
  schema: GraphQLSchema;
  /** The same schema as one caller's operations execute on it: guards only where a rule denies this caller (shield.ts). */
  executableFor: (auth: Auth | null) => GraphQLSchema;
  /** The subgraph SDL, as committed in schema.graphql. */
  sdl: string;
}

type ResolverMap = Record<string, Record<string, unknown>>;

const mergeResolvers = (base: ResolverMap, extra: ResolverMap): ResolverMap => {
  const merged: ResolverMap = { ...base };
  for (const [type, fields] of Object.entries(extra)) merged[type] = { ...merged[type], ...fields };
  return merged;
};

/** TypeGraphQL → printed SDL with directives → buildSubgraphSchema (+ reference resolvers) → shield. */
export async function buildAppSchema(): Promise<AppSchema> {
  const modules = [vbpModule, capitationModule, qualityModule, fhirModule];
  const typeGraphqlSchema = await buildSchema({
    resolvers: modules.flatMap((m) => [...m.resolvers]) as unknown as [Function, ...Function[]],
    orphanedTypes: modules.flatMap((m) => [...m.orphanedTypes]),
    validate: false,
    skipCheck: true,
  });
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(typeGraphqlSchema)}\n`;
  const resolvers = modules.reduce(
    (merged, m) => mergeResolvers(mergeResolvers(merged, m.references), 'computed' in m ? m.computed : {}),
    createResolversMap(typeGraphqlSchema) as ResolverMap,
  );
  const subgraph = buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: resolvers as never });
  const schema = applyPermissions(subgraph);
  return { schema, executableFor: permissionVariants(subgraph, schema), sdl };
}
