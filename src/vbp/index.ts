import { DashboardResolver } from './dashboard.resolver';
import { IncentivePaymentResolver } from './incentive-payment.resolver';
import { MeasureResolver } from './measure.resolver';
import { Payer } from './payer.type';
import { ProgramResolver } from './program.resolver';
import { vbpComputedFields } from './vbp.computed';
import { vbpPermissions } from './vbp.permissions';
import { vbpReferenceResolvers } from './vbp.references';

/** The VBP module as the platform assembles it (platform/schema.ts). */
export const vbpModule = {
  resolvers: [ProgramResolver, MeasureResolver, IncentivePaymentResolver, DashboardResolver] as const,
  orphanedTypes: [Payer],
  references: vbpReferenceResolvers,
  computed: vbpComputedFields,
  permissions: vbpPermissions,
};
