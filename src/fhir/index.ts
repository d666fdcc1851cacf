import type { VbpLoaders } from '../vbp';
import type { AppModule } from '../platform/module';
import { fhirRouter } from './fhir.route';
import { fhirPermissions } from './graphql/permissions';
import { VbprResolver } from './graphql/vbpr.resolver';

/** Da Vinci VBPR: a program's performance out as FHIR R4, a payer's report compared in. Reads through the VBP module's loaders. */
export const fhirModule: AppModule<VbpLoaders> = {
  name: 'fhir',
  resolvers: [VbprResolver],
  permissions: fhirPermissions,
  routes: { '/fhir': fhirRouter },
};
