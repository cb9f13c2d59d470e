/**
 * One database per operator for the end-to-end tests and the benchmark: the native object the library synthesizes,
 * the statuses that operator writes through a life (from the per-operator fixtures in test/reconciler/operators/,
 * written from each operator's source), and the ManagedDatabase the library emits for it, under any name.
 */
import { CNPG_CASES } from './operators/cnpg';
import { EVEREST_CASES } from './operators/everest';
import { MARIADB_CASES } from './operators/mariadb';
import { PERCONA_PG_CASES } from './operators/percona-pg';
import { PSMDB_CASES } from './operators/psmdb';
import { PXC_CASES } from './operators/pxc';
import { CLUSTER, Expected, NAMESPACE, OperatorCases, StateCase, synthesized } from './operators/support';
import { fingerprint, leafPointers } from '../../src/reconciler/fingerprint';
import { rfc3339 } from '../../src/reconciler/status';
import { ResourceId } from '../support/kube-api-server';

type Obj = { [key: string]: any };

export { NAMESPACE };
export const MANAGED_DATABASES: ResourceId = { apiVersion: 'cdk8s-dbaas.dev/v1alpha1', plural: 'manageddatabases' };
export const EVENTS: ResourceId = { apiVersion: 'v1', plural: 'events' };
export const LEASES: ResourceId = { apiVersion: 'coordination.k8s.io/v1', plural: 'leases' };

/** Native statuses through a database's life, each as its operator writes it. */
export interface NativeStatuses {
  readonly Provisioning: Obj;
  readonly Ready: Obj;
  /** A node lost after Ready. */
  readonly Degraded: Obj;
  readonly Paused: Obj;
  /** Undefined for an operator that writes no failure (Percona PG). */
  readonly Failed?: Obj;
}

export interface OperatorFixture {
  readonly name: string;
  readonly cluster: ResourceId & { readonly kind: string };
  readonly backup: ResourceId & { readonly kind: string };
  /** A synthesized spec field to edit out of band, as a merge patch. */
  readonly drift: Obj;
  readonly statuses: NativeStatuses;
  /** What the ManagedDatabase shows when Ready. */
  readonly expectReady: Expected & { readonly endpoint: string };
  /** The native object (no status yet) and its ManagedDatabase, under `name`. */
  nativeObject(name: string): Obj;
  managedDatabase(native: Obj, backupMaxAgeSeconds?: number): Obj;
  backupObject(cluster: string, name: string, completedAt: Date | undefined): Obj;
}

/** The case of a phase, for the first start unless said otherwise. */
function statusOf(cases: OperatorCases, test: (c: StateCase) => boolean, what: string): Obj {
  const found = cases.states.find((c) => c.status !== undefined && test(c));
  if (!found) throw new Error(`${cases.name} has no fixture of ${what}`);
  return found.status!;
}

function resourceId(apiVersion: string, kind: string, plural: string): ResourceId & { readonly kind: string } {
  return { apiVersion, kind, plural };
}

