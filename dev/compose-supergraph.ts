import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { projectRoot } from '../src/platform/config/project-root';

/**
 * npm run supergraph: composes PM's schema.graphql with the reference CL and FA
 * subgraphs into supergraph.graphql, the static supergraph of `npm run
 * dev:gateway` and of the Apollo Router (router.yaml). The files are read at
 * every run, so the supergraph follows schema.graphql; a test keeps the
 * committed file equal to what this produces. supergraph.yaml says the same
 * for rover.
 */
export type SubgraphName = 'pm' | 'cl' | 'fa';
export type SubgraphUrls = Record<SubgraphName, string>;

/** The routing URLs of the committed supergraph: `npm start`, then `npm run dev:subgraphs`. */
export const DEFAULT_SUBGRAPH_URLS: Readonly<SubgraphUrls> = {
  pm: 'http://localhost:4001/graphql',
  cl: 'http://localhost:4002/graphql',
  fa: 'http://localhost:4003/graphql',
};

/** Each subgraph's SDL, relative to the project root. */
export const SUBGRAPH_SCHEMA_FILES: Readonly<Record<SubgraphName, string>> = {
  pm: 'schema.graphql',
  cl: 'dev/subgraphs/cl/schema.graphql',
  fa: 'dev/subgraphs/fa/schema.graphql',
};

export const SUPERGRAPH_FILE = 'supergraph.graphql';

export class CompositionError extends Error {}

const parseFile = (path: string) => {
  try {
    return parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CompositionError(`${path}: ${(error as Error).message}`);
  }
};

/** The supergraph SDL for these routing URLs; throws with every composition error. */
export function composeSupergraph(urls: Partial<SubgraphUrls> = {}): string {
  const root = projectRoot();
  const routing = { ...DEFAULT_SUBGRAPH_URLS, ...urls };
  const names = Object.keys(SUBGRAPH_SCHEMA_FILES) as SubgraphName[];
  const result = composeServices(names.map((name) => ({
    name,
    url: routing[name],
    typeDefs: parseFile(join(root, SUBGRAPH_SCHEMA_FILES[name])),
  })));
  if (result.errors) {
    throw new CompositionError(`Composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl.endsWith('\n') ? result.supergraphSdl : `${result.supergraphSdl}\n`;
}

if (require.main === module) {
  try {
    writeFileSync(join(projectRoot(), SUPERGRAPH_FILE), composeSupergraph());
    process.stdout.write(`${SUPERGRAPH_FILE} written\n`);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}
