/**
 * `npm run bench`: what users install (the packed package in a scratch cdk8s app: size, module load, first
 * cluster, `cdk8s synth` of a 50-database app, each against the same work without the library), synthesis scaling
 * against the plain-ApiObject floor, and the status reconciler against the loopback API server. Prints a table per
 * section, the targets of the issues with their verdicts, and a final JSON line. Synthesis runs in this process
 * (`node --expose-gc`); the package's figures come from fresh processes in the scratch app, the reconciler's from its
 * own process, as in its pod.
 *
 * Knobs (environment): BENCH_SIZES (default 100,1000,5000), BENCH_RUNS (5), BENCH_LOAD_RUNS (9),
 * BENCH_RECONCILER_DATABASES (1000, from nothing, then all changing at once), BENCH_RECONCILER_LARGE_FLEET (10000,
 * statuses already written), BENCH_LATENCY_SAMPLES (200), BENCH_REST_SECONDS (30), BENCH_SKIP (a comma list of
 * synthesis, package, reconciler).
 */
import { benchmarkReconciler, reconcilerAvailable, ReconcilerResult } from './reconciler';
import { benchmarkSynthesis, SynthesisResult } from './synthesis';
import { benchmarkTarball, TarballResult } from './tarball';
import { DEFAULT_API_BURST, DEFAULT_API_QPS } from '../src/reconciler/rate-limiter';
import { registeredPairs } from '../test/support/arbitraries';

const env = (name: string, fallback: string) => process.env[name] ?? fallback;
const SIZES = env('BENCH_SIZES', '100,1000,5000').split(',').map(Number);
const RUNS = Number(env('BENCH_RUNS', '5'));
const LOAD_RUNS = Number(env('BENCH_LOAD_RUNS', '9'));
const DATABASES = Number(env('BENCH_RECONCILER_DATABASES', '1000'));
const LARGE_FLEET = Number(env('BENCH_RECONCILER_LARGE_FLEET', '10000'));
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

async function reconcilerSection(): Promise<{ results: ReconcilerResult[]; targets: Target[] }> {
  if (!reconcilerAvailable()) {
    console.log('reconciler: not available (no assets/reconciler/reconciler.js: run `npx projen bundle:reconciler`)\n');
    return { results: [], targets: [] };
  }
  // A fleet from nothing, then every database changing at once; and a large fleet whose statuses are written.
  const common = { latencySamples: LATENCY_SAMPLES, restSeconds: REST_SECONDS };
  const fleet = await benchmarkReconciler({ ...common, databases: DATABASES, cold: true, settle: true, memoryMiB: 128 });
  const large = await benchmarkReconciler({ ...common, databases: LARGE_FLEET, cold: false, settle: false, memoryMiB: 200 });
  const results = [fleet, large];
  console.log(`reconciler: ${LATENCY_SAMPLES} status changes per fleet, ${REST_SECONDS} s at rest; `
    + `${DEFAULT_API_QPS} requests/s, bursts of ${DEFAULT_API_BURST}\n`);
  const column = (r: ReconcilerResult) => `${r.databases}${r.cold ? ' from nothing' : ', statuses written'}, ${r.memoryMiB} MiB`;
  table(['measure', ...results.map(column)], [
    ['first full status', ...results.map((r) => `${fixed(r.firstFullStatusMs, 0)} ms (${r.firstPassWrites} writes)`)],
    ['native change -> ManagedDatabase p50', ...results.map((r) => `${fixed(r.latencyP50Ms)} ms`)],
    ['native change -> ManagedDatabase p99', ...results.map((r) => `${fixed(r.latencyP99Ms)} ms`)],
    ['all change at once: settled in', ...results.map((r) => (r.settleMs === undefined ? '-' : `${fixed(r.settleMs / 1000)} s`))],
    ['  requests; rate beyond the burst', ...results.map((r) => (r.settleRequests === undefined ? '-' : `${r.settleRequests}; ${fixed(r.settleRateBeyondBurst!)} /s`))],
    ['status writes at rest', ...results.map((r) => `${fixed(r.statusWritesPerMinuteAtRest)} /min`)],
    ['other writes at rest (Lease renewals)', ...results.map((r) => `${fixed(r.otherWritesPerMinuteAtRest)} /min`)],
    ['resident memory (peak)', ...results.map((r) => `${fixed(r.residentMiB)} MiB (${fixed(r.peakResidentMiB)})`)],
  ]);
  return {
    results,
    targets: [
      { name: `reconciler ${DATABASES}: p99 latency`, value: fleet.latencyP99Ms, limit: 1000, unit: ' ms' },
      { name: `reconciler ${DATABASES}: resident memory (peak)`, value: fleet.peakResidentMiB, limit: fleet.memoryMiB, unit: ' MiB' },
      // The client-side limit holds through the storm: beyond the burst, at most the QPS (2 % for the jitter of
      // request arrivals at the server, which times them).
      { name: `reconciler ${DATABASES}: request rate beyond the burst while settling`, value: fleet.settleRateBeyondBurst!, limit: DEFAULT_API_QPS * 1.02, unit: '/s' },
      { name: `reconciler ${LARGE_FLEET}: first full status`, value: large.firstFullStatusMs, limit: 10_000, unit: ' ms' },
      { name: `reconciler ${LARGE_FLEET}: p99 latency`, value: large.latencyP99Ms, limit: 100, unit: ' ms' },
      { name: `reconciler ${LARGE_FLEET}: resident memory (peak)`, value: large.peakResidentMiB, limit: 200, unit: ' MiB' },
      ...results.map((r) => ({ name: `reconciler ${r.databases}: status writes at rest`, value: r.statusWritesPerMinuteAtRest, limit: 0, unit: '/min' })),
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
    reconciler: reconciler === undefined ? undefined : reconciler.results,
    targets,
  }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
