import type { QualityContext } from '../data/loaders';

interface QualityResultReference { organizationId: string; measureId: string; periodStart: string; periodEnd: string }

/** `_entities` by the compound key: another organization's key resolves to null (and RLS would hide it anyway). */
export const qualityReferenceResolvers = {
  QualityMeasureResult: {
    __resolveReference: (ref: QualityResultReference, ctx: QualityContext) => (
      typeof ref.organizationId === 'string' && ref.organizationId.toLowerCase() === ctx.auth?.orgId
        ? ctx.loaders.qualityResultByKey.load(ref)
        : null),
  },
};
