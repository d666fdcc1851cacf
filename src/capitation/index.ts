import { capitationPermissions } from './capitation.permissions';
import { capitationReferenceResolvers } from './capitation.references';
import { ContractResolver } from './contract.resolver';
import { PeriodResolver, ReconciliationResolver } from './period.resolver';
import { RosterResolver } from './roster.resolver';
import { Patient } from './roster.type';

/** The capitation module as the platform assembles it (platform/schema.ts). */
export const capitationModule = {
  resolvers: [ContractResolver, PeriodResolver, ReconciliationResolver, RosterResolver] as const,
  orphanedTypes: [Patient],
  references: capitationReferenceResolvers,
  permissions: capitationPermissions,
};
