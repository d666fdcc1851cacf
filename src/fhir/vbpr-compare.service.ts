import { type CalendarDate, calendarDateOf } from '../domain/calendar-date';
import type { ExactMoney, Money } from '../domain/money';
import { programChildren, programOrNotFound } from './data/program-figures';
import { compareMeasures, type MeasureComparison } from './model/vbpr-compare';
import type { FhirContext } from './vbpr-export.service';
import { readPayerReport } from './model/vbpr-report-parse';
import { fhirBaseOf, localUrls } from './model/vbpr-urls';
import { summarize, type ProgramRow } from '../vbp';

/** VbprComparison as the resolver returns it. */
export interface Comparison {
  program: ProgramRow;
  reportId: string | null;
  reporter: string | null;
  periodStart: CalendarDate;
  periodEnd: CalendarDate;
  measures: MeasureComparison[];
  payerEarnedIncentive: Money | null;
  earnedTotal: ExactMoney;
  earnedDifference: Money | null;
  warnings: string[];
}

/** `vbprComparison`: a payer's VBPR report beside the program's own figures. Reads only; stores nothing. */
export async function compareVbprReport(ctx: Pick<FhirContext, 'loaders' | 'publicBaseUrl'>, programId: string, report: unknown): Promise<Comparison> {
  const program = await programOrNotFound(ctx.loaders, programId);
  const period = program.periodStart && program.periodEnd
    ? { start: calendarDateOf(program.periodStart), end: calendarDateOf(program.periodEnd) }
    : null;
  // The url vbprBundle gives the program's VBP Measure: a payer's search result is narrowed to the report on it.
  const measureUrl = localUrls(fhirBaseOf(ctx.publicBaseUrl)).programMeasure(program.id);
  const payer = readPayerReport(report, { measureUrl, period });
  const { measures, payments } = await programChildren(ctx.loaders, program);
  const warnings = [...payer.warnings];
  const compared = compareMeasures(measures, payer.measures, warnings);
  if (period && (period.start !== payer.periodStart || period.end !== payer.periodEnd)) {
    warnings.push(`The report covers ${payer.periodStart}..${payer.periodEnd}, the program ${period.start}..${period.end}`);
  }
  const { earnedTotal } = summarize(measures, payments);
  return {
    program,
    reportId: payer.reportId,
    reporter: payer.reporter,
    periodStart: payer.periodStart,
    periodEnd: payer.periodEnd,
    measures: compared,
    payerEarnedIncentive: payer.earnedIncentive,
    earnedTotal,
    earnedDifference: payer.earnedIncentive ? payer.earnedIncentive.minus(earnedTotal) : null,
    warnings,
  };
}
