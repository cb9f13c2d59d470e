/**
 * The README runs: every TypeScript block in it is type-checked against the sources and executed, and every app it
 * builds is synthesized and validated like any test's output. A block without imports continues the tour: it gets
 * the tour's imports and a `chart` (namespace `shop`) in front of it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as cdk8s from 'cdk8s';
import * as ts from 'typescript';
import { synthValid } from './support/schema';

const ROOT = path.join(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** What a block without imports may use, as the tour's first block imports it. */
const PRELUDE = [
  'import { App, Chart, Duration, Size, Testing } from \'cdk8s\';',
  'import { Cpu, Deployment } from \'cdk8s-plus-28\';',
  'import * as dbaas from \'cdk8s-dbaas\';',
  `import { ${publicNames().join(', ')} } from 'cdk8s-dbaas';`,
  'const chart = new Chart(new App(), \'fleet\', { namespace: \'shop\' });',
  'void dbaas; void Duration; void Testing; void Cpu; void Deployment; void Size; void chart;',
].join('\n');

/** The package's exported names, so that a tour fragment may use any of them. */
function publicNames(): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return Object.keys(require('../src')).sort();
}

function blocks(): string[] {
  return [...README.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

function programOf(block: string): string {
  return /^import /m.test(block) ? block : `${PRELUDE}\n${block}`;
}

test('the README has TypeScript examples', () => expect(blocks().length).toBeGreaterThan(3));

test('every TypeScript example type-checks against the sources', () => {
  const dir = fs.mkdtempSync(path.join(ROOT, 'test', '.readme-'));
  try {
    const files = blocks().map((block, i) => {
      const file = path.join(dir, `block-${i + 1}.ts`);
      fs.writeFileSync(file, programOf(block));
      return file;
    });
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      esModuleInterop: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      types: ['node'],
      baseUrl: ROOT,
      paths: { 'cdk8s-dbaas': ['src/index.ts'] },
    });
    const problems = ts.getPreEmitDiagnostics(program).filter((d) => d.file && files.includes(d.file.fileName)).map((d) => {
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      return `${path.basename(d.file!.fileName)}:${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(problems).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);

test.each(blocks().map((block, i) => [i + 1, block] as const))('example %i runs and synthesizes valid manifests', (_i, block) => {
  const apps: cdk8s.App[] = [];
  class RecordedApp extends cdk8s.App {
    constructor(props: cdk8s.AppProps = {}) {
      super({ ...props, outdir: cdk8s.Testing.app().outdir });
      apps.push(this);
    }
  }
  const modules: Record<string, unknown> = {
    'cdk8s': { ...cdk8s, App: RecordedApp },
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    'cdk8s-dbaas': require('../src'),
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (name: string) => modules[name] ?? require(name);
  const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
  const js = ts.transpileModule(programOf(block), { compilerOptions }).outputText;
  const module = { exports: {} };
  const quiet = { ...console, log: () => undefined };
  new Function('require', 'module', 'exports', 'console', js)(load, module, module.exports, quiet);
  expect(apps.length).toBeGreaterThan(0);
  for (const app of apps) synthValid(app);
});

test('the tour\'s table names every prop of DatabaseClusterProps', () => {
  const source = fs.readFileSync(path.join(ROOT, 'src', 'database-cluster.ts'), 'utf8');
  const body = /export interface DatabaseClusterProps \{([\s\S]*?)\n\}/.exec(source)![1];
  const props = [...body.matchAll(/^ {2}readonly (\w+)\??:/gm)].map((m) => m[1]);
  expect(props).toContain('synchronousReplicas');
  const row = README.split('\n').find((line) => line.startsWith('| `DatabaseCluster` |'))!;
  expect(props.filter((p) => !row.includes(`\`${p}\``))).toEqual([]);
});
