import { type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';

/** The part of a resolve info the functions below read: a field's nodes and the document's fragments. */
export type Selection = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>;

/**
 * The fields a client selected `path` below the current field, by name (not
 * alias), each with its nodes (one per occurrence: aliases, fragments), so a
 * caller may look further down one of them (`{ fieldNodes, fragments }`).
 * Fragments are followed; @skip and @include are not evaluated, so the answer
 * may name a field that will be skipped (a read-ahead may read more than
 * needed, never less).
 */
export function selectedAt(info: Selection, path: readonly string[]): Map<string, FieldNode[]> {
  let sets = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const step of path) {
    sets = sets.flatMap((set) => fieldsOf(set, info.fragments).filter((f) => f.name.value === step && f.selectionSet).map((f) => f.selectionSet!));
  }
  const byName = new Map<string, FieldNode[]>();
  for (const field of sets.flatMap((set) => fieldsOf(set, info.fragments))) {
    const nodes = byName.get(field.name.value);
    if (nodes) nodes.push(field);
    else byName.set(field.name.value, [field]);
  }
  return byName;
}

/**
 * The names of the fields a client selected `path` below the current field,
 * e.g. `['edges', 'node']` under `programs`: what a resolver may read ahead in
 * the same transaction (as selectedAt).
 */
export function fieldsSelectedAt(info: Selection, path: readonly string[]): Set<string> {
  return new Set(selectedAt(info, path).keys());
}

function fieldsOf(set: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>): FieldNode[] {
  return set.selections.flatMap((selection): FieldNode[] => {
    if (selection.kind === Kind.FIELD) return [selection];
    const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments[selection.name.value]?.selectionSet;
    return inner ? fieldsOf(inner, fragments) : [];
  });
}
