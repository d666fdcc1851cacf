export { DASHBOARD_QUERY as OURS_DASHBOARD_QUERY } from '../../dev/seed';

/**
 * Our dashboard query (dev/seed.ts) as a PostGraphile user writes it: the
 * same fields and page, in the contract's orders. The amber preset names a
 * primary key column `rowId` (`id` is the Relay node id), a backward
 * relation `<table>sBy<Column>`, and offers `nodes` beside `edges`; ours
 * asks no edge cursors, so `nodes` is the like-for-like choice.
 */
export const POSTGRAPHILE_DASHBOARD_QUERY = `query Dashboard {
  allPrograms(first: 50, orderBy: [NAME_ASC, ROW_ID_ASC]) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      rowId name contractType measurementPeriod periodStart periodEnd status archived
      measuresByProgramId(orderBy: [MEASURE_ID_ASC, ROW_ID_ASC]) {
        nodes { rowId measureId measureName numerator denominator benchmark rate performanceLevel gapToBenchmark }
      }
      incentivePaymentsByProgramId(orderBy: [PAYMENT_PERIOD_ASC, ROW_ID_ASC]) {
        nodes { rowId paymentPeriod earnedAmount paidAmount variance status }
      }
      summary { measureCount exceededCount notMetCount earnedTotal paidTotal outstandingTotal }
    }
  }
}`;
