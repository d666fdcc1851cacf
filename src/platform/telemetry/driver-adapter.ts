import { sqlSpan } from './spans';

/*
 * Prisma reaches the database only through its driver adapter (PrismaPg on
 * the pool, PrismaPGlite on the embedded database): wrapped here, every
 * statement Prisma sends gets its span, on both databases, in one place.
 * The adapter's interface (@prisma/driver-adapter-utils) is only matched by
 * shape: queryRaw/executeRaw take `{ sql, args }`, startTransaction opens a
 * transaction with the same two, and its commit/rollback either send the
 * statement themselves (PGlite: `usePhantomQuery`) or only hand the
 * connection back (node-postgres: Prisma sends COMMIT through executeRaw).
 */

type Method = (...args: any[]) => any;
type Queryable = { queryRaw: Method; executeRaw: Method };
type Transaction = Queryable & { options?: { usePhantomQuery?: boolean } };

const STATEMENTS = new Set(['queryRaw', 'executeRaw']);

/** `target` with `methods` replaced, every other property read through (its own `this`, so private state keeps working). */
function withMethods<T extends object>(target: T, methods: (key: string, original: Method) => Method | undefined): T {
  return new Proxy(target, {
    get(object, key) {
      const value = Reflect.get(object, key, object);
      if (typeof value !== 'function') return value;
      const original = value.bind(object) as Method;
      return (typeof key === 'string' && methods(key, original)) || original;
    },
  });
}

function tracedTransaction<T extends Transaction>(transaction: T): T {
  const phantom = transaction.options?.usePhantomQuery === true;
  return withMethods(transaction, (key, original) => {
    if (STATEMENTS.has(key)) return (query: { sql: string }) => sqlSpan(query.sql, () => original(query));
    if (phantom && (key === 'commit' || key === 'rollback')) return () => sqlSpan(key.toUpperCase(), () => original());
    return undefined;
  });
}

function tracedAdapter<A extends Queryable>(adapter: A): A {
  return withMethods(adapter, (key, original) => {
    if (STATEMENTS.has(key)) return (query: { sql: string }) => sqlSpan(query.sql, () => original(query));
    // Opening a transaction sends BEGIN (after waiting for a connection: the span shows that wait too).
    if (key === 'startTransaction') return async (...args: unknown[]) => tracedTransaction(await sqlSpan<Transaction>('BEGIN', () => original(...args)));
    return undefined;
  });
}

/** The adapter factory Prisma is given, with every adapter it connects traced. */
export function tracedAdapterFactory<F extends { connect(): Promise<Queryable> }>(factory: F): F {
  return withMethods(factory, (key, original) => (key === 'connect' ? async () => tracedAdapter(await original()) : undefined));
}
