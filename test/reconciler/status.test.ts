/**
 * The engine-neutral status rules in isolation (each operator's states are in mappings.test.ts): a first start told
 * from a loss, unknown kinds and states, the conditions, versions and fingerprints.
 */
import { condition, FIXTURES } from './fixtures';
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

/** The status of `fixture`'s native object with `status`, the ManagedDatabase's previous phase being `previous`. */
function statusFor(fixtureName: string, status: object, previous?: string) {
  const fixture = fixtureOf(fixtureName);
  const native = { ...fixture.nativeObject('orders'), status };
  const md = fixture.managedDatabase(native);
  return statusOf({ managedDatabase: previous ? { ...md, status: { phase: previous } } : md, native, now: NOW }).status;
}

describe('a first start or a loss: the ManagedDatabase remembers that it was Ready', () => {
  test.each(FIXTURES.map((f) => [f.name, f] as const))('%s: the same native status is Provisioning before Ready, Degraded after', (name, fixture) => {
    const degradedAfterReady = statusFor(name, fixture.statuses.Degraded, 'Ready');
    expect(degradedAfterReady.phase).toBe('Degraded');
    expect(condition(degradedAfterReady, 'Ready')!.message).toContain('after being Ready');
    // Once Degraded, it stays Degraded (the memory holds) until the operator reports ready again.
    expect(statusFor(name, fixture.statuses.Degraded, 'Degraded').phase).toBe('Degraded');
    expect(statusFor(name, fixture.statuses.Ready, 'Degraded').phase).toBe('Ready');
  });

  test.each(['Paused', 'Restoring', 'Provisioning', 'Failed'])('after %s, a member still starting is a start', (previous) => {
    expect(statusFor('Percona PG', fixtureOf('Percona PG').statuses.Degraded, previous).phase).toBe('Provisioning');
  });
});

test('a native kind the reconciler does not know leaves Ready unknown', () => {
  const md = fixtureOf('PXC').managedDatabase({ ...fixtureOf('PXC').nativeObject('orders'), apiVersion: 'example.com/v1', kind: 'Database' });
  expect(condition(statusOf({ managedDatabase: md, now: NOW }).status, 'Ready')).toMatchObject({ status: 'Unknown', reason: 'UnsupportedKind' });
});

test('a state newer than the tables is Degraded, with the operator\'s words in the message', () => {
  const status = statusFor('PXC', { ...fixtureOf('PXC').statuses.Ready, state: 'a-state-from-a-newer-operator' });
  expect(status.phase).toBe('Degraded');
  expect(condition(status, 'Ready')!.message).toBe('Percona XtraDB Cluster reports "a-state-from-a-newer-operator"; 3/3 members ready, haproxy 3/3');
});

test('every operator in the table has a fixture, and the other way round', () => {
  expect(statusMappings().map((op) => op.cluster.kind).sort()).toEqual(FIXTURES.map((f) => f.cluster.kind).sort());
});

test('conditions keep their lastTransitionTime while their status holds', () => {
  const fixture = fixtureOf('PXC');
  const native = { ...fixture.nativeObject('orders'), status: fixture.statuses.Ready };
  const md = fixture.managedDatabase(native);
  const first = statusOf({ managedDatabase: md, native, now: NOW }).status;
  const later = new Date(NOW.getTime() + 60_000);
  const again = statusOf({ managedDatabase: { ...md, status: first }, native, now: later }).status;
  expect(again).toEqual(first);
  const failing = { ...native, status: fixture.statuses.Failed };
  const degraded = statusOf({ managedDatabase: { ...md, status: first }, native: failing, now: later }).status;
  expect(condition(degraded, 'Ready')!.lastTransitionTime).toBe('2026-06-01T12:01:00Z');
  expect(condition(degraded, 'SpecInSync')!.lastTransitionTime).toBe('2026-06-01T12:00:00Z');
});

test('BackupHealthy without a schedule, and the moment a fresh backup turns stale', () => {
  const fixture = fixtureOf('PXC');
  const native = { ...fixture.nativeObject('orders'), status: fixture.statuses.Ready };
  const unscheduled = statusOf({ managedDatabase: fixture.managedDatabase(native), native, now: NOW });
  expect(condition(unscheduled.status, 'BackupHealthy')).toMatchObject({ status: 'False', reason: 'NoSchedule' });
  expect(unscheduled.recheckAt).toBeUndefined();
  const lastSuccessfulBackup = new Date(NOW.getTime() - 1000);
  const fresh = statusOf({ managedDatabase: fixture.managedDatabase(native, 3600), native, lastSuccessfulBackup, now: NOW });
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
