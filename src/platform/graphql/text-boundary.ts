import {
  BREAK, type DirectiveNode, type DocumentNode, type FieldNode, getNullableType, type GraphQLArgument, type GraphQLInputType, type GraphQLSchema,
  isInputObjectType, isListType, Kind, type OperationDefinitionNode, TypeInfo, type ValueNode, visit, visitWithTypeInfo,
} from 'graphql';
import { badTextReason, fieldPath, findBadText, isBadText, type TextPath } from '../../domain/text';

/**
 * The one text boundary of GraphQL (contract, Hostile input version 2: "Text is
 * text"): every string an operation's arguments hold, literal or through a
 * variable, at any depth of input objects and lists, is checked before any
 * resolver runs; one holding U+0000 or an unpaired surrogate is refused,
 * naming its argument path (`input.members.2.name`).
 *
 * A module may keep an argument or input field for itself when the contract
 * answers there otherwise (a roster CSV: row errors; a CL event: rejected and
 * recorded in the inbox): it names its schema coordinate,
 * `Mutation.importRosterCsv(csv:)` or `SomeInput.payload`, and checks that
 * text itself with domain/text.
 */
export type TextCheckedElsewhere = ReadonlySet<string>;

export interface BadArgumentText {
  /** The argument path, as `extensions.field` names it. */
  field: string;
  reason: string;
  /** The offending string, when the bad text is a value (not an object key). */
  text?: string;
}

interface VariableUsage { name: string; type: GraphQLInputType | undefined; path: TextPath; badDefault: BadArgumentText | null }

/** What a document says, once: bad literals, where each variable goes, and the variables only coordinates checked elsewhere take. */
interface Plan { literal: BadArgumentText | null; usages: VariableUsage[]; used: Set<string> }

const bad = (path: TextPath, text: string): BadArgumentText => ({ field: fieldPath(path), reason: badTextReason(text), text });

const valueAt = (value: unknown, path: TextPath): unknown =>
  path.reduce<unknown>((v, step) => (v as Record<string | number, unknown> | undefined)?.[step], value);

/** The first bad text of a JSON value where no type guides the walk (a custom scalar, an unknown field). */
function badInJson(value: unknown, prefix: TextPath): BadArgumentText | null {
  const found = findBadText(value);
  if (!found) return null;
  // A bad key is named by its object's path (findBadText adds the key's index).
  if (found.reason.startsWith('key ')) return { field: fieldPath([...prefix, ...found.path.slice(0, -1)]), reason: found.reason };
  const text = valueAt(value, found.path);
  return { field: fieldPath([...prefix, ...found.path]), reason: found.reason, ...(typeof text === 'string' ? { text } : {}) };
}

/** A variable's value as sent, walked with its expected type so that coordinates checked elsewhere are skipped. */
function badInValue(value: unknown, type: GraphQLInputType | undefined, path: TextPath, elsewhere: TextCheckedElsewhere): BadArgumentText | null {
  const nullable = type && getNullableType(type);
  if (nullable && isListType(nullable)) {
    const items = Array.isArray(value) ? value : [value]; // a single value stands for a list of one
    for (let i = 0; i < items.length; i++) {
      const found = badInValue(items[i], nullable.ofType, Array.isArray(value) ? [...path, i] : path, elsewhere);
      if (found) return found;
    }
    return null;
  }
  if (nullable && isInputObjectType(nullable) && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const fields = nullable.getFields();
    for (const [key, item] of Object.entries(value)) {
      if (isBadText(key)) return { field: fieldPath(path), reason: `key ${badTextReason(key).replace('must not contain', 'contains')}` };
      if (elsewhere.has(`${nullable.name}.${key}`)) continue;
      const found = badInValue(item, fields[key]?.type, [...path, key], elsewhere);
      if (found) return found;
    }
    return null;
  }
  return badInJson(value, path);
}

/** The variables a literal holds (those under a coordinate checked elsewhere are still used: not "unused"). */
function variablesIn(node: ValueNode, into: Set<string>) {
  visit(node, { Variable: (v) => void into.add(v.name.value) });
}

class Planner {
  readonly plan: Plan = { literal: null, usages: [], used: new Set() };

  constructor(private readonly elsewhere: TextCheckedElsewhere, private readonly defaults: ReadonlyMap<string, ValueNode>) {}

