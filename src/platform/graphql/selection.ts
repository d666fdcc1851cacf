import { type FragmentDefinitionNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';

/**
 * The names of the fields a client selected `path` below the current field,
 * e.g. `['edges', 'node']` under `programs`: what a resolver may read ahead in
 * the same transaction. Fragments are followed; @skip and @include are not
 * evaluated, so the answer may name a field that will be skipped (a read-ahead
 * may read more than needed, never less).
 */
export function fieldsSelectedAt(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: readonly string[]): Set<string> {
  let sets = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const step of path) {
    sets = sets.flatMap((set) => fieldsOf(set, info.fragments).filter((f) => f.name.value === step && f.selectionSet).map((f) => f.selectionSet!));
  }
  return new Set(sets.flatMap((set) => fieldsOf(set, info.fragments).map((f) => f.name.value)));
}

function fieldsOf(set: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>) {
  return set.selections.flatMap((selection): Extract<SelectionSetNode['selections'][number], { kind: Kind.FIELD }>[] => {
    if (selection.kind === Kind.FIELD) return [selection];
    const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments[selection.name.value]?.selectionSet;
    return inner ? fieldsOf(inner, fragments) : [];
  });
}
