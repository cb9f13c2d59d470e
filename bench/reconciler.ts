/**
 * The status reconciler against the loopback API server (test/support/kube-api-server.ts), run as its pod runs
 * it (the bundle under `node`, see test/reconciler/harness.ts), with leader election on as a default
 * StatusReconciler deploys it. The server is seeded with databases spread over every operator fixture, each Ready
 * with a recent backup. Measured:
 * - time to the first full status: from spawning the process until every ManagedDatabase shows its native phase
 *   and a healthy backup (polled every 25 ms);
 * - latency from a native status change (Ready <-> Degraded on a random database, one at a time) until its
 *   ManagedDatabase shows it, polled every 2 ms;
 * - writes while nothing changes, split into ManagedDatabase status writes and the rest (Events, the Lease);
 * - resident memory of the process (VmRSS now, VmHWM its peak).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { milliseconds, percentile, sleep } from './measure';
import { condition, FIXTURES, MANAGED_DATABASES, NAMESPACE } from '../test/reconciler/fixtures';
import { BUNDLE, ReconcilerProcess } from '../test/reconciler/harness';
import { KubeApiServer } from '../test/support/kube-api-server';

export interface ReconcilerResult {
  readonly databases: number;
  readonly firstFullStatusMs: number;
  readonly latencySamples: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
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
const DAY_SECONDS = 86_400;

function nameOf(i: number): string {
  return `db-${i}`;
}

export async function benchmarkReconciler(databases: number, latencySamples: number, restSeconds: number): Promise<ReconcilerResult> {
  const server = await KubeApiServer.start();
  let reconciler: ReconcilerProcess | undefined;
  try {
    const fixtureOf = (i: number) => FIXTURES[i % FIXTURES.length];
    for (let i = 0; i < databases; i++) {
      const fixture = fixtureOf(i);
      const native = server.apply(fixture.cluster, { ...fixture.nativeObject(nameOf(i)), status: fixture.statuses.Ready });
      server.apply(MANAGED_DATABASES, fixture.managedDatabase(native, DAY_SECONDS));
      server.apply(fixture.backup, fixture.backupObject(nameOf(i), `${nameOf(i)}-daily`, new Date(Date.now() - 60_000)));
    }
    const statusOf = (i: number) => server.get(MANAGED_DATABASES, NAMESPACE, nameOf(i))?.status;
    const settled = (i: number, phase: string) => {
      const status = statusOf(i);
      return status?.phase === phase && condition(status, 'BackupHealthy')?.status === 'True';
    };

    const started = process.hrtime.bigint();
    reconciler = await ReconcilerProcess.start(server, { LEADER_ELECTION: 'true', LEASE_NAME: 'bench-reconciler' });
    let pending = Array.from({ length: databases }, (_, i) => i);
    while (pending.length > 0) {
      pending = pending.filter((i) => !settled(i, 'Ready'));
      // Polling clones objects in the server's own process: every 25 ms keeps that load small.
      if (pending.length > 0) await sleep(25);
      if (milliseconds(started) > 120_000) throw new Error(`${pending.length} ManagedDatabases have no full status after 120 s`);
    }
    const firstFullStatusMs = milliseconds(started);

    const phases = Array.from({ length: databases }, () => 'Ready');
    const latencies: number[] = [];
    for (let sample = 0; sample < latencySamples; sample++) {
      const i = Math.floor(Math.random() * databases);
      phases[i] = phases[i] === 'Ready' ? 'Degraded' : 'Ready';
      const changed = process.hrtime.bigint();
      server.setStatus(fixtureOf(i).cluster, NAMESPACE, nameOf(i), fixtureOf(i).statuses[phases[i] as 'Ready' | 'Degraded']);
      while (!settled(i, phases[i])) {
        await sleep(2);
        if (milliseconds(changed) > 30_000) throw new Error(`${nameOf(i)} did not turn ${phases[i]} within 30 s`);
      }
      latencies.push(milliseconds(changed));
      await sleep(20);
    }

    // Let the last change's Event and status write land before counting.
    await sleep(2_000);
    const writesAtRest = () => {
      const writes = server.requests.filter((r) => WRITES.has(r.verb));
      const status = writes.filter((r) => r.resource === `${MANAGED_DATABASES.apiVersion}/${MANAGED_DATABASES.plural}`).length;
      return { status, other: writes.length - status };
    };
    const before = writesAtRest();
    await sleep(restSeconds * 1000);
    const after = writesAtRest();
    const perMinute = (n: number) => (n * 60) / restSeconds;

    const memory = residentMemory(reconciler.pid!);
    return {
      databases,
      firstFullStatusMs,
      latencySamples,
      latencyP50Ms: percentile(latencies, 50),
      latencyP99Ms: percentile(latencies, 99),
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

/** VmRSS and VmHWM of a process, MiB (Linux). */
function residentMemory(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}
