import type { Bundle, FhirResource, MeasureReport, Reference } from 'fhir/r4';
import { type CalendarDate, calendarDateOf } from '../../domain/calendar-date';
import { performanceReport, qualityReport } from './vbpr-measure-reports';
import { organization, payerResourceId, programVersion, providerResourceId, vbpMeasure } from './vbpr-program-measure';
import { fhirBaseOf, localUrls } from './vbpr-urls';
import { forecastOf, summarize, type ContractType, type IncentiveTermsRow, type MeasureRow, type PaymentRow, type ProgramRow } from '../../vbp';

export interface VbprExportInput {
  /** A program whose periodStart and periodEnd are both known (the service refuses the others). */
  program: ProgramRow & { periodStart: Date; periodEnd: Date };
  /** Ordered by measureId (the loader's order), which is the order of the quality reports. */
  measures: readonly MeasureRow[];
  payments: readonly PaymentRow[];
  /** The program's incentive terms; null without (then the report has no groups for them). */
  terms: IncentiveTermsRow | null;
  organizationName?: string | null;
  payerName?: string | null;
  publicBaseUrl: string;
  /** The export instant: Bundle.timestamp and every report's `date`. */
  now: Date;
}

/**
 * The program as a Da Vinci VBPR Bundle (type collection, FHIR R4): provider
 * and payer Organizations, the VBP Measure, one Quality MeasureReport per
 * measure and the Performance MeasureReport linking them, with the incentive
 * terms' forecast when the program has terms (contract README, FHIR).
 * Pure: the service loads the rows; every reference resolves inside.
 */
export function buildVbprBundle(input: VbprExportInput): Bundle {
  const { program, measures, payments, terms, now } = input;
  const fhirBase = fhirBaseOf(input.publicBaseUrl);
  const local = localUrls(fhirBase);
  const period = { start: calendarDateOf(program.periodStart), end: calendarDateOf(program.periodEnd) };

  const providerName = input.organizationName ?? `Organization ${program.organizationId}`;
  const provider = organization({
    id: providerResourceId(program.organizationId), name: providerName, kind: 'prov',
    identifier: { system: local.organizationIdentifier, value: program.organizationId },
  });
  const payerName = program.payerId ? input.payerName ?? `Payer ${program.payerId}` : null;
  const payer = program.payerId && payerName ? organization({
    id: payerResourceId(program.payerId), name: payerName, kind: 'pay',
    identifier: { system: local.payerIdentifier, value: program.payerId },
  }) : null;

  const providerRef: Reference = { reference: `Organization/${provider.id}`, display: providerName };
  const reporter: Reference = payer ? { reference: `Organization/${payer.id}`, display: payerName! } : providerRef;
  const common = { period, status: reportStatus(period.end, now), date: now.toISOString(), reporter, local };

  const contract = vbpMeasure({ program, measures, period, providerName, payerName, local });
  const qualityReports = measures.map((m) => qualityReport(m, common));
  const { earnedTotal, paidTotal } = summarize(measures, payments);
  const performance = performanceReport(program.id, {
    ...common,
    contractType: program.contractType as ContractType,
    programMeasureCanonical: `${contract.url}|${programVersion(program)}`,
    provider: providerRef,
    earnedTotal,
    paidTotal,
    incentive: terms ? { ...forecastOf(measures, terms), qualityGate: terms.qualityGate } : null,
    qualityReportIds: qualityReports.map((r) => r.id!),
  });

  const resources: FhirResource[] = [provider, ...(payer ? [payer] : []), contract, ...qualityReports, performance];
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: now.toISOString(),
    entry: resources.map((resource) => ({ fullUrl: `${fhirBase}/${resource.resourceType}/${resource.id}`, resource })),
  };
}

/** `complete` once the measurement period has ended (UTC calendar), `pending` while it is open. */
function reportStatus(periodEnd: CalendarDate, now: Date): MeasureReport['status'] {
  return calendarDateOf(now) > periodEnd ? 'complete' : 'pending';
}
