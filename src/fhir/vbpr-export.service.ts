import type { Bundle } from 'fhir/r4';
import { z } from 'zod';
import type { Context } from '../platform/graphql/context';
import type { VbpLoaders } from '../vbp';
import { badInput } from '../platform/graphql/errors';
import { optionalText, parseInput } from '../platform/graphql/input';
import { programChildren, programOrNotFound, programTerms } from './data/program-figures';
import { buildVbprBundle } from './model/vbpr-bundle';

/** The module reads programs through the VBP module's loaders. */
export type FhirContext = Pick<Context<VbpLoaders>, 'loaders' | 'publicBaseUrl'>;

/** Display names only: trimmed, blank means "not given" (the defaults name the ids). */
const namesSchema = z.object({ organizationName: optionalText(200).optional(), payerName: optionalText(200).optional() });

export interface BundleNames { organizationName?: string | null; payerName?: string | null }

/**
 * `vbprBundle` and `GET /fhir/vbpr/Program/<id>`: the caller's program as a
 * VBPR Bundle. Archived programs export too; a program without both period
 * ends is BAD_USER_INPUT on `programId` (VBPR periods need dates).
 */
export async function exportVbprBundle(ctx: FhirContext, programId: string, names: BundleNames, now = new Date()): Promise<Bundle> {
  const { organizationName, payerName } = parseInput(namesSchema, names, '');
  const program = await programOrNotFound(ctx.loaders, programId);
  const { periodStart, periodEnd } = program;
  if (!periodStart || !periodEnd) {
    throw badInput('programId', 'programId: the program has no periodStart or periodEnd; a VBPR report needs its measurement period as dates');
  }
  const [{ measures, payments }, terms] = await Promise.all([programChildren(ctx.loaders, program), programTerms(ctx.loaders, program)]);
  return buildVbprBundle({
    program: { ...program, periodStart, periodEnd }, measures, payments, terms, organizationName, payerName, publicBaseUrl: ctx.publicBaseUrl, now,
  });
}
