import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar, DecimalScalar } from '../../platform/graphql/scalars';
import { PageInfo } from '../../platform/graphql/pagination';
import type { ExactMoney } from '../../domain/money';
import { ContractType, ProgramStatus } from './enums';
import { Payer } from '../../domain/payer.type';

/** payer, archived and archivedAt are computed in fields.ts; measures, incentivePayments and summary are resolved in program.resolver.ts. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A value-based payment / alternative payment model program of one organization.', simpleResolvers: true })
export class Program {
  @Field(() => ID) id!: string;
  @Field(() => ID) organizationId!: string;
  @Field(() => Payer, { nullable: true }) payer?: Payer | null;
  @Field() name!: string;
  @Field(() => ContractType) contractType!: ContractType;
  @Field({ description: 'Free text as agreed in the contract, e.g. "2025-Q1" or "CY2025".' }) measurementPeriod!: string;
  @Field(() => DateScalar, { nullable: true, description: 'First day of the measurement period when it could be derived from measurementPeriod or was given.' })
  periodStart!: Date | null;
  @Field(() => DateScalar, { nullable: true, description: 'Last day of the measurement period when known.' })
  periodEnd!: Date | null;
  @Field(() => ProgramStatus) status!: ProgramStatus;
  @Field(() => String, { nullable: true }) notes!: string | null;
  @Field({ description: 'Archived programs stay visible but are read-only, with their measures and payments.' })
  archived?: boolean;
  @Field(() => DateTimeScalar, { nullable: true }) archivedAt?: Date | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar) updatedAt!: Date;
}

@ObjectType({ simpleResolvers: true })
export class ProgramSummary {
  @Field(() => Int) measureCount!: number;
  @Field(() => Int) exceededCount!: number;
  @Field(() => Int) notMetCount!: number;
  @Field(() => DecimalScalar) earnedTotal!: ExactMoney;
  @Field(() => DecimalScalar) paidTotal!: ExactMoney;
  @Field(() => DecimalScalar, { description: 'earnedTotal - paidTotal.' }) outstandingTotal!: ExactMoney;
}

@ObjectType({ simpleResolvers: true })
export class ProgramEdge {
  @Field() cursor!: string;
  @Field(() => Program) node!: Program;
}

@ObjectType({ simpleResolvers: true })
export class ProgramConnection {
  @Field(() => [ProgramEdge]) edges!: ProgramEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}
