import { qualityPermissions } from './graphql/permissions';
import { qualityReferenceResolvers } from './graphql/references';
import { QualityResultResolver } from './graphql/quality-result.resolver';

/** The CL quality-results module as the platform assembles it (platform/schema.ts). */
export const qualityModule = {
  resolvers: [QualityResultResolver] as const,
  orphanedTypes: [],
  references: qualityReferenceResolvers,
  permissions: qualityPermissions,
};
