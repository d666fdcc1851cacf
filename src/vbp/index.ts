import type { AppModule } from '../platform/module';
import { seedVbpDemo } from './demo-seed';
import { createVbpLoaders, type VbpLoaders } from './data/loaders';
import { DashboardResolver } from './graphql/dashboard.resolver';
import { vbpFields } from './graphql/fields';
import { IncentivePaymentResolver } from './graphql/incentive-payment.resolver';
import { MeasureResolver } from './graphql/measure.resolver';
import { vbpPermissions } from './graphql/permissions';
import { IncentiveTermsResolver } from './graphql/incentive-terms.resolver';
import { ProgramResolver } from './graphql/program.resolver';
import { vbpReferenceResolvers } from './graphql/references';

/** VBP programs, their quality measures and incentive payments (PM-25). */
export const vbpModule: AppModule<VbpLoaders> = {
  name: 'vbp',
  resolvers: [ProgramResolver, IncentiveTermsResolver, MeasureResolver, IncentivePaymentResolver, DashboardResolver],
  references: vbpReferenceResolvers,
  fields: vbpFields,
  permissions: vbpPermissions,
  loaders: ({ db }) => createVbpLoaders(db),
  seed: seedVbpDemo,
};

// What other modules may use: the FHIR export reads programs through these, quality syncs measures.
export type { VbpLoaders } from './data/loaders';
export type { DecimalText, IncentiveTermsRow, MeasureRow, PaymentRow, ProgramRow } from './data/rows';
export { syncClinicalMeasures } from './data/measure-sync';
export { hasPrograms } from './demo-seed';
export { ContractType, ProgramStatus } from './graphql/enums';
export { Measure } from './graphql/measure.type';
export { Program } from './graphql/program.type';
export { gapToBenchmarkOf, rateOf } from './model/measure-math';
export { summarize } from './model/program-summary';
// The FHIR export's incentive groups: a program's forecast from its measures (loaders.measuresByProgramId)
// and terms (loaders.incentiveTermsByProgramId, null without terms), exactly as Program.incentiveForecast.
export { forecastOf, type IncentiveForecastOf, type IncentiveTermsValues, type MeasureForecastOf } from './model/incentive-forecast';
