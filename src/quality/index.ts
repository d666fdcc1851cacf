import { qualityPermissions } from './quality.permissions';
import { qualityReferenceResolvers } from './quality.references';
import { QualityResultResolver } from './quality-result.resolver';

/** The CL quality-results module as the platform assembles it (platform/schema.ts). */
export const qualityModule = {
  resolvers: [QualityResultResolver] as const,
  orphanedTypes: [],
  references: qualityReferenceResolvers,
  permissions: qualityPermissions,
};
