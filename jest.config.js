const vm = require('node:vm');

// jose 6 is ESM only. Node loads it from CommonJS (require(esm), Node 20.19+);
// Jest's module system does so only where vm modules evaluate synchronously
// (Node 24.9+, the same test Jest makes). Elsewhere its files are compiled to
// CommonJS like ours.
const jestRequiresEsm = typeof vm.SourceTextModule?.prototype.hasAsyncGraph === 'function';
const compileJose = {
  transform: {
    '/node_modules/jose/.+\\.js$': ['ts-jest', {
      tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022', isolatedModules: true, outDir: 'dist' },
    }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
};

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    ...(jestRequiresEsm ? {} : compileJose.transform),
  },
  ...(jestRequiresEsm ? {} : { transformIgnorePatterns: compileJose.transformIgnorePatterns }),
  setupFiles: ['reflect-metadata'],
  // Migrates once; each test file starts from a copy (test/helpers/migrated-image.ts).
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
  // PGlite boots in a few seconds; a file's whole suite shares one instance.
  testTimeout: 60000,
  maxWorkers: 2,
};
