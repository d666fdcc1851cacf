import { codingsOf, extensionsOf, isDateTime, isObject, type JsonObject, listOf, objectOr } from './fhir-json';
import type { CheckContext } from './vbpr-check-rules';
import { CS, EXT, INCENTIVE_METRICS } from './vbpr-urls';

/** The groups of a Performance report coded `code` in the IG's vbp-performance-metric system, with their paths. */
function groupsCoded(groups: readonly { group: JsonObject; at: string }[], code: string) {
  return groups.filter(({ group }) => codingsOf(group.code).some((c) => c.system === CS.performanceMetric && c.code === code));
}

/** Exactly one alternate-measurescore extension, and it holds Money. */
const scoredAsMoney = (group: JsonObject) => {
  const scores = extensionsOf(group.measureScore, EXT.alternateMeasureScore);
  return scores.length === 1 && isObject(scores[0].valueMoney);
};

/** A Quantity in UCUM percent, in [0, 100]. */
const scoredAsPercent = (group: JsonObject) => {
  const score = objectOr(group.measureScore);
  return !!score && typeof score.value === 'number' && score.value >= 0 && score.value <= 100
    && score.code === '%' && score.system === CS.ucum;
};

/**
 * Rules on the groups of a Performance report (contract README, FHIR, version 2):
 * each covers a service period; the incentive terms' groups come as the
 * contract writes them (upside and downside together as Money, the gate only
 * beside them, as a percentage).
 */
export function checkPerformanceGroups(mr: JsonObject, path: string, ctx: CheckContext): void {
  const groups = listOf(mr.group).map((g, i) => ({ group: objectOr(g) ?? {}, at: `${path}.group[${i}]` }));

  for (const { group, at } of groups) {
    const periods = extensionsOf(group, EXT.servicePeriod);
    const period = objectOr(periods[0]?.valuePeriod);
    const valid = periods.length === 1 && !!period && isDateTime(period.start) && isDateTime(period.end) && period.start <= period.end;
    if (!valid) ctx.issue('perf.service-period', `${at}.extension`);
  }

  const upside = groupsCoded(groups, INCENTIVE_METRICS.upside.code);
  const downside = groupsCoded(groups, INCENTIVE_METRICS.downside.code);
  const paired = upside.length <= 1 && upside.length === downside.length;
  if (!paired) ctx.issue('perf.incentive-money', `${path}.group`);
  for (const { group, at } of [...upside, ...downside]) {
    if (!scoredAsMoney(group)) ctx.issue('perf.incentive-money', `${at}.measureScore`);
  }

  const gates = groupsCoded(groups, INCENTIVE_METRICS.qualityGate.code);
  if (gates.length > 1 || (gates.length === 1 && upside.length === 0)) ctx.issue('perf.quality-gate', `${path}.group`);
  for (const { group, at } of gates) {
    if (!scoredAsPercent(group)) ctx.issue('perf.quality-gate', `${at}.measureScore`);
  }
}
