import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/platform/config/project-root';

/**
 * The Node flags `npm start` runs the service with (package.json), so the
 * benchmarks measure the service as it runs in production. They size V8's
 * heap for requests that allocate a few MB each and keep none of it:
 * - two 16 MB semi-spaces of young generation, said outright because V8's
 *   default moves between Node versions (four times that saved little CPU once
 *   a dashboard allocated less, and cost much resident memory);
 * - an old generation that grows by half before its next full collection,
 *   where V8 lets it grow up to four times on a machine with memory to spare:
 *   under load, what a scavenge promotes of the requests in flight is garbage
 *   soon after, and left to pile up it held most of the resident memory. The
 *   heap has no cap: a bulk import still gets what it needs;
 * - WebAssembly (PGlite's PostgreSQL, Prisma's query compiler) compiled once
 *   by the optimizing compiler, where V8 first compiles a quick baseline and
 *   then keeps both: the baseline held about 100 MB of resident memory on the
 *   embedded database, and skipping it costs only a longer start.
 */
export function serviceNodeFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(projectRoot(__dirname), 'package.json'), 'utf8')) as { scripts: { start: string } };
  return scripts.start.split(/\s+/).filter((word) => word.startsWith('--'));
}
