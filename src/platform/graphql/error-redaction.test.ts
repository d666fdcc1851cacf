import { describeVariableError, redactLiterals } from './error-redaction';

describe('describeVariableError', () => {
  it.each([
    [
      'Variable "$input" got invalid value { memberIdExternal: "SECRET-1234", effectiveDate: "2025-01-01" }; Field "eventType" of required type "RosterEventType!" was not provided.',
      'Variable "$input" has an invalid value at "input": Field "eventType" of required type "RosterEventType!" was not provided.', 'input.eventType',
    ],
    [
      'Variable "$input" got invalid value { memberIdExternal: "SECRET-1234", bogus: 1 }; Field "bogus" is not defined by type "RosterEventInput". Did you mean "source"?',
      'Variable "$input" has an invalid value at "input": Field "bogus" is not defined by type "RosterEventInput".', 'input.bogus',
    ],
    [
      'Variable "$input" got invalid value 987654321 at "input.memberIdExternal"; String cannot represent a non string value: 987654321',
      'Variable "$input" has an invalid value at "input.memberIdExternal": String cannot represent this value.', 'input.memberIdExternal',
    ],
    [
      'Variable "$input" got invalid value "2025-02-30" at "input.periodStart"; Date must be a real calendar date written YYYY-MM-DD',
      'Variable "$input" has an invalid value at "input.periodStart": Date must be a real calendar date written YYYY-MM-DD', 'input.periodStart',
    ],
    [
      'Variable "$input" got invalid value "SECRET" at "input.eventType"; Value "SECRET" does not exist in "RosterEventType" enum.',
      'Variable "$input" has an invalid value at "input.eventType": The value does not exist in "RosterEventType" enum.', 'input.eventType',
    ],
    [
      'Variable "$first" got invalid value "x; y"; Int cannot represent non-integer value: "x; y"',
      'Variable "$first" has an invalid value at "first": Int cannot represent this value.', 'first',
    ],
    [
      'Variable "$input" got invalid value null at "input.name"; Expected non-nullable type "String!" not to be null.',
      'Variable "$input" has an invalid value at "input.name": Expected non-nullable type "String!" not to be null.', 'input.name',
    ],
    [
      'Variable "$input" got invalid value { a: " at \\"input.x\\"; " } at "input.items[0].a"; something new: SECRET',
      'Variable "$input" has an invalid value at "input.items[0].a": The value is not valid.', 'input.items[0].a',
    ],
  ])('%s', (raw, message, field) => {
    expect(describeVariableError(raw)).toEqual({ message, field });
  });

  it('leaves other messages alone', () => expect(describeVariableError('input.name must not be empty')).toBeNull());
});

it.each([
  ['String cannot represent a non string value: 987654321', 'String cannot represent a non string value.'],
  ['Expected value of type "RosterEventType!", found "SECRET-1234"; Did you mean the enum value "ENROLL"?', 'Expected value of type "RosterEventType!".; Did you mean the enum value "ENROLL"?'],
  ['Syntax Error: Expected Name, found String "SECRET".', 'Syntax Error: Expected Name.'],
  ['Cannot query field "x" on type "Query".', 'Cannot query field "x" on type "Query".'],
])('redactLiterals(%p)', (raw, redacted) => expect(redactLiterals(raw)).toBe(redacted));
