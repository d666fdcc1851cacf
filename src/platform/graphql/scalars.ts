import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { type CalendarDate, calendarDateOf, parseCalendarDate } from '../../domain/calendar-date';
import { formatMoney, type Money, parseMoney } from '../../domain/money';

const invalid = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

const literalValue = (ast: ValueNode): unknown => {
  if (ast.kind === Kind.STRING) return ast.value;
  if (ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return Number(ast.value);
  return undefined;
};

function parseDecimal(value: unknown): Money {
  const money = parseMoney(value);
  if (!money) throw invalid('Decimal must be a finite number with at most 2 decimals and an absolute value below 10^12');
  return money;
}

export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'Money as an exact decimal string with 2 decimal places, e.g. "1250.00".',
  serialize: (value) => formatMoney(value as Money),
  parseValue: parseDecimal,
  // A float literal is read from its source text, never through a binary double.
  parseLiteral: (ast) => parseDecimal(ast.kind === Kind.FLOAT || ast.kind === Kind.INT ? ast.value : literalValue(ast)),
});

function parseDate(value: unknown): CalendarDate {
  const date = parseCalendarDate(value);
  if (!date) throw invalid('Date must be a real calendar date written YYYY-MM-DD');
  return date;
}

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD.',
  serialize: (value) => (value instanceof Date ? calendarDateOf(value) : parseDate(value)),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(literalValue(ast)),
});

function parseDateTime(value: unknown): Date {
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)
    ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) throw invalid('DateTime must be an ISO 8601 instant with an offset');
  return date;
}

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An instant, ISO 8601.',
  serialize: (value) => (value instanceof Date ? value : parseDateTime(value)).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(literalValue(ast)),
});

/** graphql-scalars' JSONObject (objects only, never arrays or primitives), with the contract's description. */
export const JSONObjectScalar = new GraphQLScalarType({
  ...GraphQLJSONObject.toConfig(),
  name: 'JSONObject',
  description: 'A JSON object; here a FHIR R4 resource.',
});
