/**
 * The README's `kubectl get manageddatabases -A` example is what the reconciler prints: the ManagedDatabases and
 * CRD the library synthesizes for three clusters, with the statuses the reconciler computes from native statuses
 * their operators write (test/reconciler/operators/), rendered as kubectl renders printer columns.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Chart, Testing } from 'cdk8s';
import { CNPG_CASES } from './operators/cnpg';
import { PSMDB_CASES } from './operators/psmdb';
import { PXC_CASES } from './operators/pxc';
import { StateCase } from './operators/support';
import { DatabaseCluster, StatusReconciler } from '../../src';
import { statusMappings } from '../../src/operators';
import { desiredStatus } from '../../src/reconciler/status';
import { mappingFor } from '../../src/status-mapping';
import { humanDuration, kubectlGetAllNamespaces } from '../support/kubectl';
import { ofKind, only, synthValid } from '../support/schema';

const NOW = new Date('2026-05-20T12:00:00Z');
const HOUR = 3_600_000;

/** The fenced block that follows the README's `kubectl get manageddatabases -A`, without the command line. */
function readmeExample(): string[] {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const block = /```console\n\$ kubectl get manageddatabases -A[^\n]*\n([\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('README.md has no `kubectl get manageddatabases -A` example');
  return block[1].trimEnd().split('\n');
}

const situation = (cases: ReadonlyArray<StateCase>, text: string) => cases.find((c) => c.situation.startsWith(text))!;

test('the README\'s `kubectl get mdb -A` example is what the reconciler prints', () => {
  const chart = new Chart(Testing.app(), 'fleet', { namespace: 'shop' });
  new StatusReconciler(chart, 'status', { namespace: 'dbaas-system' });
  const clusters = [
    // Ready, with its HAProxy pods, backed up 3 hours ago.
    { cluster: new DatabaseCluster(chart, 'orders', PXC_CASES[0].props), state: situation(PXC_CASES[0].states, 'every member'), backupAgo: 3 * HOUR },
    // Lost a node after being Ready; its clients go through the PgBouncer Pooler.
    {
      cluster: new DatabaseCluster(chart, 'catalog', CNPG_CASES[0].props),
      state: situation(CNPG_CASES[0].states, 'a node lost'),
      backupAgo: 26 * HOUR,
    },
    // Sharded: six shard members, three mongos routers (and three config servers, in status.components).
    { cluster: new DatabaseCluster(chart, 'sessions', PSMDB_CASES[1].props), state: situation(PSMDB_CASES[1].states, 'sharded, every'), backupAgo: 5 * HOUR },
  ];
  const objects = synthValid(chart);
  const created = new Date(NOW.getTime() - 9 * 24 * HOUR).toISOString();
  const managedDatabases = ofKind(objects, 'ManagedDatabase').map((md) => {
    const { cluster, state, backupAgo } = clusters.find((c) => c.cluster.name === md.metadata.name)!;
    const native = { ...cluster.engineResource.toJson(), status: state.status };
    const { status } = desiredStatus({
      managedDatabase: { ...md, status: state.previousPhase ? { phase: state.previousPhase } : undefined },
      operator: mappingFor(statusMappings(), native.apiVersion, native.kind),
      native,
      lastSuccessfulBackup: new Date(NOW.getTime() - backupAgo),
      now: NOW,
    });
    return { ...md, metadata: { ...md.metadata, creationTimestamp: created }, status };
  });
  expect(kubectlGetAllNamespaces(only(objects, 'CustomResourceDefinition'), managedDatabases, NOW)).toEqual(readmeExample());
});

test('ages as kubectl words them (duration.HumanDuration)', () => {
  const s = 1000;
  expect([-3 * s, -1 * s, 90 * s, 5 * 60 * s, 5 * 60 * s + 7 * s, 47 * 60 * s, 3 * HOUR + 30 * 60 * s, 8 * HOUR, 26 * HOUR, 73 * HOUR, 9 * 24 * HOUR,
    800 * 24 * HOUR, 9 * 365 * 24 * HOUR].map(humanDuration))
    .toEqual(['<invalid>', '0s', '90s', '5m', '5m7s', '47m', '3h30m', '8h', '26h', '3d1h', '9d', '2y70d', '9y']);
});
