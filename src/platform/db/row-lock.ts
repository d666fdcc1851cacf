import { Prisma } from '../../generated/prisma/client';

export type LockMode = 'UPDATE' | 'SHARE';

/** `FOR UPDATE` to change a parent row, `FOR SHARE` to write under it; a constant, never caller text. */
export const lockClause = (mode: LockMode) => Prisma.raw(mode === 'UPDATE' ? 'FOR UPDATE' : 'FOR SHARE');
