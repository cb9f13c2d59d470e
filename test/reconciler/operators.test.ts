/**
 * End to end, per operator: the bundled reconciler against the loopback API server turns each operator's native
 * status and backups into ManagedDatabase.status within 2 s, detects out-of-band spec edits, and writes nothing
 * while nothing changes.
 */
import { condition, EVENTS, FIXTURES, MANAGED_DATABASES, NAMESPACE, OperatorFixture } from './fixtures';
import { eventually, quietPeriod, ReconcilerProcess, STARTUP_MS, stopAll } from './harness';
import { rfc3339 } from '../../src/reconciler/status';
import { KubeApiServer } from '../support/kube-api-server';

const WITHIN_MS = 2_000;
const HOUR = 3_600_000;

let server: KubeApiServer;
beforeEach(async () => {
  server = await KubeApiServer.start({ token: 'reconciler-token', bookmarkIntervalMs: 200 });
});
afterEach(async () => {
  await stopAll();
  await server.stop();
});

const statusOf = (name = 'orders') => server.get(MANAGED_DATABASES, NAMESPACE, name)?.status;
const statusWrites = () => server.count({ resource: 'cdk8s-dbaas.dev/v1alpha1/manageddatabases', subresource: 'status', verb: 'patch', status: 200 });

describe.each(FIXTURES.map((f) => [f.name, f] as const))('%s', (_name, fixture: OperatorFixture) => {
  test('every phase of a life reaches ManagedDatabase.status within 2 s, with an Event per change: a node loss is a Warning', async () => {
    const native = server.apply(fixture.cluster, fixture.nativeObject('orders'));
    server.apply(MANAGED_DATABASES, fixture.managedDatabase(native, 86_400));
    await ReconcilerProcess.start(server);
    await eventually(() => expect(statusOf()?.phase).toBe('Provisioning'), STARTUP_MS);
    server.setStatus(fixture.cluster, NAMESPACE, 'orders', fixture.statuses.Provisioning);

    server.setStatus(fixture.cluster, NAMESPACE, 'orders', fixture.statuses.Ready);
    const { endpoint, ready, proxies, engineVersion } = fixture.expectReady;
    const status = await eventually(() => {
      expect(statusOf()).toMatchObject({ phase: 'Ready', ready, endpoint, ...(proxies ? { proxies } : {}) });
      expect(condition(statusOf(), 'Ready')?.status).toBe('True');
      return statusOf();
    }, WITHIN_MS);
    expect(status.engineVersion).toBe(engineVersion);
    expect(status.observedGeneration).toBe(1);

    const later = fixture.statuses.Failed ? (['Degraded', 'Paused', 'Failed'] as const) : (['Degraded', 'Paused'] as const);
    for (const phase of later) {
      server.setStatus(fixture.cluster, NAMESPACE, 'orders', fixture.statuses[phase]!);
      await eventually(() => {
        expect(statusOf()?.phase).toBe(phase);
        expect(condition(statusOf(), 'Ready')).toMatchObject({ status: 'False', reason: phase });
      }, WITHIN_MS);
    }

    // No Event for the first status (Provisioning): there is nothing to tell about a database simply being there.
    const changes = ['Provisioning → Ready', 'Ready → Degraded', 'Degraded → Paused', ...(fixture.statuses.Failed ? ['Paused → Failed'] : [])];
    const events = await eventually(() => {
      const all = server.list(EVENTS, NAMESPACE).sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
      expect(all.map((e) => e.message.split(':')[0])).toEqual(changes);
      return all;
    }, WITHIN_MS);
    expect(events.map((e) => e.type)).toEqual(changes.map((c) => (/→ (Degraded|Failed)$/.test(c) ? 'Warning' : 'Normal')));
    expect(events[1]).toMatchObject({ reason: 'PhaseChanged', involvedObject: { kind: 'ManagedDatabase', name: 'orders' } });
    expect(events[1].message).toContain('after being Ready');

    server.apply(fixture.cluster, { ...server.get(fixture.cluster, NAMESPACE, 'orders')!, metadata: { name: 'orders', namespace: NAMESPACE, deletionTimestamp: new Date().toISOString() } });
    await eventually(() => expect(statusOf()?.phase).toBe('Deleting'), WITHIN_MS);
  });

  test('backups: a new success updates lastSuccessfulBackup; a stale one turns BackupHealthy false', async () => {
    const native = server.apply(fixture.cluster, { ...fixture.nativeObject('orders'), status: fixture.statuses.Ready });
    server.apply(MANAGED_DATABASES, fixture.managedDatabase(native, 3_600));
    // A backup of another cluster and a failed one must not count.
    server.apply(fixture.backup, fixture.backupObject('payments', 'payments-1', new Date(Date.now() - 60_000)));
    server.apply(fixture.backup, fixture.backupObject('orders', 'orders-failed', undefined));
    await ReconcilerProcess.start(server);
    await eventually(() => expect(condition(statusOf(), 'BackupHealthy')).toMatchObject({ status: 'False', reason: 'NoSuccessfulBackup' }), STARTUP_MS);

    const stale = new Date(Date.now() - 2 * HOUR);
    server.apply(fixture.backup, fixture.backupObject('orders', 'orders-1', stale));
    await eventually(() => {
      expect(statusOf()?.lastSuccessfulBackup).toBe(rfc3339(stale));
      expect(condition(statusOf(), 'BackupHealthy')).toMatchObject({ status: 'False', reason: 'BackupStale' });
    }, WITHIN_MS);

    const fresh = new Date(Date.now() - 60_000);
    server.apply(fixture.backup, fixture.backupObject('orders', 'orders-2', fresh));
    await eventually(() => {
      expect(statusOf()?.lastSuccessfulBackup).toBe(rfc3339(fresh));
      expect(condition(statusOf(), 'BackupHealthy')).toMatchObject({ status: 'True', reason: 'BackupFresh' });
    }, WITHIN_MS);
  });

  test('an out-of-band edit of a synthesized field turns SpecInSync false; operator defaults do not', async () => {
    const native = server.apply(fixture.cluster, { ...fixture.nativeObject('orders'), status: fixture.statuses.Ready });
    server.apply(MANAGED_DATABASES, fixture.managedDatabase(native));
    await ReconcilerProcess.start(server);
    await eventually(() => expect(condition(statusOf(), 'SpecInSync')).toMatchObject({ status: 'True', reason: 'Matches' }), STARTUP_MS);

    // An operator writing back a default the library did not set.
    server.patchSpec(fixture.cluster, NAMESPACE, 'orders', { operatorDefaultedField: 'x' });
    await quietPeriod(300);
    expect(condition(statusOf(), 'SpecInSync')?.status).toBe('True');

    server.patchSpec(fixture.cluster, NAMESPACE, 'orders', fixture.drift);
    await eventually(() => expect(condition(statusOf(), 'SpecInSync')).toMatchObject({ status: 'False', reason: 'Drifted' }), WITHIN_MS);
  });

  test('watch expiry, a 409 and an API server restart are each survived with the final status correct', async () => {
    const native = server.apply(fixture.cluster, { ...fixture.nativeObject('orders'), status: fixture.statuses.Provisioning });
    server.apply(MANAGED_DATABASES, fixture.managedDatabase(native));
    await ReconcilerProcess.start(server);
    await eventually(() => expect(statusOf()?.phase).toBe('Provisioning'), STARTUP_MS);

    server.expireWatches();
    server.setStatus(fixture.cluster, NAMESPACE, 'orders', fixture.statuses.Ready);
    await eventually(() => expect(statusOf()).toMatchObject({ phase: 'Ready', endpoint: fixture.expectReady.endpoint }), WITHIN_MS);

    server.failNext(1, 409, (r) => r.verb === 'patch' && r.subresource === 'status');
    server.setStatus(fixture.cluster, NAMESPACE, 'orders', fixture.statuses.Degraded);
    await eventually(() => expect(statusOf()?.phase).toBe('Degraded'), WITHIN_MS);
    expect(server.count({ verb: 'patch', subresource: 'status', status: 409 })).toBe(1);

    await server.stop();
    server.setStatus(fixture.cluster, NAMESPACE, 'orders', fixture.statuses.Paused);
    await server.restart();
    await eventually(() => expect(statusOf()?.phase).toBe('Paused'), STARTUP_MS);
  });

  test('no status write happens while nothing changes', async () => {
    const native = server.apply(fixture.cluster, { ...fixture.nativeObject('orders'), status: fixture.statuses.Ready });
    server.apply(MANAGED_DATABASES, fixture.managedDatabase(native, 86_400));
    server.apply(fixture.backup, fixture.backupObject('orders', 'orders-1', new Date(Date.now() - 60_000)));
    await ReconcilerProcess.start(server);
    await eventually(() => expect(condition(statusOf(), 'BackupHealthy')?.status).toBe('True'), STARTUP_MS);
    const writes = statusWrites();
    expect(writes).toBe(1);

    // Bookmarks keep arriving (every 200 ms); an unrelated status change of the native object changes nothing.
    server.setStatus(fixture.cluster, NAMESPACE, 'orders', { ...fixture.statuses.Ready, observedGeneration: 7 });
    await quietPeriod(1_500);
    expect(statusWrites()).toBe(writes);
    // One list per watched kind, none since: ManagedDatabase and each operator's cluster and backup kinds.
    expect(server.count({ verb: 'list' })).toBe(1 + 2 * FIXTURES.length);
  });
});

