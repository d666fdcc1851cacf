/*
 * Lets a child `node` process run the TypeScript sources as they are, the way
 * jest's ts-jest does (isolatedModules, decorator metadata), so a test that
 * starts the real service as a process never runs a stale dist/ build.
 * Usage: node -r ./test/helpers/ts-register.js src/main.ts
 * Each file's output is cached by the hash of its text (node_modules/.cache),
 * so the many service processes of a suite transpile each file once.
 */
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const CACHE = join(__dirname, '..', '..', 'node_modules', '.cache', 'pm-vbp-ts-register');
let ts;
let compilerOptions;
let optionsKey;

function transpile(source, filename) {
  if (!ts) {
    ts = require('typescript');
    compilerOptions = {
      ...ts.convertCompilerOptionsFromJson(require('../../tsconfig.json').compilerOptions, process.cwd()).options,
      sourceMap: false,
      inlineSourceMap: true,
    };
  }
  return ts.transpileModule(source, { compilerOptions, fileName: filename }).outputText;
}

require.extensions['.ts'] = (module, filename) => {
  const source = readFileSync(filename, 'utf8');
  optionsKey ??= `${require('typescript/package.json').version}\0${readFileSync(join(__dirname, '..', '..', 'tsconfig.json'), 'utf8')}`;
  const key = createHash('sha256').update(optionsKey).update('\0').update(filename).update('\0').update(source).digest('hex');
  const cached = join(CACHE, `${key}.js`);
  let output;
  try {
    output = readFileSync(cached, 'utf8');
  } catch {
    output = transpile(source, filename);
    mkdirSync(CACHE, { recursive: true });
    const partial = `${cached}.${process.pid}`;
    writeFileSync(partial, output);
    renameSync(partial, cached); // whole or not at all, whichever process writes it
  }
  module._compile(output, filename);
};
