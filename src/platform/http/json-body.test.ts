import { jsonBody } from './json-body';

/** A class instance: JSON.stringify writes its own enumerable fields. */
class Point { constructor(public x: number, public y = undefined) {} }

const deep = (n: number): unknown => (n === 0 ? { leaf: 'é ✓ "q" \\ \n' } : { [`k${n}`]: [deep(n - 1), n] });

describe('jsonBody gives the bytes of JSON.stringify', () => {
  it.each<[string, unknown]>([
    ['an answer', { data: { programs: { totalCount: 2, edges: [{ node: { id: 'a', rate: 0.75, archived: false, notes: null } }] } } }],
    ['errors and extensions', { errors: [{ message: 'm', path: ['a', 0], extensions: { code: 'X' } }], data: null }],
    ['undefined, functions and symbols in objects (left out) and arrays (null)', { a: undefined, b: () => 1, c: Symbol('s'), d: [undefined, () => 1, Symbol('t'), 1] }],
    ['toJSON at any depth (a Date, an object of its own)', { when: new Date(0), nested: { x: { toJSON: () => 'custom' }, y: { toJSON: () => undefined } } }],
    ['an array with a toJSON of its own', { list: Object.assign([1, 2], { toJSON: () => 'whole' }) }],
    ['a null-prototype object (graphql-js answers)', { data: Object.assign(Object.create(null), { a: 1, b: [Object.assign(Object.create(null), { c: 'd' })] }) }],
    ['class instances and boxed primitives', { p: new Point(1), s: new String('boxed'), n: new Number(2), b: new Boolean(false) }],
    ['non-ASCII, escapes, lone surrogates', { s: 'Ärzte "x" \\ y\n\t\u0000 ✓ 😀 \ud800', [`ké\ny`]: 1 }],
    ['numbers JSON has no words for', { n: [NaN, Infinity, -0, 1e21, 5e-324] }],
    ['deeper than its pieces', deep(12)],
    ['empty ones', { a: {}, b: [], c: [[]], d: '' }],
    ['a top-level array', [1, 'two', { three: 3 }]],
  ])('%s', (_what, value) => {
    expect(jsonBody(value).toString('utf8')).toBe(JSON.stringify(value));
  });

  it('a large answer, made of many subtrees', () => {
    const answer = { data: { programs: { edges: Array.from({ length: 500 }, (_, i) => ({ node: { id: `p${i}`, measures: Array.from({ length: 20 }, (__, m) => ({ m, s: 'x'.repeat(m) })) } })) } } };
    const json = JSON.stringify(answer);
    expect(json.length).toBeGreaterThan(200_000);
    expect(jsonBody(answer).equals(Buffer.from(json))).toBe(true);
  });
});
