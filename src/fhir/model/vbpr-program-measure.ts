import { createHash } from 'node:crypto';
import type { CodeableConcept, Extension, Measure, Organization, RelatedArtifact } from 'fhir/r4';
import type { CalendarDate } from '../../domain/calendar-date';
import { CS, EXT, type localUrls, PROFILE } from './vbpr-urls';
import { ContractType, ProgramStatus, type MeasureRow, type ProgramRow } from '../../vbp';

type Local = ReturnType<typeof localUrls>;

/**
 * contractType → VBPR payment stream and HCP-LAN APM category (reference
 * b.1). SHARED_SAVINGS could be ssp, ssq or ssl; we do not store the risk
 * arrangement, so it is the one-sided `ssp` (HCP-LAN 3A), and the exact
 * contractType travels beside it as a local coding. OTHER has no IG code.
 */
const CONTRACT_CODES: Record<ContractType, { stream?: string; hcplan?: string; text: string }> = {
  [ContractType.SHARED_SAVINGS]: { stream: 'ssp', hcplan: '3A', text: 'Shared savings' },
  [ContractType.QUALITY_BONUS]: { stream: 'qip', hcplan: '2C', text: 'Quality incentive payment' },
  // Capitation tied to quality measures (a program has them): 4A rather than 4N ("not linked to quality").
  [ContractType.CAPITATION]: { stream: 'pcpcp', hcplan: '4A', text: 'Capitation' },
  [ContractType.BUNDLED_PAYMENT]: { stream: 'eoc', hcplan: '3B', text: 'Episode of care (bundled payment)' },
  [ContractType.OTHER]: { text: 'Other value-based arrangement' },
};

/** The payment-stream extension for a program's contract type (on the Measure and the earned group). */
export function paymentStreamExtension(contractType: ContractType, local: Local): Extension {
  const codes = CONTRACT_CODES[contractType];
  const type: CodeableConcept = {
    coding: [
      ...(codes.stream ? [{ system: CS.paymentStream, code: codes.stream }] : []),
      { system: local.contractType, code: contractType },
    ],
    text: codes.text,
  };
  return { url: EXT.paymentStream, extension: [{ url: 'type', valueCodeableConcept: type }] };
}

function programModelExtension(contractType: ContractType): Extension[] {
  const { hcplan } = CONTRACT_CODES[contractType];
  if (!hcplan) return [];
  return [{ url: EXT.programModel, extension: [{ url: 'hcplan', valueCodeableConcept: { coding: [{ system: CS.hcplan, code: hcplan }] } }] }];
}

/** Reference b.1: our status has no IG meaning; COMPLETED is `retired`, ACTIVE and SUSPENDED stay `active`. */
const publicationStatus = (status: string): Measure['status'] => (status === ProgramStatus.COMPLETED ? 'retired' : 'active');

/** R4 canonical-resource names are machine-friendly: `[A-Z]([A-Za-z0-9_]){0,254}` (cnl-0). */
export function machineName(title: string): string {
  // Accents are dropped (é → e), not treated as word breaks; anything else non-alphanumeric separates words.
  const ascii = title.normalize('NFKD').replace(/\p{M}/gu, '');
  const words = ascii.replace(/[^A-Za-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
  const name = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return (/^[A-Z]/.test(name) ? name : `VbpProgram${name}`).slice(0, 255);
}

/** Contract: `<code>` is the measureId without a leading `HEDIS_` (kept when nothing would remain). */
export const hedisCode = (measureId: string) => measureId.replace(/^HEDIS_(?=.)/i, '');

/**
 * Contract v2: a quality measure's canonical in VBPR exchanges is its own
 * `canonical` (with `|<year of periodStart>` appended when it carries no
 * version), else the local `hedis-<code>|<year>` form. The VBP Measure's
 * components name the same canonicals as the quality reports' `measure`.
 */
export function qualityMeasureCanonical(measure: Pick<MeasureRow, 'measureId' | 'canonical'>, year: string, local: Local): string {
  if (measure.canonical) return measure.canonical.includes('|') ? measure.canonical : `${measure.canonical}|${year}`;
  return local.qualityMeasure(hedisCode(measure.measureId), year);
}

/** FHIR ids are `[A-Za-z0-9\-.]{1,64}`; a payer id is free text, so an unfit one is hashed. */
export function payerResourceId(payerId: string): string {
  return /^[A-Za-z0-9.-]{1,58}$/.test(payerId)
    ? `payer-${payerId}`
    : `payer-${createHash('sha256').update(payerId).digest('hex').slice(0, 40)}`;
}

export const providerResourceId = (orgId: string) => `provider-${orgId}`;

/** A US Core Organization: `active` and `name` are required, `type` prov or pay as in the IG examples. */
export function organization(options: {
  id: string; name: string; kind: 'prov' | 'pay'; identifier: { system: string; value: string };
}): Organization {
  return {
    resourceType: 'Organization',
    id: options.id,
    meta: { profile: [PROFILE.usCoreOrganization] },
    identifier: [options.identifier],
    active: true,
    type: [{ coding: [{ system: CS.organizationType, code: options.kind, display: options.kind === 'prov' ? 'Healthcare Provider' : 'Payer' }] }],
    name: options.name,
  };
}

export interface ProgramMeasureInput {
  program: ProgramRow;
  measures: readonly MeasureRow[];
  period: { start: CalendarDate; end: CalendarDate };
  providerName: string;
  payerName: string | null;
  local: Local;
}

/** The program's revision: its last update, which changes whenever its terms change. */
export const programVersion = (program: ProgramRow) => program.updatedAt.toISOString();

/**
 * The VBP Measure: the value-based contract itself (the IG has no Contract
 * profile), one `composed-of` component per quality measure.
 */
export function vbpMeasure({ program, measures, period, providerName, payerName, local }: ProgramMeasureInput): Measure {
  const year = period.start.slice(0, 4);
  const parties = payerName ? `between ${payerName} and ${providerName}` : `of ${providerName}`;
  return {
    resourceType: 'Measure',
    id: `vbp-program-${program.id}`,
    meta: { profile: [PROFILE.vbpMeasure] },
    extension: [...programModelExtension(program.contractType as ContractType), paymentStreamExtension(program.contractType as ContractType, local)],
    url: local.programMeasure(program.id),
    identifier: [{ system: local.programIdentifier, value: program.id }],
    version: programVersion(program),
    name: machineName(program.name),
    title: program.name,
    status: publicationStatus(program.status),
    experimental: false,
    date: program.updatedAt.toISOString(),
    publisher: payerName ?? providerName,
    description: program.notes ?? `Value-based contract ${program.name} ${parties} (${program.measurementPeriod}).`,
    effectivePeriod: { start: period.start, end: period.end },
    // FHIR JSON has no empty arrays: a program without measures has no relatedArtifact.
    ...(measures.length ? { relatedArtifact: measures.map(composedOf) } : {}),
  };

  function composedOf(m: MeasureRow): RelatedArtifact {
    return {
      extension: [{
        url: EXT.contractualStatus,
        valueCodeableConcept: { coding: [{ system: CS.contractualStatus, code: 'contractual', display: 'Contractual' }] },
      }],
      type: 'composed-of',
      display: m.measureName,
      resource: qualityMeasureCanonical(m, year, local),
    };
  }
}
