/**
 * The status rules in isolation: each operator's states mapped onto the one phase vocabulary (the phases the
 * end-to-end tests do not reach), the engine-neutral rules on top, and the conditions.
 */
import { condition, FIXTURES, managedDatabase, nativeObject } from './fixtures';
import { statusMappings } from '../../src/operators';
import { fingerprint, leafPointers } from '../../src/reconciler/fingerprint';
import { desiredStatus, Observation, sameVersion } from '../../src/reconciler/status';
import { mappingFor } from '../../src/status-mapping';

/** desiredStatus with the registry's mapping of the ManagedDatabase's kind, looked up as the controller does. */
function statusOf(observation: Omit<Observation, 'operator'>) {
  const resource = observation.managedDatabase.spec?.resource ?? {};
  return desiredStatus({ ...observation, operator: mappingFor(statusMappings(), resource.apiVersion, resource.kind) });
}

const NOW = new Date('2026-06-01T12:00:00Z');
const fixtureOf = (name: string) => FIXTURES.find((f) => f.name === name)!;

function phaseOf(fixtureName: string, status: object, spec?: object): string {
  const fixture = fixtureOf(fixtureName);
  const native = { ...nativeObject(fixture, 'orders'), ...(spec ? { spec } : {}), status };
  return statusOf({ managedDatabase: managedDatabase(fixture, native), native, now: NOW }).status.phase;
}

test.each([
  ['PXC', { state: 'initializing', pxc: { ready: 2, size: 3, version: '8.0.39-30.1' } }, 'Upgrading'],
  ['PXC', { state: 'initializing', pxc: { ready: 2, size: 3, version: '8.0.42-33.1' } }, 'Provisioning'],
  ['PXC', { state: 'stopping' }, 'Paused'],
  ['PXC', { state: 'unknown' }, 'Degraded'],
  ['PXC', { state: 'a-state-from-a-newer-operator' }, 'Degraded'],
  ['PSMDB', { state: 'pending' }, 'Provisioning'],
  ['PSMDB', { state: 'paused' }, 'Paused'],
  ['Percona PG', { state: 'initializing', postgres: { ready: 3, size: 3, version: 16 } }, 'Upgrading'],
  ['Percona PG', { state: 'initializing', postgres: { ready: 3, size: 3, version: 17 } }, 'Provisioning'],
  ['Percona PG', { state: 'stopping' }, 'Paused'],
  ['CloudNativePG', {}, 'Provisioning'],
  ['CloudNativePG', { phase: 'Upgrading cluster', instances: 3, readyInstances: 2 }, 'Upgrading'],
  ['CloudNativePG', { phase: 'Applying configuration' }, 'Upgrading'],
  ['CloudNativePG', { phase: 'Switchover in progress' }, 'Degraded'],
  ['CloudNativePG', { phase: 'Unable to create required cluster objects' }, 'Failed'],
  ['OpenEverest', { status: 'restoring' }, 'Restoring'],
  ['OpenEverest', { status: 'upgrading' }, 'Upgrading'],
  ['OpenEverest', { status: 'deleting' }, 'Deleting'],
  ['OpenEverest', { status: 'pausing' }, 'Paused'],
  ['OpenEverest', { status: 'creating' }, 'Provisioning'],
])('%s %j is %s', (fixture, status, phase) => {
  expect(phaseOf(fixture, status)).toBe(phase);
});

test('CloudNativePG: a cluster bootstrapping from a backup is Restoring', () => {
  const spec = { ...fixtureOf('CloudNativePG').spec, bootstrap: { recovery: { source: 'origin' } } };
  expect(phaseOf('CloudNativePG', { phase: 'Setting up primary' }, spec)).toBe('Restoring');
});

test('a native kind the reconciler does not know leaves Ready unknown', () => {
  const md = managedDatabase(fixtureOf('PXC'), { ...nativeObject(fixtureOf('PXC'), 'orders'), apiVersion: 'example.com/v1', kind: 'Database' });
  expect(condition(statusOf({ managedDatabase: md, now: NOW }).status, 'Ready')).toMatchObject({ status: 'Unknown', reason: 'UnsupportedKind' });
});

test('every operator in the table has a fixture, and the other way round', () => {
  expect(statusMappings().map((op) => op.cluster.kind).sort()).toEqual(FIXTURES.map((f) => f.cluster.kind).sort());
});

test('conditions keep their lastTransitionTime while their status holds', () => {
  const fixture = fixtureOf('PXC');
  const native = { ...nativeObject(fixture, 'orders'), status: fixture.statuses.Ready };
  const md = managedDatabase(fixture, native);
  const first = statusOf({ managedDatabase: md, native, now: NOW }).status;
  const later = new Date(NOW.getTime() + 60_000);
  const again = statusOf({ managedDatabase: { ...md, status: first }, native, now: later }).status;
  expect(again).toEqual(first);
  const failing = { ...native, status: fixture.statuses.Degraded };
  const degraded = statusOf({ managedDatabase: { ...md, status: first }, native: failing, now: later }).status;
  expect(condition(degraded, 'Ready')!.lastTransitionTime).toBe('2026-06-01T12:01:00Z');
  expect(condition(degraded, 'SpecInSync')!.lastTransitionTime).toBe('2026-06-01T12:00:00Z');
});

test('BackupHealthy without a schedule, and the moment a fresh backup turns stale', () => {
  const fixture = fixtureOf('PXC');
  const native = { ...nativeObject(fixture, 'orders'), status: fixture.statuses.Ready };
  const unscheduled = statusOf({ managedDatabase: managedDatabase(fixture, native), native, now: NOW });
  expect(condition(unscheduled.status, 'BackupHealthy')).toMatchObject({ status: 'False', reason: 'NoSchedule' });
  expect(unscheduled.recheckAt).toBeUndefined();
  const lastSuccessfulBackup = new Date(NOW.getTime() - 1000);
  const fresh = statusOf({ managedDatabase: managedDatabase(fixture, native, 3600), native, lastSuccessfulBackup, now: NOW });
  expect(fresh.recheckAt).toBe(lastSuccessfulBackup.getTime() + 3_600_000);
});

test('versions agree as far as both are precise', () => {
  expect(sameVersion('17', '17.7')).toBe(true);
  expect(sameVersion('17.7-standard-bookworm', '17.7')).toBe(true);
  expect(sameVersion('8.0.42-33.1', '8.0.42-33.1')).toBe(true);
  expect(sameVersion('16', '17.7')).toBe(false);
  expect(sameVersion('8.0.39-30.1', '8.0.42-33.1')).toBe(false);
});

test('fingerprint paths are JSON pointers: keys with / and ~ escaped, list items one by one', () => {
  const obj = { spec: { labels: { 'app.kubernetes.io/name': 'x', 'a~b': 1 }, list: [{ name: 'a' }], empty: {} } };
  expect(leafPointers(obj, '/spec')).toEqual(['/spec/labels/app.kubernetes.io~1name', '/spec/labels/a~0b', '/spec/list/0/name', '/spec/empty']);
  const paths = leafPointers(obj, '/spec');
  const defaulted = { spec: { ...obj.spec, list: [{ name: 'a', defaulted: true }], extra: 1 } };
  expect(fingerprint(defaulted, paths)).toBe(fingerprint(obj, paths));
  expect(fingerprint({ spec: { ...obj.spec, list: [] } }, paths)).not.toBe(fingerprint(obj, paths));
});
