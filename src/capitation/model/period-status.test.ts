import {
  CapitationPeriodStatus as S, defaultDisposition, retroAdjustmentOf, statusAfterReconciliation, statusAfterRegeneration,
  VarianceDisposition as V,
} from './period-status';

describe('statusAfterReconciliation', () => {
  it.each([
    { expected: '100.00', received: '100.00', disposition: V.PENDING_REVIEW, status: S.RECONCILED }, // totals match
    { expected: '100.00', received: '60.00', disposition: V.PENDING_REVIEW, status: S.PARTIALLY_PAID },
    { expected: '100.00', received: '100.01', disposition: V.PENDING_REVIEW, status: S.PAID },
    { expected: '100.00', received: '60.00', disposition: V.ACCEPTED, status: S.RECONCILED },
    { expected: '100.00', received: '60.00', disposition: V.WRITTEN_OFF, status: S.RECONCILED },
    { expected: '100.00', received: '160.00', disposition: V.RETRO_ADJUSTMENT, status: S.RECONCILED },
    { expected: '100.00', received: '100.00', disposition: V.DISPUTED, status: S.DISPUTED }, // DISPUTED wins even when totals match
    { expected: '0.30', received: '0.30', disposition: V.PENDING_REVIEW, status: S.RECONCILED },
  ])('$received of $expected with $disposition is $status', ({ expected, received, disposition, status }) => {
    expect(statusAfterReconciliation({ expected, received }, disposition)).toBe(status);
  });
});

describe('statusAfterRegeneration', () => {
  it.each([
    { status: S.OPEN, expected: '100.00', received: '0.00', reconciled: false, next: S.OPEN },
    { status: S.PARTIALLY_PAID, expected: '60.00', received: '60.00', reconciled: true, next: S.RECONCILED }, // the roster shrank to what was paid
    { status: S.PARTIALLY_PAID, expected: '120.00', received: '60.00', reconciled: true, next: S.PARTIALLY_PAID },
    { status: S.PAID, expected: '200.00', received: '150.00', reconciled: true, next: S.PARTIALLY_PAID },
    { status: S.PARTIALLY_PAID, expected: '50.00', received: '60.00', reconciled: true, next: S.PAID },
    { status: S.DISPUTED, expected: '60.00', received: '60.00', reconciled: true, next: S.DISPUTED },
  ])('$status with $received of $expected becomes $next', ({ next, ...period }) => {
    expect(statusAfterRegeneration(period)).toBe(next);
  });
});

it.each([
  { variance: '0.00', disposition: V.ACCEPTED },
  { variance: '-0.00', disposition: V.ACCEPTED },
  { variance: '0.01', disposition: V.PENDING_REVIEW },
  { variance: '-12.50', disposition: V.PENDING_REVIEW },
])('a variance of $variance defaults to $disposition', ({ variance, disposition }) => {
  expect(defaultDisposition(variance)).toBe(disposition);
});

it.each([
  { status: S.RECONCILED, expected: '450.00', implied: '495.00', retro: '45' },
  { status: S.RECONCILED, expected: '450.00', implied: '405.00', retro: '-45' },
  { status: S.RECONCILED, expected: '450.00', implied: '450.00', retro: '0' },
  { status: S.PARTIALLY_PAID, expected: '450.00', implied: '495.00', retro: '0' }, // only RECONCILED periods carry one
  { status: S.OPEN, expected: '450.00', implied: '0.00', retro: '0' },
])('retroAdjustment of a $status period expecting $expected, now implying $implied, is $retro', ({ status, expected, implied, retro }) => {
  expect(retroAdjustmentOf(status, expected, implied).toString()).toBe(retro);
});