  /** Walks an argument's literal; records each variable with the type and path it takes there. */
  literal(node: ValueNode, type: GraphQLInputType | undefined, path: TextPath): BadArgumentText | null {
    const nullable = type && getNullableType(type);
    switch (node.kind) {
      case Kind.VARIABLE: {
        const { value: name } = node.name;
        this.plan.used.add(name);
        const fallback = this.defaults.get(name);
        this.plan.usages.push({ name, type, path, badDefault: fallback ? this.literal(fallback, type, path) : null });
        return null;
      }
      case Kind.STRING:
        return isBadText(node.value) ? bad(path, node.value) : null;
      case Kind.LIST: {
        const itemType = nullable && isListType(nullable) ? nullable.ofType : undefined;
        for (let i = 0; i < node.values.length; i++) {
          const found = this.literal(node.values[i], itemType, [...path, i]);
          if (found) return found;
        }
        return null;
      }
      case Kind.OBJECT: {
        const inputType = nullable && isInputObjectType(nullable) ? nullable : undefined;
        for (const field of node.fields) {
          const name = field.name.value;
          if (inputType && this.elsewhere.has(`${inputType.name}.${name}`)) {
            variablesIn(field.value, this.plan.used);
            continue;
          }
          const found = this.literal(field.value, inputType?.getFields()[name]?.type, [...path, name]);
          if (found) return found;
        }
        return null;
      }
      default:
        return null;
    }
  }

  arguments(node: FieldNode | DirectiveNode, coordinate: string, definitions: readonly GraphQLArgument[] | undefined) {
    for (const argument of node.arguments ?? []) {
      const name = argument.name.value;
      if (this.elsewhere.has(`${coordinate}(${name}:)`)) {
        variablesIn(argument.value, this.plan.used);
        continue;
      }
      const found = this.literal(argument.value, definitions?.find((d) => d.name === name)?.type, [name]);
      if (found && !this.plan.literal) this.plan.literal = found;
    }
  }
}

function planOf(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, elsewhere: TextCheckedElsewhere): Plan {
  const defaults = new Map<string, ValueNode>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults.set(definition.variable.name.value, definition.defaultValue);
  }
  const planner = new Planner(elsewhere, defaults);
  const typeInfo = new TypeInfo(schema);
  const visitor = visitWithTypeInfo(typeInfo, {
    Field(node) {
      planner.arguments(node, `${typeInfo.getParentType()?.name}.${node.name.value}`, typeInfo.getFieldDef()?.args);
      return planner.plan.literal ? BREAK : undefined;
    },
    Directive(node) {
      planner.arguments(node, `@${node.name.value}`, typeInfo.getDirective()?.args);
      return planner.plan.literal ? BREAK : undefined;
    },
  });
  for (const definition of [operation, ...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)]) {
    if (!planner.plan.literal) visit(definition, visitor);
  }
  return planner.plan;
}

/** Per document and operation (Apollo keeps one parsed document per query text): the walk of the document is done once. */
const plans = new WeakMap<DocumentNode, Map<string, Plan>>();

/**
 * The first string of the operation's arguments (literals, variables, defaults)
 * or of its other variables that is not text, or null. Argument types are the
 * same in every permission variant of the schema, so any of them will do.
 */
export function findBadArgumentText(
  schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Readonly<Record<string, unknown>>,
  elsewhere: TextCheckedElsewhere,
): BadArgumentText | null {
  let byOperation = plans.get(document);
  if (!byOperation) plans.set(document, (byOperation = new Map()));
  const key = `${operation.name?.value ?? ''}\u0000${[...elsewhere].join(',')}`;
  let plan = byOperation.get(key);
  if (!plan) byOperation.set(key, (plan = planOf(schema, document, operation, elsewhere)));
  if (plan.literal) return plan.literal;
  for (const usage of plan.usages) {
    const given = Object.prototype.hasOwnProperty.call(variables, usage.name);
    const found = given ? badInValue(variables[usage.name], usage.type, usage.path, elsewhere) : usage.badDefault;
    if (found) return found;
  }
  // Variables no argument takes reach no resolver, but are input all the same.
  const rest = Object.fromEntries(Object.entries(variables).filter(([name]) => !plan.used.has(name)));
  const found = badInJson(rest, []);
  return found && { ...found, field: found.field || 'variables' }; // a variable's own name is bad text
}
