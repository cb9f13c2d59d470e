/**
 * Module load time: `require()` of the library beside `require('cdk8s-plus-28')`, each in fresh `node` processes
 * (interleaved, so that load from other processes hits both alike), timed inside the child around the require.
 *
 * The library is measured as its package ships, compiled JavaScript, not through ts-node: the current src/ is
 * transpiled file by file to CommonJS (esbuild, no bundling: the layout tsc gives lib/) into a temporary directory
 * that resolves its dependencies from this project's node_modules.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { median } from './measure';

const ROOT = path.join(__dirname, '..');

export interface LoadTimeResult {
  readonly runs: number;
  /** Median time of `require('cdk8s-dbaas')`, ms. */
  readonly libraryMs: number;
  readonly cdk8sPlusMs: number;
  readonly ratio: number;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(file);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [file] : [];
  });
}

/** Transpiles src/ into a temporary directory and returns the path of its index.js. */
function compileLibrary(): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-dbaas-load-'));
  buildSync({
    entryPoints: sourceFiles(path.join(ROOT, 'src')),
    outbase: path.join(ROOT, 'src'),
    outdir,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
  });
  return path.join(outdir, 'index.js');
}

/** Milliseconds one fresh process takes to require `module`. */
function requireTime(module: string): number {
  const script = `const t = process.hrtime.bigint(); require(${JSON.stringify(module)}); console.log(Number(process.hrtime.bigint() - t) / 1e6);`;
  const out = execFileSync(process.execPath, ['-e', script], {
    cwd: ROOT,
    env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), NODE_OPTIONS: '' },
    encoding: 'utf8',
  });
  return Number(out.trim());
}

export function benchmarkLoadTime(runs: number): LoadTimeResult {
  const library = compileLibrary();
  try {
    requireTime(library);
    requireTime('cdk8s-plus-28');
    const libraryTimes: number[] = [];
    const plusTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      libraryTimes.push(requireTime(library));
      plusTimes.push(requireTime('cdk8s-plus-28'));
    }
    const libraryMs = median(libraryTimes);
    const cdk8sPlusMs = median(plusTimes);
    return { runs, libraryMs, cdk8sPlusMs, ratio: libraryMs / cdk8sPlusMs };
  } finally {
    fs.rmSync(path.dirname(library), { recursive: true, force: true });
  }
}
