import { type FieldNode, type FragmentDefinitionNode, Kind, parse } from 'graphql';
import { fieldsSelectedAt, selectedAt } from './selection';

/** The resolve info of the document's first root field (`programs` below), as graphql-js or graphql-jit gives it. */
function infoOf(document: string) {
  const ast = parse(document);
  const operation = ast.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(ast.definitions
    .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
    .map((d) => [d.name.value, d]));
  const root = operation.selectionSet.selections[0] as FieldNode;
  return { fieldNodes: [root], fragments };
}

const names = (document: string, path: string[]) => [...fieldsSelectedAt(infoOf(document), path)].sort();

describe('fieldsSelectedAt', () => {
  it.each([
    { label: 'plain fields', document: '{ programs { edges { node { id measures { id } } } } }', path: ['edges', 'node'], expected: ['id', 'measures'] },
    { label: 'the field itself', document: '{ programs { totalCount edges { cursor } } }', path: [], expected: ['edges', 'totalCount'] },
    { label: 'an inline fragment', document: '{ programs { edges { node { ... on Program { summary { measureCount } } } } } }', path: ['edges', 'node'], expected: ['summary'] },
    {
      label: 'a named fragment, at any step',
      document: '{ programs { ...P } } fragment P on ProgramConnection { edges { node { ...N } } } fragment N on Program { incentivePayments { id } name }',
      path: ['edges', 'node'], expected: ['incentivePayments', 'name'],
    },
    { label: 'aliases (the field, not the alias, counts)', document: '{ programs { e: edges { n: node { m: measures { id } } } } }', path: ['edges', 'node'], expected: ['measures'] },
    { label: 'the same step twice, merged', document: '{ programs { edges { node { id } } edges { node { summary { measureCount } } } } }', path: ['edges', 'node'], expected: ['id', 'summary'] },
    // Read-ahead may read more than needed, never less: a skipped field still counts.
    { label: '@skip not evaluated', document: '{ programs { edges { node { measures @skip(if: true) { id } } } } }', path: ['edges', 'node'], expected: ['measures'] },
    { label: 'a path not selected', document: '{ programs { totalCount } }', path: ['edges', 'node'], expected: [] },
    { label: 'a leaf on the path', document: '{ programs { totalCount } }', path: ['totalCount'], expected: [] },
  ])('$label', ({ document, path, expected }) => {
    expect(names(document, path)).toEqual(expected);
  });
});

describe('selectedAt', () => {
  it('gives each field selected at the path with every node it occurs in, to look further down', () => {
    const info = infoOf('{ programs { edges { node { a: measures { id } ...M measures { rate } } } } } fragment M on Program { measures { gapToBenchmark } }');
    const nodes = selectedAt(info, ['edges', 'node']).get('measures')!;
    expect(nodes).toHaveLength(3);
    expect([...fieldsSelectedAt({ fieldNodes: nodes, fragments: info.fragments }, [])].sort()).toEqual(['gapToBenchmark', 'id', 'rate']);
  });
});
