import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { JSONObjectScalar } from '../../platform/graphql/scalars';
import type { JsonObject } from '../model/fhir-json';
import { compareVbprReport } from '../vbpr-compare.service';
import { VbprComparison } from './vbpr-comparison.type';
import { exportVbprBundle, type FhirContext } from '../vbpr-export.service';

@Resolver()
export class VbprResolver {
  @Query(() => JSONObjectScalar, {
    description: 'The program as a Da Vinci VBPR Bundle (type collection, FHIR R4): provider and payer Organizations, the VBP Measure (the contract), one VBP Quality MeasureReport per measure and the VBP Performance MeasureReport linking them.',
  })
  vbprBundle(
    @Arg('programId', () => ID) programId: string,
    @Ctx() ctx: FhirContext,
    @Arg('organizationName', () => String, { nullable: true }) organizationName?: string | null,
    @Arg('payerName', () => String, { nullable: true }) payerName?: string | null,
  ) {
    return exportVbprBundle(ctx, programId, { organizationName, payerName });
  }

  @Query(() => VbprComparison, {
    description: "Compares a payer's VBPR Bundle (one Performance MeasureReport and its Quality MeasureReports) with the program's figures. Stores nothing.",
  })
  vbprComparison(@Arg('programId', () => ID) programId: string, @Arg('report', () => JSONObjectScalar) report: JsonObject, @Ctx() ctx: FhirContext) {
    return compareVbprReport(ctx, programId, report);
  }
}