test('a stale backup turns BackupHealthy false with time alone, without any event', async () => {
  const fixture = FIXTURES[0];
  const native = server.apply(fixture.cluster, { ...fixture.nativeObject('orders'), status: fixture.statuses.Ready });
  server.apply(MANAGED_DATABASES, fixture.managedDatabase(native, 3));
  await ReconcilerProcess.start(server);
  await eventually(() => expect(statusOf()?.phase).toBe('Ready'), STARTUP_MS);
  server.apply(fixture.backup, fixture.backupObject('orders', 'orders-1', new Date()));
  await eventually(() => expect(condition(statusOf(), 'BackupHealthy')?.status).toBe('True'), WITHIN_MS);
  const writes = statusWrites();
  await eventually(() => expect(condition(statusOf(), 'BackupHealthy')).toMatchObject({ status: 'False', reason: 'BackupStale' }), 4_000);
  expect(statusWrites()).toBe(writes + 1);
});

test('a ManagedDatabase created after the reconciler started, and one whose native resource is missing', async () => {
  const fixture = FIXTURES[3];
  await ReconcilerProcess.start(server);
  const native = fixture.nativeObject('orders');
  server.apply(MANAGED_DATABASES, fixture.managedDatabase(native));
  await eventually(() => {
    expect(statusOf()).toMatchObject({ phase: 'Provisioning' });
    expect(condition(statusOf(), 'Ready')).toMatchObject({ status: 'False', reason: 'NotFound' });
    expect(condition(statusOf(), 'SpecInSync')).toMatchObject({ status: 'Unknown', reason: 'NotFound' });
  }, STARTUP_MS);
  server.apply(fixture.cluster, { ...native, status: fixture.statuses.Ready });
  await eventually(() => expect(statusOf()).toMatchObject({ phase: 'Ready' }), WITHIN_MS);
});

