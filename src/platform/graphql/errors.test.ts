import { isDatabaseUnavailable } from './errors';

/** Prisma's wrapping of a driver adapter error: the adapter's kind and PostgreSQL's code under meta. */
const prismaWrapped = (cause: { kind?: string; originalCode?: string }) =>
  Object.assign(new Error('driver adapter error'), { code: 'P2010', meta: { driverAdapterError: { cause } } });

/** The driver adapter's own error, unwrapped (@prisma/driver-adapter-utils' DriverAdapterError): its kind is its cause. */
const adapterError = (kind: string) => Object.assign(new Error(kind), { name: 'DriverAdapterError', cause: { kind } });

describe('isDatabaseUnavailable', () => {
  it.each([
    { label: 'a connection closed mid-transaction (the adapter\'s own error)', error: adapterError('ConnectionClosed'), expected: true },
    { label: 'a database not reachable (the adapter\'s own error)', error: adapterError('DatabaseNotReachable'), expected: true },
    { label: 'a closed connection, wrapped by Prisma', error: prismaWrapped({ kind: 'ConnectionClosed' }), expected: true },
    { label: 'an administrator shutdown (57P01), wrapped by Prisma', error: prismaWrapped({ kind: 'postgres', originalCode: '57P01' }), expected: true },
    { label: 'the statement timeout (57014)', error: prismaWrapped({ kind: 'postgres', originalCode: '57014' }), expected: true },
    { label: 'nothing listening (ECONNREFUSED)', error: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), expected: true },
    { label: 'pg\'s "Connection terminated"', error: new Error('Connection terminated unexpectedly'), expected: true },
    { label: 'a closed connection as the cause of another error', error: new Error('outer', { cause: adapterError('ConnectionClosed') }), expected: true },
    { label: 'a uniqueness violation (the adapter\'s own error)', error: adapterError('UniqueConstraintViolation'), expected: false },
    { label: 'a uniqueness violation, wrapped by Prisma', error: Object.assign(new Error('unique'), { code: 'P2002' }), expected: false },
    { label: 'a plain error', error: new Error('boom'), expected: false },
    { label: 'a cause whose kind is not a string', error: Object.assign(new Error('x'), { cause: { kind: 42 } }), expected: false },
    { label: 'nothing', error: undefined, expected: false },
  ])('$label: $expected', ({ error, expected }) => {
    expect(isDatabaseUnavailable(error)).toBe(expected);
  });
});
