import type { AppModule } from '../platform/module';
import { seedQualityDemo } from './demo-seed';
import { startClListener } from './cl-listener';
import { createQualityLoaders, type QualityLoaders } from './data/loaders';
import { qualityPermissions } from './graphql/permissions';
import { QualityResultResolver } from './graphql/quality-result.resolver';
import { qualityReferenceResolvers } from './graphql/references';
import { qualityFields } from './graphql/fields';

/** The quality results CL calculates (`cl_quality_measure_period_calculated`), synced into CLINICAL measures. */
export const qualityModule: AppModule<QualityLoaders> = {
  name: 'quality',
  resolvers: [QualityResultResolver],
  references: qualityReferenceResolvers,
  fields: qualityFields,
  permissions: qualityPermissions,
  loaders: ({ db }) => createQualityLoaders(db),
  workers: [startClListener],
  seed: seedQualityDemo,
  // A CL event holding bad text is rejected with its reason and recorded in the inbox (cl-event.schema.ts), on every path.
  textCheckedElsewhere: ['QualityMeasurePeriodCalculatedInput.payload'],
};

export type { QualityLoaders } from './data/loaders';
