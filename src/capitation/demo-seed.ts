import Decimal from 'decimal.js';
import type { CalendarDate } from '../domain/calendar-date';
import type { Money } from '../domain/money';
import type { SeedDeps } from '../platform/module';
import { createContract } from './contract.service';
import { generatePeriods } from './period.service';
import { reconcilePeriod } from './reconciliation.service';
import { importRosterCsv } from './roster.service';

const day = (text: string) => text as CalendarDate;
const money = (text: string): Money => new Decimal(text);

/** Fictional member ids (never real PHI), stored encrypted like any roster's. */
const member = (n: number) => `DEMO-${String(n).padStart(5, '0')}`;

/**
 * The demo organization's capitation: a Medicare Advantage contract whose
 * roster grows in March and loses a member in May, periods through June, and
 * January to March reconciled (paid in full, short, then over).
 */
export async function seedCapitationDemo({ db, phi, userId }: SeedDeps): Promise<void> {
  const contract = await createContract(db, {
    name: 'UHC Medicare Advantage HMO', pmpmRate: money('42.50'), effectiveFrom: day('2025-01-01'),
  });
  const rows = [
    'memberIdExternal,eventType,effectiveDate',
    ...Array.from({ length: 24 }, (_, i) => `${member(i + 1)},ENROLL,2025-01-01`),
    ...Array.from({ length: 4 }, (_, i) => `${member(i + 25)},ENROLL,2025-03-01`),
    `${member(3)},DISENROLL,2025-05-01`,
    `${member(11)},DISENROLL,2025-05-15`,
  ];
  await importRosterCsv(db, phi, contract.id, rows.join('\n'), false);
  const periods = await generatePeriods(db, contract.id, day('2025-06-30'));
  const payments: [string, (expected: Decimal) => Decimal][] = [
    ['2025-02-05', (expected) => expected],
    ['2025-03-05', (expected) => expected.minus('85.00')],
    ['2025-04-04', (expected) => expected.plus('42.50')],
  ];
  for (const [i, [paymentDate, received]] of payments.entries()) {
    await reconcilePeriod(db, userId, periods[i].id, {
      receivedAmount: received(new Decimal(periods[i].expectedRevenue.toString())), paymentDate: day(paymentDate),
    });
  }
}