test('a backup object that runs a schedule (MariaDB\'s PhysicalBackup) keeps its last success while its next run fails', async () => {
  const fixture = FIXTURES.find((f) => f.backup.kind === 'PhysicalBackup')!;
  const native = server.apply(fixture.cluster, { ...fixture.nativeObject('orders'), status: fixture.statuses.Ready });
  server.apply(MANAGED_DATABASES, fixture.managedDatabase(native, 86_400));
  const daily = new Date(Date.now() - HOUR);
  server.apply(fixture.backup, fixture.backupObject('orders', 'orders-daily', daily));
  await ReconcilerProcess.start(server);
  await eventually(() => expect(statusOf()?.lastSuccessfulBackup).toBe(rfc3339(daily)), STARTUP_MS);
  const writes = statusWrites();

  server.apply(fixture.backup, fixture.backupObject('orders', 'orders-daily', undefined));
  await quietPeriod(500);
  expect(statusWrites()).toBe(writes);
  expect(condition(statusOf(), 'BackupHealthy')?.status).toBe('True');

  const next = new Date(Date.now() - 60_000);
  server.apply(fixture.backup, fixture.backupObject('orders', 'orders-daily', next));
  await eventually(() => expect(statusOf()?.lastSuccessfulBackup).toBe(rfc3339(next)), WITHIN_MS);
});
