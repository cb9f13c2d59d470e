/**
 * Synthesis of a fleet (bench/fleet.ts) against its floor: the same YAML from plain ApiObjects. Each size gets two
 * warm-up runs (the first one's output builds the baseline, whose YAML must be byte-identical to it), then
 * alternating library and baseline runs (alternating, so that load from other processes hits both alike); every
 * figure is a median.
 */
import { App, Testing } from 'cdk8s';
import { buildBaseline, buildFleet, ChartManifests, FleetShape } from './fleet';
import { HeapPeak, median, milliseconds } from './measure';

export interface SynthesisResult {
  readonly clusters: number;
  readonly statusReconciler: boolean;
  readonly runs: number;
  /** Median wall time of construction plus synthesis to YAML, ms. */
  readonly libraryMs: number;
  readonly baselineMs: number;
  readonly ratio: number;
  /** Library time per cluster, ms. */
  readonly perClusterMs: number;
  /** Median peak heap above the run's starting heap, MiB. */
  readonly libraryPeakHeapMiB: number;
  readonly baselinePeakHeapMiB: number;
  /** Bytes of YAML. */
  readonly yamlBytes: number;
}

interface Run {
  readonly ms: number;
  readonly peakMiB: number;
  readonly yaml: string;
}

/** One timed run: `build` adds constructs to a fresh app (calling `checkpoint` as it goes), then the app synthesizes. */
function timedRun(build: (app: App, checkpoint: () => void) => void): Run {
  const heap = new HeapPeak();
  const started = process.hrtime.bigint();
  const app = Testing.app();
  build(app, () => heap.checkpoint());
  const yaml = app.synthYaml();
  const ms = milliseconds(started);
  heap.checkpoint();
  return { ms, peakMiB: heap.mebibytes, yaml };
}

export function benchmarkSynthesis(fleet: FleetShape, runs: number): SynthesisResult {
  const clusters = fleet.clusters;
  let charts: ChartManifests[] = [];
  const warmUp = timedRun((app, checkpoint) => {
    buildFleet(app, fleet, checkpoint);
    charts = app.charts.map((c) => ({ id: c.node.id, objects: c.toJson() }));
  });
  const library = (): Run => timedRun((app, checkpoint) => buildFleet(app, fleet, checkpoint));
  // One more untimed run: the JIT is still optimizing through the first two at every size.
  library();
  // The baseline gets its own copy of the JSON each run (made before the clock starts), as a program that wrote
  // those literals would.
  const baseline = (): Run => {
    const copy = structuredClone(charts);
    return timedRun((app, checkpoint) => buildBaseline(app, copy, checkpoint));
  };

  const first = baseline();
  if (first.yaml !== warmUp.yaml) {
    throw new Error(`the baseline's YAML differs from the library's for ${clusters} clusters: the comparison would be meaningless`);
  }
  const libraryRuns: Run[] = [];
  const baselineRuns: Run[] = [first];
  for (let i = 0; i < runs; i++) {
    libraryRuns.push(library());
    if (baselineRuns.length < runs) baselineRuns.push(baseline());
  }
  const libraryMs = median(libraryRuns.map((r) => r.ms));
  const baselineMs = median(baselineRuns.map((r) => r.ms));
  return {
    clusters,
    statusReconciler: fleet.statusReconciler,
    runs,
    libraryMs,
    baselineMs,
    ratio: libraryMs / baselineMs,
    perClusterMs: libraryMs / clusters,
    libraryPeakHeapMiB: median(libraryRuns.map((r) => r.peakMiB)),
    baselinePeakHeapMiB: median(baselineRuns.map((r) => r.peakMiB)),
    yamlBytes: Buffer.byteLength(warmUp.yaml),
  };
}
