import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { CapitationContext } from '../data/loaders';
import { notFound } from '../../platform/graphql/errors';
import { RosterEventInput } from './capitation.input';
import type { RosterEventRow } from '../data/rows';
import { CapitationContract } from './contract.type';
import { importRosterCsv, recordRosterEvent } from '../roster.service';
import { Patient, RosterEvent, RosterImportResult } from './roster.type';

@Resolver(() => RosterEvent)
export class RosterResolver {
  @FieldResolver(() => CapitationContract)
  async contract(@Root() event: RosterEventRow, @Ctx() { loaders }: CapitationContext) {
    return (await loaders.contractById.load(event.contractId)) ?? notFound('Capitation contract');
  }

  @Mutation(() => RosterEvent)
  async recordRosterEvent(
    @Arg('contractId', () => ID) contractId: string,
    @Arg('input', () => RosterEventInput) input: RosterEventInput,
    @Ctx() { db, phi, loaders }: CapitationContext,
  ) {
    const event = await recordRosterEvent(db, phi, contractId, input);
    loaders.rosterPage.clearAll();
    loaders.enrolledCount.clearAll();
    return event;
  }

  @Mutation(() => RosterImportResult, { description: 'CSV with header memberIdExternal,eventType,effectiveDate[,patientId]; all-or-nothing unless dryRun.' })
  async importRosterCsv(
    @Arg('contractId', () => ID) contractId: string,
    @Arg('csv', () => String) csv: string,
    @Ctx() { db, phi, loaders }: CapitationContext,
    @Arg('dryRun', () => Boolean, { nullable: true, defaultValue: false }) dryRun?: boolean | null,
  ) {
    const result = await importRosterCsv(db, phi, contractId, csv, dryRun === true);
    loaders.rosterPage.clearAll();
    loaders.enrolledCount.clearAll();
    return result;
  }
}
