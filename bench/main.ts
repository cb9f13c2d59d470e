/**
 * `npm run bench`: what users install (the packed package in a scratch cdk8s app: size, module load, first
 * cluster, `cdk8s synth` of a 50-database app, each against the same work without the library), synthesis scaling
 * against the plain-ApiObject floor, and the status reconciler against the loopback API server. Prints a table per
 * section, the targets of the issues with their verdicts, and a final JSON line. Synthesis runs in this process
 * (`node --expose-gc`); the package's figures come from fresh processes in the scratch app, the reconciler's from its
 * own process, as in its pod.
 *
 * Knobs (environment): BENCH_SIZES (default 100,1000,5000), BENCH_RUNS (5), BENCH_LOAD_RUNS (9),
 * BENCH_RECONCILER_DATABASES (1000), BENCH_LATENCY_SAMPLES (200), BENCH_REST_SECONDS (30), BENCH_SKIP (a comma list
 * of synthesis, package, reconciler).
 */
import { benchmarkReconciler, reconcilerAvailable, ReconcilerResult } from './reconciler';
import { benchmarkSynthesis, SynthesisResult } from './synthesis';
import { benchmarkTarball, TarballResult } from './tarball';
import { registeredPairs } from '../test/support/arbitraries';

const env = (name: string, fallback: string) => process.env[name] ?? fallback;
const SIZES = env('BENCH_SIZES', '100,1000,5000').split(',').map(Number);
const RUNS = Number(env('BENCH_RUNS', '5'));
const LOAD_RUNS = Number(env('BENCH_LOAD_RUNS', '9'));
const DATABASES = Number(env('BENCH_RECONCILER_DATABASES', '1000'));
const LATENCY_SAMPLES = Number(env('BENCH_LATENCY_SAMPLES', '200'));
const REST_SECONDS = Number(env('BENCH_REST_SECONDS', '30'));
const SKIP = new Set(env('BENCH_SKIP', '').split(','));
/** The fleet size of the with-StatusReconciler row. */
const RECONCILED_FLEET = 1000;

interface Target {
  readonly name: string;
  readonly value: number;
  readonly limit: number;
  readonly unit: string;
}

const fixed = (n: number, digits = 1) => n.toFixed(digits);

function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  rows.forEach((r) => console.log(line(r)));
  console.log();
}

function synthesisSection(): { results: SynthesisResult[]; targets: Target[] } {
  const pairs = registeredPairs();
  console.log(`synthesis: ${pairs.map((p) => `${p.type}/${p.operator}`).join(', ')}; medians of ${RUNS} runs\n`);
  const results = SIZES.map((clusters) => benchmarkSynthesis({ clusters, pairs, statusReconciler: false }, RUNS));
  if (SIZES.includes(RECONCILED_FLEET)) results.push(benchmarkSynthesis({ clusters: RECONCILED_FLEET, pairs, statusReconciler: true }, RUNS));
  table(['clusters', 'library ms', 'baseline ms', 'ratio', 'ms/cluster', 'peak heap MiB (lib/base)', 'YAML MB'], results.map((r) => [
    `${r.clusters}${r.statusReconciler ? ' + StatusReconciler' : ''}`, fixed(r.libraryMs, 0), fixed(r.baselineMs, 0), fixed(r.ratio, 2),
    fixed(r.perClusterMs, 2), `${fixed(r.libraryPeakHeapMiB)} / ${fixed(r.baselinePeakHeapMiB)}`, fixed(r.yamlBytes / 1e6),
  ]));
  const at = (clusters: number) => results.find((r) => r.clusters === clusters && !r.statusReconciler);
  const targets: Target[] = [];
  const thousand = at(1000);
  const fiveThousand = at(5000);
  if (thousand) targets.push({ name: 'synthesis of 1,000 clusters vs baseline', value: thousand.ratio, limit: 1.5, unit: 'x' });
  if (thousand && fiveThousand) {
    targets.push({ name: 'synthesis time of 5,000 vs 1,000 clusters', value: fiveThousand.libraryMs / thousand.libraryMs, limit: 5.5, unit: 'x' });
  }
  return { results, targets };
}

