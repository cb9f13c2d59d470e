import { cdk8s, javascript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-dbaas',
  description: 'Typed, engine-neutral database fleets for cdk8s: Percona, CloudNativePG and OpenEverest custom resources checked at synthesis time.',
  author: 'cdk8s-dbaas founders',
  authorAddress: 'founders@cdk8s-dbaas.dev',
  repositoryUrl: 'https://example.invalid/cdk8s-dbaas.git',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  cdk8sVersion: '2.70.106',
  constructsVersion: '10.4.2',
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.0',
  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  // Bundled so that the jsii package stays self-contained.
  bundledDeps: ['yaml@^2.8.0'],
  devDeps: [
    '@marcbachmann/cel-js@^8.0.0',
    '@types/node@^20',
    'cdk8s-cli@^2.207.0',
    'esbuild@^0.28.0',
    'fast-check@^4.3.0',
  ],

  release: false,
  github: false,
  // Only the JS package can be built on these machines; keep the API jsii-compatible for later targets.
  publishToPypi: undefined,
  publishToMaven: undefined,
  publishToNuget: undefined,
  publishToGo: undefined,

  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    // The summary line of .ci/run is read from this file.
    extraCliOptions: ['--json', '--outputFile=test-reports/jest-results.json'],
    jestConfig: {
      // The example blueprint package's own tests run in the suite, with `cdk8s-dbaas` resolved to these sources.
      testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/examples/blueprint-package/test/**/*.test.ts'],
      moduleNameMapper: { '^cdk8s-dbaas$': '<rootDir>/src' },
      setupFilesAfterEnv: ['<rootDir>/test/support/setup.ts'],
      testTimeout: 60_000,
      collectCoverage: false,
    },
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'scripts', 'examples', 'bench', 'projenrc', '.projenrc.ts'],
    ignorePatterns: ['src/imports/', 'lib/', 'dist/', 'node_modules/', '*.d.ts', '*.js'],
  },
  // What users install is what runs: no inline source maps (most of the package was maps of the generated CRD classes).
  tsconfig: { compilerOptions: { inlineSourceMap: false, inlineSources: false } },
  // ts-jest transpiles each file on its own (isolatedModules) instead of type-checking the ~220k lines of generated
  // CRD classes on every run; jsii type-checks everything at compile time.
  tsconfigDev: {
    include: ['../examples/**/*.ts', '../bench/**/*.ts'],
    compilerOptions: { isolatedModules: true, paths: { 'cdk8s-dbaas': ['../src'] } },
  },
  // The launcher runs lib/ when compiled and the sources otherwise, so `npx cdk8s-dbaas diff` works in a fresh
  // clone (npx runs the current project's own bin).
  bin: { 'cdk8s-dbaas': 'bin/cdk8s-dbaas.js' },
  autoDetectBin: false,
});

for (const p of ['/examples/', '/bench/', '/scripts/', '/.ci/', '/imports/', '/test-reports/']) project.addPackageIgnore(p);
// Type declarations of internal modules that no public declaration reaches: users' editors never read them, and those
// of the generated CRD classes were half the package.
for (const p of ['/lib/imports/**/*.d.ts', '/lib/operators/**/*.d.ts']) project.addPackageIgnore(p);

// Generated at build time (offline): the typed CRD classes, the reconciler bundle and the validator's assets.
project.gitignore.exclude('/src/imports/', '/assets/reconciler/', '/assets/validation/', '/test/.readme-*');

// The example blueprint package imports `cdk8s-dbaas` as its users do; here that name maps to src/ (test/tsconfig.json).
project.eslint?.addOverride({
  files: ['examples/blueprint-package/**/*.ts'],
  rules: { 'import/no-unresolved': ['error', { ignore: ['^cdk8s-dbaas$'] }] },
});

// `npm ci` cannot resolve this registry's optional non-Linux binaries.
project.tasks.tryFind('install:ci')?.reset('npm install');

const env = { JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' };
for (const name of ['compile', 'watch', 'docgen', 'package:js', 'default']) {
  for (const [k, v] of Object.entries(env)) project.tasks.tryFind(name)?.env(k, v);
}

// Typed classes for the vendored CRDs (imports/) are generated offline into src/imports/.
const importTask = project.addTask('import', {
  description: 'Generate typed classes for the vendored operator CRDs (offline; skips when up to date)',
  exec: 'node scripts/import-crds.js',
});
// The status reconciler ships as one self-contained JS file inside the library (see src/reconciler/).
const bundleTask = project.addTask('bundle:reconciler', {
  description: 'Bundle the in-cluster status reconciler into one file',
  exec: 'node scripts/bundle-reconciler.js',
});
// The manifest validator (src/validation/) reads compact schemas of the vendored CRDs and a bundled CEL evaluator.
const validationTask = project.addTask('build:validation', {
  description: 'Write the compact schemas and the CEL evaluator that the manifest validator reads (offline)',
  exec: 'node scripts/build-validation.js',
});
project.preCompileTask.spawn(importTask);
project.preCompileTask.spawn(bundleTask);
project.preCompileTask.spawn(validationTask);

project.addTask('example', {
  description: 'Synthesize the example fleet into dist/*.k8s.yaml and list every object',
  steps: [{ spawn: importTask.name }, { spawn: bundleTask.name }, { exec: 'ts-node --transpile-only -P test/tsconfig.json examples/main.ts' }],
});
project.addTask('bench', {
  description: 'Measure the installed package, synthesis speed and the reconciler; prints a table and a JSON summary',
  // The package is measured as `npm pack` makes it: compiled first.
  steps: [{ spawn: 'compile' }, { exec: 'node --expose-gc -r ts-node/register/transpile-only bench/main.ts' }],
  env: { TS_NODE_PROJECT: 'test/tsconfig.json' },
});
project.addTask('fuzz', {
  description: 'Run 10,000 property-based cases over every public construct and print the counts',
  steps: [{ spawn: importTask.name }, { spawn: bundleTask.name }, { spawn: validationTask.name }, { exec: 'ts-node --transpile-only -P test/tsconfig.json bench/fuzz.ts' }],
});
// The jest test files import src/ directly, so the generated sources must exist first.
project.testTask.prependSpawn(validationTask);
project.testTask.prependSpawn(bundleTask);
project.testTask.prependSpawn(importTask);

project.synth();
