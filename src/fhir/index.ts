import { fhirPermissions } from './graphql/permissions';
import { VbprResolver } from './graphql/vbpr.resolver';

/** The FHIR (Da Vinci VBPR) module as the platform assembles it (platform/schema.ts); fhir.route.ts serves the REST export. */
export const fhirModule = {
  resolvers: [VbprResolver] as const,
  orphanedTypes: [],
  references: {},
  permissions: fhirPermissions,
};
