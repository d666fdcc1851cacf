import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { Money } from '../../domain/money';
import { PageInfo } from '../../platform/graphql/pagination';
import { DateScalar, DateTimeScalar, DecimalScalar } from '../../platform/graphql/scalars';
import { Payer } from '../../domain/payer.type';
import { RosterSource } from './enums';

/** payer and archived are computed in fields.ts; enrolledMemberCount, periods and rosterEvents are resolved in contract.resolver.ts. */
@Directive('@key(fields: "id")')
@ObjectType()
export class CapitationContract {
  @Field(() => ID) id!: string;
  @Field(() => ID) organizationId!: string;
  @Field(() => Payer, { nullable: true }) payer?: Payer | null;
  @Field() name!: string;
  @Field(() => DecimalScalar) pmpmRate!: Money;
  @Field(() => DateScalar) effectiveFrom!: Date;
  @Field(() => DateScalar, { nullable: true }) effectiveTo!: Date | null;
  @Field(() => RosterSource) rosterSource!: RosterSource;
  @Field() archived?: boolean;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar) updatedAt!: Date;
}

@ObjectType()
export class CapitationContractEdge {
  @Field() cursor!: string;
  @Field(() => CapitationContract) node!: CapitationContract;
}

@ObjectType()
export class CapitationContractConnection {
  @Field(() => [CapitationContractEdge]) edges!: CapitationContractEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}
