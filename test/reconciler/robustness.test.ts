/**
 * End to end, what a cluster throws at a controller: watch expiry (410), conflicting writes (409), throttling
 * (429), API server restarts, several replicas, SIGTERM; and what it serves: /metrics and /healthz.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { condition, EVENTS, FIXTURES, LEASES, MANAGED_DATABASES, NAMESPACE } from './fixtures';
import { eventually, ReconcilerProcess, STARTUP_MS, stopAll } from './harness';
import { KubeApiServer, RequestRecord } from '../support/kube-api-server';

const fixture = FIXTURES[0];
const RECOVERY_MS = 8_000;

let server: KubeApiServer;
beforeEach(async () => {
  server = await KubeApiServer.start({ bookmarkIntervalMs: 200 });
  const native = server.apply(fixture.cluster, { ...fixture.nativeObject('orders'), status: fixture.statuses.Provisioning });
  server.apply(MANAGED_DATABASES, fixture.managedDatabase(native, 86_400));
});
afterEach(async () => {
  await stopAll();
  await server.stop();
});

const phase = () => server.get(MANAGED_DATABASES, NAMESPACE, 'orders')?.status?.phase;
const isStatusWrite = (r: Omit<RequestRecord, 'status'>) => r.verb === 'patch' && r.subresource === 'status';

async function started(env: Record<string, string> = {}): Promise<ReconcilerProcess> {
  const reconciler = await ReconcilerProcess.start(server, env);
  await eventually(() => expect(phase()).toBe('Provisioning'), STARTUP_MS);
  return reconciler;
}

test('watch expiry (410): relists and misses nothing that changed meanwhile', async () => {
  const reconciler = await started();
  server.expireWatches();
  server.setStatus(fixture.cluster, NAMESPACE, 'orders', fixture.statuses.Ready);
  await eventually(() => expect(phase()).toBe('Ready'));
  expect(await reconciler.metric('dbaas_reconciler_relists_total')).toBeGreaterThanOrEqual(1);
  expect(server.count({ verb: 'list', resource: 'pxc.percona.com/v1/perconaxtradbclusters' })).toBeGreaterThanOrEqual(2);
});

test('a conflicting write (409): re-reads and writes the right status', async () => {
  const reconciler = await started();
  server.failNext(1, 409, isStatusWrite);
  server.setStatus(fixture.cluster, NAMESPACE, 'orders', fixture.statuses.Ready);
  await eventually(() => expect(phase()).toBe('Ready'));
  expect(server.count({ verb: 'patch', subresource: 'status', status: 409 })).toBe(1);
  expect(await reconciler.metric('dbaas_reconciler_status_conflicts_total')).toBe(1);
});

test('throttling (429): backs off and retries until the write lands', async () => {
  await started();
  server.failNext(3, 429, isStatusWrite);
  server.setStatus(fixture.cluster, NAMESPACE, 'orders', fixture.statuses.Ready);
  await eventually(() => expect(phase()).toBe('Ready'), RECOVERY_MS);
  expect(server.count({ verb: 'patch', subresource: 'status', status: 429 })).toBe(3);
});

test('throttled lists and watches (429) delay the start, nothing more', async () => {
  server.failNext(4, 429, (r) => r.verb === 'list' || r.verb === 'watch');
  await started();
  server.setStatus(fixture.cluster, NAMESPACE, 'orders', fixture.statuses.Ready);
  await eventually(() => expect(phase()).toBe('Ready'), RECOVERY_MS);
});

test('an API server restart that lost its watch cache (restart, then 410)', async () => {
  await started();
  await server.stop();
  server.setStatus(fixture.cluster, NAMESPACE, 'orders', fixture.statuses.Ready);
  server.expireWatches();
  await server.restart();
  await eventually(() => expect(phase()).toBe('Ready'), RECOVERY_MS);
  server.setStatus(fixture.cluster, NAMESPACE, 'orders', fixture.statuses.Degraded);
  await eventually(() => expect(phase()).toBe('Degraded'));
});

test('a status write refused with 503 is retried, across a restart', async () => {
  await started();
  server.failNext(1, 503, isStatusWrite);
  server.setStatus(fixture.cluster, NAMESPACE, 'orders', fixture.statuses.Ready);
  await eventually(() => expect(server.count({ verb: 'patch', subresource: 'status', status: 503 })).toBe(1));
  await server.restart();
  await eventually(() => expect(phase()).toBe('Ready'), RECOVERY_MS);
});

test('SIGTERM: exits cleanly, and nothing is left running', async () => {
  const reconciler = await started();
  expect(await reconciler.stop('SIGTERM')).toBe(0);
  expect(reconciler.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
});

test('serves /metrics in the Prometheus text format, /healthz and /readyz', async () => {
  server.apply(fixture.backup, fixture.backupObject('orders', 'orders-1', new Date('2026-01-02T03:04:05Z')));
  const reconciler = await started();
  server.setStatus(fixture.cluster, NAMESPACE, 'orders', fixture.statuses.Ready);
  await eventually(() => expect(phase()).toBe('Ready'));
  const labels = 'namespace="shop",name="orders",engine="mysql",operator="percona"';
  await eventually(async () => {
    const { status, body } = await reconciler.http('/metrics');
    expect(status).toBe(200);
    expect(body).toContain('# TYPE dbaas_database_ready gauge');
    expect(body).toContain(`dbaas_database_ready{${labels}} 1`);
    expect(body).toContain(`dbaas_database_phase{${labels},phase="Ready"} 1`);
    expect(body).toContain(`dbaas_database_phase{${labels},phase="Failed"} 0`);
    expect(body).toContain(`dbaas_database_last_successful_backup_timestamp_seconds{${labels}} ${Date.parse('2026-01-02T03:04:05Z') / 1000}`);
    expect(body).toContain('dbaas_reconciler_leader 1');
  });
  expect(await reconciler.http('/healthz')).toEqual({ status: 200, body: 'ok\n' });
  expect((await reconciler.http('/readyz')).status).toBe(200);
});

test('lists in pages; a continue token that expired mid-list restarts the list, and nothing is missed', async () => {
  for (const name of ['payments', 'catalog', 'users', 'carts']) {
    const native = server.apply(fixture.cluster, { ...fixture.nativeObject(name), status: fixture.statuses.Ready });
    server.apply(MANAGED_DATABASES, fixture.managedDatabase(native));
  }
  server.failNext(1, 410, (r) => r.verb === 'list' && r.resource === 'cdk8s-dbaas.dev/v1alpha1/manageddatabases' && r.query.includes('continue='));
  const reconciler = await ReconcilerProcess.start(server, { LIST_PAGE_SIZE: '2' });
  await eventually(() => {
    for (const name of ['orders', 'payments', 'catalog', 'users', 'carts']) expect(server.get(MANAGED_DATABASES, NAMESPACE, name)?.status?.phase).toBeDefined();
  }, STARTUP_MS);
  const mdLists = server.requests.filter((r) => r.verb === 'list' && r.resource === 'cdk8s-dbaas.dev/v1alpha1/manageddatabases');
  expect(mdLists.map((r) => [r.query.replace(/&continue=.*/, '&continue=…'), r.status])).toEqual([
    ['limit=2', 200], ['limit=2&continue=…', 410], ['limit=2', 200], ['limit=2&continue=…', 200], ['limit=2&continue=…', 200],
  ]);
  expect(reconciler.logs.some((l) => l.msg === 'list continue token expired, listing again')).toBe(true);
});

