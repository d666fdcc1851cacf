import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../platform/graphql/pagination';
import { DateScalar, DateTimeScalar } from '../../platform/graphql/scalars';
import { RosterEventType, RosterSource } from './enums';
import { CapitationContract } from './contract.type';

@Directive('@key(fields: "id", resolvable: false)')
@ObjectType({ description: 'A patient owned by PM-01; only its id is known here.' })
export class Patient {
  @Field(() => ID) id!: string;
}

/** patient and memberIdExternal (masked or clear) are computed in fields.ts; contract is resolved in roster.resolver.ts. */
@ObjectType()
export class RosterEvent {
  @Field(() => ID) id!: string;
  @Field(() => CapitationContract) contract?: CapitationContract;
  @Field(() => Patient, { nullable: true }) patient?: Patient | null;
  @Field({ description: 'PHI. Masked to its last 4 characters ("****1234") unless the caller has pm.capitation.manage.' })
  memberIdExternal?: string;
  @Field(() => RosterEventType) eventType!: RosterEventType;
  @Field(() => DateScalar) effectiveDate!: Date;
  @Field(() => RosterSource) source!: RosterSource;
  @Field(() => DateTimeScalar) createdAt!: Date;
}

@ObjectType()
export class RosterEventEdge {
  @Field() cursor!: string;
  @Field(() => RosterEvent) node!: RosterEvent;
}

@ObjectType()
export class RosterEventConnection {
  @Field(() => [RosterEventEdge]) edges!: RosterEventEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}

@ObjectType()
export class RosterImportError {
  @Field(() => Int) row!: number;
  @Field(() => String, { nullable: true }) column!: string | null;
  @Field() message!: string;
}

@ObjectType()
export class RosterImportResult {
  @Field(() => Int) accepted!: number;
  @Field(() => Int) rejected!: number;
  @Field() dryRun!: boolean;
  @Field(() => [RosterImportError]) errors!: RosterImportError[];
}
