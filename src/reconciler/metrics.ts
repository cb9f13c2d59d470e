/**
 * `/metrics` in the Prometheus text format (0.0.4), read from the ManagedDatabase statuses in the cache, so that
 * every replica (leader or not) reports the fleet as stored; and `/healthz` / `/readyz` for the kubelet.
 */
import * as http from 'node:http';
import { ReconcilerCounters } from './controller';
import { KubeObject, PHASES } from '../status-mapping';

export interface MetricsSource {
  readonly counters: ReconcilerCounters;
  readonly isLeader: boolean;
  readonly synced: boolean;
  readonly queueDepth: number;
  managedDatabases(): KubeObject[];
}

function escape(value: unknown): string {
  return String(value ?? '').replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labels(values: Record<string, unknown>): string {
  return `{${Object.entries(values).map(([k, v]) => `${k}="${escape(v)}"`).join(',')}}`;
}

export function renderMetrics(source: MetricsSource): string {
  const lines: string[] = [];
  const family = (name: string, type: string, help: string, samples: Array<[Record<string, unknown>, number]>) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [l, v] of samples) lines.push(`${name}${Object.keys(l).length ? labels(l) : ''} ${v}`);
  };
  const databases = source.managedDatabases().map((md) => ({
    id: { namespace: md.metadata?.namespace, name: md.metadata?.name, engine: md.spec?.engine, operator: md.spec?.operator },
    status: md.status ?? {},
  }));
  family('dbaas_database_ready', 'gauge', 'Whether the database is Ready (1) or not (0).',
    databases.map((d) => [d.id, d.status.phase === 'Ready' ? 1 : 0]));
  family('dbaas_database_phase', 'gauge', 'The database phase: 1 for the current one, 0 for the others.',
    databases.flatMap((d) => PHASES.map((p): [Record<string, unknown>, number] => [{ ...d.id, phase: p }, d.status.phase === p ? 1 : 0])));
  family('dbaas_database_ready_members', 'gauge', 'Database members that are ready (proxies, routers and poolers not counted).',
    databases.filter((d) => typeof d.status.readyMembers === 'number').map((d) => [d.id, d.status.readyMembers]));
  family('dbaas_database_members', 'gauge', 'Database members the native spec asks for.',
    databases.filter((d) => typeof d.status.members === 'number').map((d) => [d.id, d.status.members]));
  family('dbaas_database_last_successful_backup_timestamp_seconds', 'gauge', 'Completion time of the newest successful backup (Unix seconds).',
    databases.filter((d) => d.status.lastSuccessfulBackup).map((d) => [d.id, Date.parse(d.status.lastSuccessfulBackup) / 1000]));
  family('dbaas_database_backup_healthy', 'gauge', 'Whether the newest successful backup is as recent as the schedules promise.',
    databases.map((d) => [d.id, conditionTrue(d.status, 'BackupHealthy')]));
  family('dbaas_database_spec_in_sync', 'gauge', 'Whether the live native spec still holds the synthesized fields.',
    databases.map((d) => [d.id, conditionTrue(d.status, 'SpecInSync')]));
  family('dbaas_reconciler_leader', 'gauge', 'Whether this replica holds the lease and writes status.', [[{}, source.isLeader ? 1 : 0]]);
  family('dbaas_reconciler_status_writes_total', 'counter', 'ManagedDatabase status patches.', [[{}, source.counters.statusWrites]]);
  family('dbaas_reconciler_status_conflicts_total', 'counter', 'Status patches refused with 409 and retried.', [[{}, source.counters.conflicts]]);
  family('dbaas_reconciler_watch_restarts_total', 'counter', 'Watches reopened after ending or failing.', [[{}, source.counters.watchRestarts]]);
  family('dbaas_reconciler_relists_total', 'counter', 'Relists after an expired watch (410).', [[{}, source.counters.relists]]);
  family('dbaas_reconciler_events_total', 'counter', 'Kubernetes Events recorded for phase changes.', [[{}, source.counters.events]]);
  family('dbaas_reconciler_queue_depth', 'gauge', 'ManagedDatabases waiting for or in reconciliation.', [[{}, source.queueDepth]]);
  const memory = process.memoryUsage();
  family('process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.', [[{}, memory.rss]]);
  family('nodejs_heap_size_used_bytes', 'gauge', 'Process heap size used from Node.js in bytes.', [[{}, memory.heapUsed]]);
  return `${lines.join('\n')}\n`;
}

function conditionTrue(status: KubeObject, type: string): number {
  return (status.conditions ?? []).some((c: KubeObject) => c.type === type && c.status === 'True') ? 1 : 0;
}

/** Serves the endpoints on `host` (every address when undefined); resolves once listening. */
export function serve(source: MetricsSource, port: number, host: string | undefined): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(renderMetrics(source));
    } else if (path === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok\n');
    } else if (path === '/readyz') {
      res.writeHead(source.synced ? 200 : 503, { 'Content-Type': 'text/plain' }).end(source.synced ? 'ok\n' : 'caches not synced\n');
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
