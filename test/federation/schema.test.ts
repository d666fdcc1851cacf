import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { buildAppSchema } from '../../src/app/schema';

const root = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

it('schema.graphql is the schema the code emits (npm run schema:emit)', async () => {
  const { sdl } = await buildAppSchema();
  expect(read('schema.graphql')).toBe(sdl);
});

const contractDiff = join(root, '..', 'shared', 'tools', 'contract-diff.mjs');

// CI runs with ../shared beside the project; without it this fails, as it should.
it('schema.graphql has everything of the public contract (contract-diff reports nothing)', () => {
  const out = execFileSync(process.execPath, [contractDiff, 'schema.graphql'], { cwd: root, encoding: 'utf8' });
  expect(out.trim()).toBe('contract-diff: schema matches the contract');
});

it('composes with the CL and FA subgraphs into a supergraph', () => {
  const result = composeServices([
    { name: 'pm', url: 'http://localhost:4001/graphql', typeDefs: parse(read('schema.graphql')) },
    { name: 'cl', url: 'http://localhost:4002/graphql', typeDefs: parse(read('dev/subgraphs/cl/schema.graphql')) },
    { name: 'fa', url: 'http://localhost:4003/graphql', typeDefs: parse(read('dev/subgraphs/fa/schema.graphql')) },
  ]);
  expect(result.errors?.map((e) => e.message) ?? []).toEqual([]);
  expect(result.supergraphSdl).toContain('type Program');
});
