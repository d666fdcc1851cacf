import { withDecimalText, writeFhirJson } from './fhir-decimal-json';

const money = (text: string) => withDecimalText({ value: 0, currency: 'USD' }, { value: text });

describe('writeFhirJson', () => {
  it.each([
    ['1000.40', '{"value":1000.40,"currency":"USD"}'],
    ['0.10', '{"value":0.10,"currency":"USD"}'],
    ['500.00', '{"value":500.00,"currency":"USD"}'],
    ['0.00', '{"value":0.00,"currency":"USD"}'],
    ['-12.50', '{"value":-12.50,"currency":"USD"}'],
    ['999999999999.99', '{"value":999999999999.99,"currency":"USD"}'],
    ['33.3', '{"value":33.3,"currency":"USD"}'],
  ])('writes Money %s from its decimal text', (text, json) => {
    expect(writeFhirJson(money(text))).toBe(json);
  });

  it('keeps the text anywhere in a document, and the number everywhere else', () => {
    const document = { resourceType: 'Bundle', entry: [{ resource: { group: [{ measureScore: { extension: [{ valueMoney: money('1000.40') }] } }] } }] };
    expect(writeFhirJson(document)).toBe(
      '{"resourceType":"Bundle","entry":[{"resource":{"group":[{"measureScore":{"extension":[{"valueMoney":{"value":1000.40,"currency":"USD"}}]}}]}}]}');
    expect(JSON.parse(writeFhirJson(document))).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('is the same number to everything else: a plain 1000.4 for JSON.stringify, spread copies and toEqual', () => {
    const tagged = money('1000.40');
    expect(JSON.stringify(tagged)).toBe('{"value":1000.4,"currency":"USD"}');
    expect(tagged).toEqual({ value: 1000.4, currency: 'USD' });
    expect(Object.keys(tagged)).toEqual(['value', 'currency']);
    expect(writeFhirJson({ ...tagged })).toBe('{"value":1000.4,"currency":"USD"}'); // a copy is a plain object
  });

  it('writes a value changed after tagging as the number it now is, never the stale text', () => {
    const tagged = money('1000.40');
    tagged.value = 7.5;
    expect(writeFhirJson(tagged)).toBe('{"value":7.5,"currency":"USD"}');
    (tagged as Record<string, unknown>).value = '1000.40';
    expect(writeFhirJson(tagged)).toBe('{"value":"1000.40","currency":"USD"}');
  });

  it.each([
    ['null', null], ['a string with quotes and U+2028', 'a "b"\u2028'], ['a number', 0.1 + 0.2], ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY], ['-0', -0], ['true', true], ['an empty object', {}], ['an empty array', []],
    ['undefined members and array items', { a: undefined, b: [undefined, () => 1, Symbol('s')], c: () => 1 }],
    ['a Date', { at: new Date('2026-01-15T08:00:00.000Z') }], ['an object with toJSON', { toJSON: () => ({ x: 1 }) }],
    ['nested arrays', [[1, [2, [3]]], { k: [{}] }]], ['unicode keys', { 'ü"\\': 1 }],
  ])('writes %s exactly as JSON.stringify does', (_what, value) => {
    expect(writeFhirJson(value)).toBe(JSON.stringify(value) ?? 'null');
  });

  it.each(['1000.4.0', '01.5', '+1', '.5', '1.', '', ' 1', 'NaN', 'Infinity', '1e999'])('refuses %j as a decimal text', (text) => {
    expect(() => money(text)).toThrow(TypeError);
  });
});
