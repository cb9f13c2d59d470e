/**
 * The status reconciler against the loopback API server (test/support/kube-api-server.ts), run as its pod runs
 * it (the bundle under `node`, see test/reconciler/harness.ts), with leader election on, the client-side rate
 * limit a default StatusReconciler deploys (50 requests per second, bursts of 100) and the heap limit it sets for the
 * memory given. The server is seeded with
 * databases spread over every operator fixture, each Ready with a recent backup. Measured, watching the server's
 * own store (no polling):
 * - first full status: from spawning the process until every ManagedDatabase shows its native phase and a healthy
 *   backup. From an empty fleet (`cold`) every status is a write, so the rate limit sets the time; from a fleet whose
 *   statuses an earlier reconciler wrote (a restart, a failover, an upgrade of the reconciler) it is lists, caches
 *   and a pass over every database, which the reconciler logs when done;
 * - latency from a native status change (Ready <-> Degraded on a random database, one at a time) until its
 *   ManagedDatabase shows it;
 * - settle time: every native status changes at once (an operator upgrade), until every ManagedDatabase shows it,
 *   with the requests that took (a status patch and a Warning Event each) and their rate;
 * - writes while nothing changes, split into ManagedDatabase status writes and the rest (the Lease);
 * - resident memory of the process (VmRSS now, VmHWM its peak).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { milliseconds, percentile, sleep } from './measure';
import { statusMappings } from '../src/operators';
import { DEFAULT_API_BURST } from '../src/reconciler/rate-limiter';
import { desiredStatus } from '../src/reconciler/status';
import { KubeObject, mappingFor } from '../src/status-mapping';
import { nodeOptions } from '../src/status-reconciler';
import { condition, FIXTURES, MANAGED_DATABASES, NAMESPACE, OperatorFixture } from '../test/reconciler/fixtures';
import { BUNDLE, ReconcilerProcess } from '../test/reconciler/harness';
import { KubeApiServer } from '../test/support/kube-api-server';

export interface ReconcilerOptions {
  readonly databases: number;
  /** Start from ManagedDatabases without status (every status a write) rather than with the statuses already written. */
  readonly cold: boolean;
  readonly latencySamples: number;
  /** Change every database at once and time until all show it. */
  readonly settle: boolean;
  readonly restSeconds: number;
  /** The memory of the pod: the process gets the Node.js options a StatusReconciler of that memory sets. */
  readonly memoryMiB: number;
}

export interface ReconcilerResult {
  readonly databases: number;
  readonly cold: boolean;
  readonly memoryMiB: number;
  readonly firstFullStatusMs: number;
  /** Status writes of the first full pass. */
  readonly firstPassWrites: number;
  readonly latencySamples: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly settleMs?: number;
  /** Status patches and Events (and conflict re-reads) while settling. */
  readonly settleRequests?: number;
  /** Those beyond the burst, per second from the first to the last: at most the QPS, by the token bucket. */
  readonly settleRateBeyondBurst?: number;
  readonly restSeconds: number;
  readonly statusWritesPerMinuteAtRest: number;
  readonly otherWritesPerMinuteAtRest: number;
  readonly residentMiB: number;
  readonly peakResidentMiB: number;
}

/** Whether the pieces exist: the bundle (built by `bundle:reconciler`) and the loopback API server. */
export function reconcilerAvailable(): boolean {
  return fs.existsSync(BUNDLE) && fs.existsSync(path.join(__dirname, '..', 'test', 'support', 'kube-api-server.ts'));
}

const WRITES = new Set(['create', 'update', 'patch', 'delete']);
const MD_RESOURCE = `${MANAGED_DATABASES.apiVersion}/${MANAGED_DATABASES.plural}`;
const DAY_SECONDS = 86_400;
const TIMEOUT_MS = 600_000;

const nameOf = (i: number) => `db-${i}`;
const fixtureOf = (i: number): OperatorFixture => FIXTURES[i % FIXTURES.length];

/** The phase and backup health of every ManagedDatabase as the server stores them, and waiters on them. */
class Fleet {
  private readonly shown = new Map<string, string>();
  private waiters: Array<{ readonly done: () => boolean; readonly resolve: () => void }> = [];

  constructor(server: KubeApiServer) {
    server.onChange((resource, _type, obj) => {
      if (resource !== MD_RESOURCE) return;
      const healthy = condition(obj.status, 'BackupHealthy')?.status === 'True';
      this.shown.set(obj.metadata.name, `${obj.status?.phase}${healthy ? '' : ' (backup not healthy)'}`);
      this.waiters = this.waiters.filter((w) => (w.done() ? (w.resolve(), false) : true));
    });
  }

  public shows(name: string, phase: string): boolean {
    return this.shown.get(name) === phase;
  }

