import Decimal from 'decimal.js';
import type { Money } from '../../domain/money';
import { badInput } from '../../platform/graphql/errors';
import { codingsOf, extensionsOf, type JsonObject, listOf, objectOr } from './fhir-json';
import { EARNED_INCENTIVE, EXT } from './vbpr-urls';

/** Contract v2: a Quantity with no unit, or with code or unit `USD` or `$`, is an amount in USD. */
const USD_UNITS = new Set(['USD', '$']);

/** A payer's unit, as it may appear in a warning: quoted, and cut short (it is free text). */
const quoted = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

/**
 * What a Quantity's code and unit say. Money when neither is given or every
 * one given is USD or `$` (a code `%` beside a unit `USD` contradicts itself,
 * so it is not money); otherwise the first unit that is not.
 */
export function quantityCurrency(quantity: JsonObject): { usd: true } | { usd: false; unit: string } {
  const given = [quantity.code, quantity.unit].filter((u): u is string => typeof u === 'string' && u.trim() !== '');
  const other = given.find((u) => !USD_UNITS.has(u.trim()));
  return other === undefined ? { usd: true } : { usd: false, unit: other };
}

/** One earned-incentive group's amount in USD, or a warning saying why it has none. */
function groupAmount(group: JsonObject, at: string, warnings: string[]): Decimal | null {
  const score = objectOr(group.measureScore);
  const money = extensionsOf(score, EXT.alternateMeasureScore).map((e) => objectOr(e.valueMoney)).find(Boolean);
  let value: unknown;
  if (money) {
    if (!(typeof money.value === 'number' && Number.isFinite(money.value))) {
      throw badInput('report', `report: ${at}.measureScore.extension.valueMoney.value must be a number`);
    }
    if (money.currency !== 'USD') {
      warnings.push(`${at} (earned-incentive) is in ${typeof money.currency === 'string' ? quoted(money.currency) : 'no currency'}, not USD; it is not compared`);
      return null;
    }
    value = money.value;
  } else if (score && typeof score.value === 'number') { // a number by now: every group's measureScore.value was checked
    const currency = quantityCurrency(score);
    if (!currency.usd) {
      warnings.push(`${at} (earned-incentive) is a Quantity in ${quoted(currency.unit)}, not money; it is not compared`);
      return null;
    }
    value = score.value;
  } else {
    warnings.push(`${at} (earned-incentive) has neither a Money score nor a measureScore value`);
    return null;
  }
  // The shortest decimal form of the JSON number is the amount the payer wrote; no binary arithmetic on it.
  const amount = new Decimal(String(value));
  if (amount.decimalPlaces() > 2) warnings.push(`${at} (earned-incentive) has more than 2 decimals; rounded half-up to cents`);
  return amount.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/**
 * Contract v2: the `earned-incentive` group's Money (alternate-measurescore),
 * or else its plain `measureScore` Quantity read as USD; summed when the payer
 * splits it into several groups. Strata are not read: the group's own score is
 * the total.
 */
export function earnedIncentiveOf(mr: JsonObject, path: string, warnings: string[]): Money | null {
  const amounts: Decimal[] = [];
  listOf(mr.group).forEach((g, i) => {
    const group = objectOr(g);
    if (!group || !codingsOf(group.code).some((c) => c.code === EARNED_INCENTIVE)) return;
    const amount = groupAmount(group, `${path}.group[${i}]`, warnings);
    if (amount) amounts.push(amount);
  });
  if (amounts.length === 0) {
    warnings.push(`${path} has no earned-incentive total`);
    return null;
  }
  if (amounts.length > 1) warnings.push(`${path} has ${amounts.length} earned-incentive groups; their sum is compared`);
  return amounts.reduce((sum, a) => sum.plus(a), new Decimal(0));
}
