import type { AppModule } from '../platform/module';
import { seedCapitationDemo } from './demo-seed';
import { type CapitationLoaders, createCapitationLoaders } from './data/loaders';
import { ContractResolver } from './graphql/contract.resolver';
import { PeriodResolver, ReconciliationResolver } from './graphql/period.resolver';
import { capitationPermissions } from './graphql/permissions';
import { capitationReferenceResolvers } from './graphql/references';
import { RosterResolver } from './graphql/roster.resolver';
import { Patient } from './graphql/roster.type';
import { capitationFields } from './graphql/fields';

/** Capitation contracts, PHI-protected rosters, monthly periods and reconciliations (PM-33). */
export const capitationModule: AppModule<CapitationLoaders> = {
  name: 'capitation',
  resolvers: [ContractResolver, PeriodResolver, ReconciliationResolver, RosterResolver],
  orphanedTypes: [Patient],
  references: capitationReferenceResolvers,
  fields: capitationFields,
  permissions: capitationPermissions,
  // Member ids are decrypted only for callers who may see them (contract README, Capitation).
  loaders: ({ db, phi, auth }) => createCapitationLoaders(db, phi, auth?.permissions.has('pm.capitation.manage') ?? false),
  seed: seedCapitationDemo,
  // A CSV's bad text is a row error naming its row and column (roster-csv.ts), not a refusal of the whole file.
  textCheckedElsewhere: ['Mutation.importRosterCsv(csv:)'],
};

export type { CapitationLoaders } from './data/loaders';
