/*
 * Lets a child `node` process run the TypeScript sources as they are, the way
 * jest's ts-jest does (isolatedModules, decorator metadata), so a test that
 * starts the real service as a process never runs a stale dist/ build.
 * Usage: node -r ./test/helpers/ts-register.js src/main.ts
 */
const { readFileSync } = require('node:fs');
const ts = require('typescript');

const compilerOptions = {
  ...ts.convertCompilerOptionsFromJson(require('../../tsconfig.json').compilerOptions, process.cwd()).options,
  sourceMap: false,
  inlineSourceMap: true,
};

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