/** A fixture from an operator's cases, its plurals and what to edit out of band. */
function fixture(cases: OperatorCases, plurals: { cluster: string; backup: string }, drift: Obj,
  backupStatus: (completedAt: Date | undefined) => Obj): OperatorFixture {
  let base: ReturnType<typeof synthesized> | undefined;
  const synth = () => (base ??= synthesized(cases.props));
  const phase = (p: string) => (c: StateCase) => c.expect.phase === p;
  const ready = cases.states.find((c) => c.expect.phase === 'Ready')!;
  const failed = cases.states.find((c) => c.status !== undefined && c.expect.phase === 'Failed');
  return {
    name: cases.name,
    get cluster() {
      const { apiVersion, kind } = synth().native;
      return resourceId(apiVersion, kind, plurals.cluster);
    },
    backup: resourceId(cases.backup.apiVersion, cases.backup.kind, plurals.backup),
    drift,
    statuses: {
      Provisioning: statusOf(cases, (c) => c.expect.phase === 'Provisioning' && !c.previousPhase, 'a first start'),
      Ready: ready.status!,
      Degraded: statusOf(cases, (c) => c.situation.includes('node lost'), 'a node lost'),
      Paused: statusOf(cases, phase('Paused'), 'a pause'),
      Failed: failed?.status,
    },
    get expectReady() {
      return { ...ready.expect, endpoint: `${synth().host}:${synth().port}` };
    },
    nativeObject: (name) => {
      const { apiVersion, kind, spec } = synth().native;
      return { apiVersion, kind, metadata: { name, namespace: NAMESPACE }, spec };
    },
    managedDatabase: (native, backupMaxAgeSeconds) => {
      const paths = leafPointers(native, '/spec');
      const { spec } = synth().managedDatabase;
      const name = native.metadata.name;
      return {
        apiVersion: MANAGED_DATABASES.apiVersion,
        kind: 'ManagedDatabase',
        metadata: { name, namespace: NAMESPACE },
        spec: {
          ...spec,
          host: spec.host.replace(CLUSTER, name),
          resource: { apiVersion: native.apiVersion, kind: native.kind, name },
          ...(backupMaxAgeSeconds === undefined ? {} : { backup: { maxAgeSeconds: backupMaxAgeSeconds } }),
          fingerprint: { paths, hash: fingerprint(native, paths) },
        },
      };
    },
    backupObject: (cluster, name, completedAt) => ({
      apiVersion: cases.backup.apiVersion,
      kind: cases.backup.kind,
      metadata: { name, namespace: NAMESPACE },
      spec: JSON.parse(JSON.stringify(cases.backup.spec).replace(`"${CLUSTER}"`, JSON.stringify(cluster))),
      status: backupStatus(completedAt),
    }),
  };
}

/** A Percona-style backup status: `state` and `completed`. */
const perconaBackup = (succeeded: string, failed: string, extra: Obj = {}) => (completedAt: Date | undefined) =>
  (completedAt ? { ...extra, state: succeeded, completed: rfc3339(completedAt) } : { ...extra, state: failed });

export const FIXTURES: ReadonlyArray<OperatorFixture> = [
  fixture(PXC_CASES[0], { cluster: 'perconaxtradbclusters', backup: 'perconaxtradbclusterbackups' }, { pxc: { size: 5 } },
    perconaBackup('Succeeded', 'Failed')),
  fixture(PSMDB_CASES[0], { cluster: 'perconaservermongodbs', backup: 'perconaservermongodbbackups' },
    { image: 'percona/percona-server-mongodb:7.0.28-15' }, perconaBackup('ready', 'error')),
  fixture(PERCONA_PG_CASES[0], { cluster: 'perconapgclusters', backup: 'perconapgbackups' }, { postgresVersion: 16 },
    perconaBackup('Succeeded', 'Failed')),
  fixture(CNPG_CASES[0], { cluster: 'clusters', backup: 'backups' }, { storage: { size: '10Gi' } },
    (completedAt) => (completedAt ? { phase: 'completed', stoppedAt: rfc3339(completedAt) } : { phase: 'failed' })),
  fixture(EVEREST_CASES[0], { cluster: 'databaseclusters', backup: 'databaseclusterbackups' }, { engine: { replicas: 1 } },
    perconaBackup('Succeeded', 'Failed', { gaps: false })),
  // A PhysicalBackup: the newest Job's start (lastScheduleTime) once every Job is complete; a failed Job otherwise.
  fixture(MARIADB_CASES[0], { cluster: 'mariadbs', backup: 'physicalbackups' }, { storage: { size: '40Gi' } }, (completedAt) => {
    const at = rfc3339(completedAt ?? new Date());
    return completedAt
      ? { conditions: [{ type: 'Complete', status: 'True', reason: 'JobComplete', message: 'Success', lastTransitionTime: at }], lastScheduleTime: at }
      : { conditions: [{ type: 'Complete', status: 'True', reason: 'JobFailed', message: 'Failed', lastTransitionTime: at }] };
  }),
];

/** The condition of a type in a status. */
export function condition(status: Obj | undefined, type: string): Obj | undefined {
  return (status?.conditions ?? []).find((c: Obj) => c.type === type);
}
