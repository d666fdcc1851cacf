import type { CapitationContext } from '../data/loaders';

/** `_entities`: batched through the request's loaders; another organization's or a malformed id gives null. */
export const capitationReferenceResolvers = {
  CapitationContract: { __resolveReference: (ref: { id: string }, ctx: CapitationContext) => ctx.loaders.contractById.load(ref.id) },
  CapitationPeriod: { __resolveReference: (ref: { id: string }, ctx: CapitationContext) => ctx.loaders.periodById.load(ref.id) },
};
