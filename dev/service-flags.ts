import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/platform/config/project-root';

/**
 * The Node flags `npm start` runs the service with (package.json), so the
 * benchmarks measure the service as it runs in production. They size V8's
 * young generation: a dashboard answer allocates a few MB, and with the
 * default 16 MB semi-space most of a request's time in GC went to scavenges.
 */
export function serviceNodeFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(projectRoot(__dirname), 'package.json'), 'utf8')) as { scripts: { start: string } };
  return scripts.start.split(/\s+/).filter((word) => word.startsWith('--'));
}
