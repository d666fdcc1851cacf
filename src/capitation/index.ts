import { capitationPermissions } from './graphql/permissions';
import { capitationReferenceResolvers } from './graphql/references';
import { ContractResolver } from './graphql/contract.resolver';
import { PeriodResolver, ReconciliationResolver } from './graphql/period.resolver';
import { RosterResolver } from './graphql/roster.resolver';
import { Patient } from './graphql/roster.type';

/** The capitation module as the platform assembles it (platform/schema.ts). */
export const capitationModule = {
  resolvers: [ContractResolver, PeriodResolver, ReconciliationResolver, RosterResolver] as const,
  orphanedTypes: [Patient],
  references: capitationReferenceResolvers,
  permissions: capitationPermissions,
};
