import Decimal from 'decimal.js';
import { z } from 'zod';
import { badInput } from './errors';

/** Characters as PostgreSQL's char_length counts them (code points, not UTF-16 units). */
const length = (s: string) => [...s].length;

/** PostgreSQL text cannot hold U+0000; refuse it as bad input instead of failing in the database. */
export const hasNul = (s: string) => s.includes('\u0000');

/** Required text: trimmed, non-empty, at most `max` characters. */
export const requiredText = (max: number) => z.string({ error: 'must be a string and not null' })
  .trim()
  .min(1, 'must not be empty')
  .refine((s) => length(s) <= max, `must be at most ${max} characters`)
  .refine((s) => !hasNul(s), 'must not contain NUL characters');

/** Optional text: trimmed; empty or explicit null clears it (null). */
export const optionalText = (max: number) => z.string().trim()
  .refine((s) => length(s) <= max, `must be at most ${max} characters`)
  .refine((s) => !hasNul(s), 'must not contain NUL characters')
  .transform((s) => (s === '' ? null : s))
  .nullable();

/** An amount >= 0, as the exact 2-dp string Prisma stores (no float on the way in). */
export const nonNegativeMoney = z.instanceof(Decimal, { error: 'must be a Decimal and not null' })
  .refine((d) => d.gte(0), 'must not be negative')
  .transform((d) => d.toFixed(2));

export const INT_MAX = 2_147_483_647;

/**
 * Validates `value` against a zod schema; the first issue becomes BAD_USER_INPUT
 * with `extensions.field` = `prefix.path` (e.g. `input.name`).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, prefix = 'input'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  throw badInput(field, `${field} ${issue.message}`);
}
