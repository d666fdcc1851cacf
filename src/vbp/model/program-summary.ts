import { type DecimalLike, type ExactMoney, subtractMoney, sumMoney } from '../../domain/money';
import { PerformanceLevel, performanceLevelOf, type Scored } from './measure-math';

export interface Summary {
  measureCount: number;
  exceededCount: number;
  notMetCount: number;
  earnedTotal: ExactMoney;
  paidTotal: ExactMoney;
  outstandingTotal: ExactMoney;
}

/** A program's figures from its measures and payments; outstanding = earned − paid. */
export function summarize(measures: readonly Scored[], payments: readonly { earnedAmount: DecimalLike; paidAmount: DecimalLike }[]): Summary {
  const exceededCount = measures.filter((m) => performanceLevelOf(m) === PerformanceLevel.EXCEEDED).length;
  const earnedTotal = sumMoney(payments.map((p) => p.earnedAmount));
  const paidTotal = sumMoney(payments.map((p) => p.paidAmount));
  return {
    measureCount: measures.length,
    exceededCount,
    notMetCount: measures.length - exceededCount,
    earnedTotal,
    paidTotal,
    outstandingTotal: subtractMoney(earnedTotal, paidTotal),
  };
}
