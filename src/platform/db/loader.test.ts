import type { TenantDb, Tx } from './tenant';
import { sharedReads } from './loader';

/** A tenant db that counts its transactions; the transaction handle is a marker object. */
function countingDb() {
  const transactions: Tx[] = [];
  const db: Pick<TenantDb, 'run'> = {
    run: async (work) => {
      const tx = { n: transactions.length } as unknown as Tx;
      transactions.push(tx);
      return work(tx);
    },
  };
  return { db, transactions };
}

describe('sharedReads', () => {
  it('runs the reads asked for in one tick in one transaction, each getting its own result', async () => {
    const { db, transactions } = countingDb();
    const read = sharedReads(db);
    const results = await Promise.all([read(async () => 'measures'), read(async () => 'payments')]);
    expect(results).toEqual(['measures', 'payments']);
    expect(transactions).toHaveLength(1);
  });

  it('gives reads of a later tick a transaction of their own', async () => {
    const { db, transactions } = countingDb();
    const read = sharedReads(db);
    await read(async () => 1);
    await read(async () => 2);
    expect(transactions).toHaveLength(2);
  });

  it('fails only the read whose query failed', async () => {
    const { db } = countingDb();
    const read = sharedReads(db);
    const outcomes = await Promise.allSettled([read(async () => 'ok'), read(async () => { throw new Error('boom'); })]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
  });

  it('fails every read when the transaction itself fails', async () => {
    const read = sharedReads({ run: () => Promise.reject(new Error('database down')) });
    const outcomes = await Promise.allSettled([read(async () => 1), read(async () => 2)]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as Error).message : 'fulfilled'))).toEqual(['database down', 'database down']);
  });
});