  /** Resolves once `done` holds after a change. */
  public until(done: () => boolean, what: string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what}: not after ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
      this.waiters.push({ done, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }
}

/** What an earlier reconciler would have written: the status computed from the same inputs. */
function writtenStatus(md: KubeObject, native: KubeObject, lastSuccessfulBackup: Date, now: Date): KubeObject {
  const operator = mappingFor(statusMappings(), native.apiVersion, native.kind);
  return desiredStatus({ managedDatabase: md, operator, native, lastSuccessfulBackup, now }).status;
}

export async function benchmarkReconciler(options: ReconcilerOptions): Promise<ReconcilerResult> {
  const { databases, cold, latencySamples, restSeconds } = options;
  const server = await KubeApiServer.start();
  const fleet = new Fleet(server);
  let reconciler: ReconcilerProcess | undefined;
  try {
    const backupAt = new Date(Date.now() - 60_000);
    for (let i = 0; i < databases; i++) {
      const fixture = fixtureOf(i);
      const native = server.apply(fixture.cluster, { ...fixture.nativeObject(nameOf(i)), status: fixture.statuses.Ready });
      const md = server.apply(MANAGED_DATABASES, fixture.managedDatabase(native, DAY_SECONDS));
      if (!cold) server.setStatus(MANAGED_DATABASES, NAMESPACE, nameOf(i), writtenStatus(md, native, backupAt, new Date()));
      server.apply(fixture.backup, fixture.backupObject(nameOf(i), `${nameOf(i)}-daily`, backupAt));
    }
    const allShow = (phase: string) => () => Array.from({ length: databases }, (_, i) => i).every((i) => fleet.shows(nameOf(i), phase));

    const started = process.hrtime.bigint();
    reconciler = await ReconcilerProcess.start(server, { LEADER_ELECTION: 'true', LEASE_NAME: 'bench-reconciler', NODE_OPTIONS: nodeOptions(options.memoryMiB) });
    const logs = reconciler.logs;
    const firstPass = () => logs.find((l) => l.msg === 'every ManagedDatabase reconciled');
    if (cold) await fleet.until(allShow('Ready'), 'first full status');
    else await waitFor(() => firstPass() !== undefined, 'first full pass');
    const firstFullStatusMs = milliseconds(started);
    await waitFor(() => firstPass() !== undefined, 'first full pass');
    const firstPassWrites: number = firstPass()!.written;

    const phases = Array.from({ length: databases }, () => 'Ready');
    const latencies: number[] = [];
    for (let sample = 0; sample < latencySamples; sample++) {
      const i = Math.floor(Math.random() * databases);
      phases[i] = phases[i] === 'Ready' ? 'Degraded' : 'Ready';
      const changed = process.hrtime.bigint();
      server.setStatus(fixtureOf(i).cluster, NAMESPACE, nameOf(i), fixtureOf(i).statuses[phases[i] as 'Ready' | 'Degraded']);
      await fleet.until(() => fleet.shows(nameOf(i), phases[i]), `${nameOf(i)} turning ${phases[i]}`);
      latencies.push(milliseconds(changed));
      await sleep(20);
    }

    // Let the last change's Event and the rate limiter's bucket settle before the next measures.
    await sleep(3_000);
    let settle: Pick<ReconcilerResult, 'settleMs' | 'settleRequests' | 'settleRateBeyondBurst'> = {};
    if (options.settle) {
      const before = server.requests.length;
      const changed = process.hrtime.bigint();
      for (let i = 0; i < databases; i++) {
        if (phases[i] === 'Degraded') continue;
        phases[i] = 'Degraded';
        server.setStatus(fixtureOf(i).cluster, NAMESPACE, nameOf(i), fixtureOf(i).statuses.Degraded);
      }
      await fleet.until(allShow('Degraded'), 'settling');
      const settleMs = milliseconds(changed);
      // The last Events follow the last status writes.
      await sleep(3_000);
      const requests = server.requests.slice(before).filter((r) => r.resource !== 'coordination.k8s.io/v1/leases');
      const spanSeconds = (requests[requests.length - 1].at - requests[0].at) / 1000;
      settle = { settleMs, settleRequests: requests.length, settleRateBeyondBurst: (requests.length - DEFAULT_API_BURST) / spanSeconds };
    }

    const writesAtRest = () => {
      const writes = server.requests.filter((r) => WRITES.has(r.verb));
      const status = writes.filter((r) => r.resource === MD_RESOURCE).length;
      return { status, other: writes.length - status };
    };
    const before = writesAtRest();
    await sleep(restSeconds * 1000);
    const after = writesAtRest();
    const perMinute = (n: number) => (n * 60) / restSeconds;

    const memory = residentMemory(reconciler.pid!);
    return {
      databases,
      cold,
      memoryMiB: options.memoryMiB,
      firstFullStatusMs,
      firstPassWrites,
      latencySamples,
      latencyP50Ms: percentile(latencies, 50),
      latencyP99Ms: percentile(latencies, 99),
      ...settle,
      restSeconds,
      statusWritesPerMinuteAtRest: perMinute(after.status - before.status),
      otherWritesPerMinuteAtRest: perMinute(after.other - before.other),
      residentMiB: memory.rss,
      peakResidentMiB: memory.peak,
    };
  } finally {
    await reconciler?.stop();
    await server.stop();
  }
}

/** Polls a condition of the reconciler's own logs (a few checks a second). */
async function waitFor(done: () => boolean, what: string): Promise<void> {
  const since = Date.now();
  while (!done()) {
    if (Date.now() - since > TIMEOUT_MS) throw new Error(`${what}: not after ${TIMEOUT_MS / 1000} s`);
    await sleep(5);
  }
}

/** VmRSS and VmHWM of a process, MiB (Linux). */
function residentMemory(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}