test('a fleet-wide change: status patches go out concurrently, one worker per database, as many as WORKERS', async () => {
  const names = Array.from({ length: 12 }, (_, i) => `db-${i}`);
  for (const name of names) {
    const native = server.apply(fixture.cluster, { ...fixture.nativeObject(name), status: fixture.statuses.Ready });
    server.apply(MANAGED_DATABASES, fixture.managedDatabase(native));
  }
  await started({ WORKERS: '4' });
  await eventually(() => names.forEach((name) => expect(server.get(MANAGED_DATABASES, NAMESPACE, name)?.status?.phase).toBe('Ready')), STARTUP_MS);
  // A loaded API server: every status write takes a while.
  server.delay(100, isStatusWrite);
  for (const name of names) server.setStatus(fixture.cluster, NAMESPACE, name, fixture.statuses.Degraded);
  await eventually(() => names.forEach((name) => expect(server.get(MANAGED_DATABASES, NAMESPACE, name)?.status?.phase).toBe('Degraded')), RECOVERY_MS);
  expect(server.peakConcurrency({ verb: 'patch', subresource: 'status' })).toBe(4);
  // Each status write is followed by its Warning event.
  await eventually(() => expect(server.count({ verb: 'create', resource: 'v1/events', status: 201 })).toBe(names.length));
});

