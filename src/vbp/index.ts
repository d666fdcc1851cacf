import { DashboardResolver } from './graphql/dashboard.resolver';
import { IncentivePaymentResolver } from './graphql/incentive-payment.resolver';
import { MeasureResolver } from './graphql/measure.resolver';
import { Payer } from '../domain/payer.type';
import { ProgramResolver } from './graphql/program.resolver';
import { vbpComputedFields } from './graphql/fields';
import { vbpPermissions } from './graphql/permissions';
import { vbpReferenceResolvers } from './graphql/references';

/** The VBP module as the platform assembles it (platform/schema.ts). */
export const vbpModule = {
  resolvers: [ProgramResolver, MeasureResolver, IncentivePaymentResolver, DashboardResolver] as const,
  orphanedTypes: [Payer],
  references: vbpReferenceResolvers,
  computed: vbpComputedFields,
  permissions: vbpPermissions,
};
