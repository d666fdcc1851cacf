import { Directive, Field, ID, ObjectType } from 'type-graphql';

@Directive('@key(fields: "id", resolvable: false)')
@ObjectType({ description: 'A payer owned by another PM subgraph; only its id is known here.', simpleResolvers: true })
export class Payer {
  @Field(() => ID) id!: string;
}

export const payerOf = (payerId: string | null) => (payerId ? { id: payerId } : null);