function packageSection(): { result: TarballResult; targets: Target[] } {
  const result = benchmarkTarball(LOAD_RUNS);
  console.log(`the installed package: medians of ${LOAD_RUNS} fresh processes each, in a scratch app\n`);
  table(['measure', 'cdk8s-dbaas', 'without it', 'ratio'], [
    ['package size (packed / unpacked)', `${fixed(result.packedBytes / 1e6, 2)} / ${fixed(result.unpackedBytes / 1e6, 2)} MB`, '', ''],
    ['require()', `${fixed(result.requireMs)} ms`, `${fixed(result.cdk8sPlusRequireMs)} ms (cdk8s-plus-28)`, fixed(result.requireRatio, 2)],
    ['first new DatabaseCluster, after require()', `${fixed(result.firstClusterMs)} ms`, '', ''],
    [`cdk8s synth, ${result.synthDatabases} databases`, `${fixed(result.synthMs, 0)} ms`, `${fixed(result.baselineSynthMs, 0)} ms (plain ApiObjects)`,
      fixed(result.synthRatio, 2)],
  ]);
  return {
    result,
    targets: [
      { name: 'installed package, unpacked', value: result.unpackedBytes / 1e6, limit: 8, unit: ' MB' },
      { name: 'require() vs cdk8s-plus-28', value: result.requireRatio, limit: 1.2, unit: 'x' },
      { name: 'first new DatabaseCluster', value: result.firstClusterMs, limit: 60, unit: ' ms' },
    ],
  };
}

async function reconcilerSection(): Promise<{ result?: ReconcilerResult; targets: Target[] }> {
  if (!reconcilerAvailable()) {
    console.log('reconciler: not available (no assets/reconciler/reconciler.js: run `npx projen bundle:reconciler`)\n');
    return { targets: [] };
  }
  const result = await benchmarkReconciler(DATABASES, LATENCY_SAMPLES, REST_SECONDS);
  console.log(`reconciler: ${result.databases} databases, ${result.latencySamples} status changes, ${result.restSeconds} s at rest\n`);
  table(['measure', 'value'], [
    ['first full status', `${fixed(result.firstFullStatusMs, 0)} ms`],
    ['native change -> ManagedDatabase p50', `${fixed(result.latencyP50Ms)} ms`],
    ['native change -> ManagedDatabase p99', `${fixed(result.latencyP99Ms)} ms`],
    ['status writes at rest', `${fixed(result.statusWritesPerMinuteAtRest)} /min`],
    ['other writes at rest (Lease renewals, Events)', `${fixed(result.otherWritesPerMinuteAtRest)} /min`],
    ['resident memory (peak)', `${fixed(result.residentMiB)} MiB (${fixed(result.peakResidentMiB)})`],
  ]);
  return {
    result,
    targets: [
      { name: 'reconciler first full status', value: result.firstFullStatusMs, limit: 3000, unit: ' ms' },
      { name: 'reconciler p99 latency', value: result.latencyP99Ms, limit: 1000, unit: ' ms' },
      { name: 'reconciler status writes at rest', value: result.statusWritesPerMinuteAtRest, limit: 0, unit: '/min' },
      { name: 'reconciler resident memory (peak)', value: result.peakResidentMiB, limit: 150, unit: ' MiB' },
    ],
  };
}

async function main(): Promise<void> {
  const synthesis = SKIP.has('synthesis') ? undefined : synthesisSection();
  const installed = SKIP.has('package') ? undefined : packageSection();
  const reconciler = SKIP.has('reconciler') ? undefined : await reconcilerSection();
  const targets = [...synthesis?.targets ?? [], ...installed?.targets ?? [], ...reconciler?.targets ?? []]
    .map((t) => ({ ...t, met: t.value <= t.limit }));
  table(['target', 'measured', 'limit', 'verdict'], targets.map((t) => [
    t.name, `${fixed(t.value, 2)}${t.unit}`, `${t.limit}${t.unit}`, t.met ? 'met' : 'MISSED',
  ]));
  console.log(JSON.stringify({
    date: new Date().toISOString(),
    node: process.version,
    synthesis: synthesis?.results,
    package: installed?.result,
    reconciler: reconciler === undefined ? undefined : reconciler.result ?? 'not available',
    targets,
  }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
