import { type CalendarDate, calendarDateOf } from '../domain/calendar-date';
import type { ExactMoney, Money } from '../domain/money';
import { programChildren, programOrNotFound } from './data/program-figures';
import { compareMeasures, type MeasureComparison } from './model/vbpr-compare';
import type { FhirContext } from './vbpr-export.service';
import { readPayerReport } from './model/vbpr-report-parse';
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
export async function compareVbprReport(ctx: Pick<FhirContext, 'loaders'>, programId: string, report: unknown): Promise<Comparison> {
  const program = await programOrNotFound(ctx.loaders, programId);
  const payer = readPayerReport(report);
  const { measures, payments } = await programChildren(ctx.loaders, program);
  const warnings = [...payer.warnings];
  const compared = compareMeasures(measures, payer.measures, warnings);
  const ours = program.periodStart && program.periodEnd ? [calendarDateOf(program.periodStart), calendarDateOf(program.periodEnd)] : null;
  if (ours && (ours[0] !== payer.periodStart || ours[1] !== payer.periodEnd)) {
    warnings.push(`The report covers ${payer.periodStart}..${payer.periodEnd}, the program ${ours[0]}..${ours[1]}`);
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