describe('leader election (replicas > 1)', () => {
  const election = { LEADER_ELECTION: 'true', LEASE_NAMESPACE: NAMESPACE, LEASE_NAME: 'status-leader', LEASE_DURATION_SECONDS: '2', LEASE_RETRY_SECONDS: '0.2' };
  const leader = async (replicas: ReconcilerProcess[]) => {
    const flags = await Promise.all(replicas.map((r) => r.metric('dbaas_reconciler_leader')));
    expect(flags.filter((f) => f === 1)).toHaveLength(1);
    return replicas[flags.indexOf(1)];
  };

  test('one leader writes; when it stops, the other takes over at once', async () => {
    const replicas = [
      await ReconcilerProcess.start(server, { ...election, POD_NAME: 'reconciler-a' }),
      await ReconcilerProcess.start(server, { ...election, POD_NAME: 'reconciler-b' }),
    ];
    const first = await eventually(() => leader(replicas), STARTUP_MS);
    await eventually(() => expect(phase()).toBe('Provisioning'));
    expect(server.get(LEASES, NAMESPACE, 'status-leader')!.spec.holderIdentity).toBe(first === replicas[0] ? 'reconciler-a' : 'reconciler-b');

    expect(await first.stop('SIGTERM')).toBe(0);
    const second = replicas.find((r) => r !== first)!;
    await eventually(async () => expect(await second.metric('dbaas_reconciler_leader')).toBe(1), 3_000);
    server.setStatus(fixture.cluster, NAMESPACE, 'orders', fixture.statuses.Ready);
    await eventually(() => expect(phase()).toBe('Ready'));
    expect(server.get(LEASES, NAMESPACE, 'status-leader')!.spec).toMatchObject({ leaseTransitions: 1 });
  });

  test('two replicas starting together both try to create the Lease: the loser follows without a warning', async () => {
    // Both find no Lease, then both create it: the API server answers the second with 409 AlreadyExists.
    server.delay(1_000, (r) => r.verb === 'create' && r.resource === 'coordination.k8s.io/v1/leases');
    const replicas = await Promise.all(['reconciler-a', 'reconciler-b'].map((id) => ReconcilerProcess.start(server, { ...election, POD_NAME: id })));
    await eventually(() => leader(replicas), STARTUP_MS);
    const creates = (status: number) => server.count({ verb: 'create', resource: 'coordination.k8s.io/v1/leases', status });
    await eventually(() => expect([creates(201), creates(409)]).toEqual([1, 1]));
    expect(replicas.flatMap((r) => r.logs).filter((l) => l.level !== 'info')).toEqual([]);
  });

  test('a leader that dies without releasing the lease is replaced after the lease expires', async () => {
    const a = await ReconcilerProcess.start(server, { ...election, POD_NAME: 'reconciler-a' });
    await eventually(async () => expect(await a.metric('dbaas_reconciler_leader')).toBe(1), STARTUP_MS);
    const b = await ReconcilerProcess.start(server, { ...election, POD_NAME: 'reconciler-b' });
    await a.stop('SIGKILL');
    await eventually(async () => expect(await b.metric('dbaas_reconciler_leader')).toBe(1), 5_000);
    server.setStatus(fixture.cluster, NAMESPACE, 'orders', fixture.statuses.Ready);
    await eventually(() => expect(phase()).toBe('Ready'));
    expect(condition(server.get(MANAGED_DATABASES, NAMESPACE, 'orders')!.status, 'Ready')?.status).toBe('True');
    // Only the leader recorded events: one per phase change (none for a first status that is no Warning).
    expect(server.list(EVENTS, NAMESPACE).map((e) => e.message.split(':')[0])).toEqual(['Provisioning → Ready']);
  });
});

test('over HTTPS: trusts the kubeconfig\'s certificate authority and sends its token', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopback-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`], { stdio: 'ignore' });
  const tls = { key: fs.readFileSync(`${dir}/key.pem`, 'utf8'), cert: fs.readFileSync(`${dir}/cert.pem`, 'utf8') };
  fs.rmSync(dir, { recursive: true });
  const secure = await KubeApiServer.start({ tls, token: 'tls-token' });
  try {
    const native = secure.apply(fixture.cluster, { ...fixture.nativeObject('orders'), status: fixture.statuses.Ready });
    secure.apply(MANAGED_DATABASES, fixture.managedDatabase(native));
    await ReconcilerProcess.start(secure);
    await eventually(() => expect(secure.get(MANAGED_DATABASES, NAMESPACE, 'orders')?.status?.phase).toBe('Ready'), STARTUP_MS);
    expect(secure.count({ status: 401 })).toBe(0);
  } finally {
    await stopAll();
    await secure.stop();
  }
});
