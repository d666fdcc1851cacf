import type { Context } from '../../platform/graphql/context';

/** `_entities`: batched through the request's loaders; another organization's or a malformed id gives null. */
export const capitationReferenceResolvers = {
  CapitationContract: { __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.contractById.load(ref.id) },
  CapitationPeriod: { __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.periodById.load(ref.id) },
};
