import type { VbpContext } from '../data/loaders';

/**
 * `_entities` resolution, batched through the request's loaders: an id of
 * another organization, or a malformed one, resolves to null.
 */
export const vbpReferenceResolvers = {
  Program: { __resolveReference: (ref: { id: string }, ctx: VbpContext) => ctx.loaders.programById.load(ref.id) },
  Measure: { __resolveReference: (ref: { id: string }, ctx: VbpContext) => ctx.loaders.measureById.load(ref.id) },
  IncentivePayment: { __resolveReference: (ref: { id: string }, ctx: VbpContext) => ctx.loaders.paymentById.load(ref.id) },
};
