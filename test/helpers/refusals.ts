import { codes, type GraphQLResponse } from './server';

/** A refused operation: no data, exactly one error with this code and, when given, this `extensions.field`. */
export function expectRefused(res: GraphQLResponse, code: string, field?: string) {
  expect(res.data ?? null).toBeNull();
  expect(codes(res)).toEqual([code]);
  if (field) expect(res.errors![0].extensions!.field).toBe(field);
}

/** The data under `key` of a response that must have no error. */
export function ok(res: GraphQLResponse, key: string) {
  expect(res.errors).toBeUndefined();
  return res.data[key];
}
