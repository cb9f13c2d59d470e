/**
 * Percona XtraDB Cluster operator 1.18.0: pkg/controller/pxc/status.go:updateStatus writes the whole
 * PerconaXtraDBClusterStatus (pkg/apis/pxc/v1/pxc_types.go) with Status().Update: every AppStatus and
 * ComponentStatus struct is present (`{}` when empty), `size` and `ready` always; the state comes from
 * pxc_types.go:ClusterStatus; a condition of the state is appended on every change (AddCondition, last 20 kept).
 */
import { OperatorCases, perconaCondition, T0, T1, T2, T3 } from './support';
import { DatabaseEngine, MysqlVersion } from '../../../src';

type Obj = { [key: string]: any };

const VERSION = '8.0.42-33.1';
const selector = (component: string) => `app.kubernetes.io/component=${component},app.kubernetes.io/instance=orders,`
  + 'app.kubernetes.io/managed-by=percona-xtradb-cluster-operator,app.kubernetes.io/name=percona-xtradb-cluster,'
  + 'app.kubernetes.io/part-of=percona-xtradb-cluster';

/** status.go:appStatus of one component: size from the spec, ready pods, its own status. */
function app(component: string, state: string, ready: number, version?: string): Obj {
  return { status: state, size: 3, ready, labelSelectorPath: selector(component), ...(version ? { version, image: `percona/percona-xtradb-cluster:${version}` } : {}) };
}

/** A whole status as updateStatus writes it: HAProxy on, ProxySQL off; the host is HAProxy's Service. */
function status(state: string, pxc: Obj, haproxy: Obj, conditions: Obj[], extra: Obj = {}): Obj {
  return {
    pxc,
    haproxy,
    proxysql: {},
    backup: {},
    pmm: {},
    logcollector: {},
    host: 'orders-haproxy.shop',
    state,
    conditions,
    observedGeneration: 1,
    size: (pxc.size ?? 0) + (haproxy.size ?? 0),
    ready: (pxc.ready ?? 0) + (haproxy.ready ?? 0),
    ...extra,
  };
}

const STARTED = [perconaCondition('initializing', T0), perconaCondition('ready', T1)];

export const PXC_CASES: ReadonlyArray<OperatorCases> = [{
  name: 'PXC',
  props: { engine: DatabaseEngine.mysql({ version: MysqlVersion.V8_0_42 }) },
  states: [
    {
      state: '',
      situation: 'created, not reconciled yet',
      source: 'no status before the first updateStatus',
      expect: { phase: 'Provisioning', ready: '0/3', proxies: 'haproxy 0/3' },
    },
    {
      state: 'initializing',
      situation: 'a first start, one member up',
      source: 'status.go:updateStatus, pxc_types.go:ClusterStatus (default: pxc not ready)',
      status: status('initializing', app('pxc', 'initializing', 1), app('haproxy', 'initializing', 0), [perconaCondition('initializing', T0)]),
      expect: { phase: 'Provisioning', ready: '1/3', proxies: 'haproxy 0/3' },
    },
    {
      state: 'ready',
      situation: 'every member and proxy ready',
      source: 'pxc_types.go:ClusterStatus (pxc ready, host set, no StatefulSet rolling)',
      status: status('ready', app('pxc', 'ready', 3, VERSION), app('haproxy', 'ready', 3), STARTED),
      expect: {
        phase: 'Ready',
        ready: '3/3',
        proxies: 'haproxy 3/3',
        engineVersion: VERSION,
        components: [{ name: 'haproxy', role: 'Proxy', ready: 3, desired: 3 }],
      },
    },
    {
      state: 'initializing',
      situation: 'a node lost after Ready: one member and one HAProxy down (first seen now)',
      source: 'status.go:appStatus counts 2 of 3 ContainersReady; ClusterStatus falls to its default',
      status: status('initializing', app('pxc', 'initializing', 2, VERSION), app('haproxy', 'initializing', 2),
        [...STARTED, perconaCondition('initializing', T2)]),
      expect: { phase: 'Degraded', ready: '2/3', proxies: 'haproxy 2/3' },
    },
    {
      state: 'initializing',
      situation: 'only HAProxy down after Ready: the cluster takes the proxy\'s state',
      source: 'pxc_types.go:ClusterStatus (HAProxy status differs from pxc)',
      status: status('initializing', app('pxc', 'ready', 3, VERSION), app('haproxy', 'initializing', 2),
        [...STARTED, perconaCondition('initializing', T2)]),
      expect: { phase: 'Degraded', ready: '3/3', proxies: 'haproxy 2/3' },
    },
    {
      state: 'initializing',
      situation: 'resumed after a pause: a start again, though the history holds `ready`',
      source: 'status.go:appStatus (pods starting), pxc_types.go:ClusterStatus',
      status: status('initializing', app('pxc', 'initializing', 1, VERSION), app('haproxy', 'initializing', 0),
        [...STARTED, perconaCondition('stopping', T2), perconaCondition('paused', T2), perconaCondition('initializing', T3)]),
      previousPhase: 'Paused',
      expect: { phase: 'Provisioning', ready: '1/3' },
    },
    {
      state: 'initializing',
      situation: 'a PVC resize after Ready, every pod ready',
      source: 'status.go:updateStatus (PVCResizeInProgress forces initializing, counts of the last pass)',
      status: status('initializing', app('pxc', 'ready', 3, VERSION), app('haproxy', 'ready', 3),
        [...STARTED, perconaCondition('initializing', T2)]),
      expect: { phase: 'Upgrading', ready: '3/3' },
    },
    {
      state: 'initializing',
      situation: 'a version upgrade rolling (SmartUpdate): pods on the old revision do not count',
      source: 'status.go:appStatus (controller-revision-hash != updateRevision); status.pxc.version still the old one',
      status: status('initializing', app('pxc', 'initializing', 1, '8.0.39-30.1'), app('haproxy', 'ready', 3),
        [...STARTED, perconaCondition('initializing', T2)]),
      expect: { phase: 'Upgrading', ready: '1/3', engineVersion: '8.0.39-30.1' },
    },
    {
      state: 'error',
      situation: 'a reconcile failed while the cluster serves',
      source: 'status.go:updateStatus (reconcileErr: state and condition error, counts of the last pass kept)',
      status: status('error', app('pxc', 'ready', 3, VERSION), app('haproxy', 'ready', 3),
        [...STARTED, perconaCondition('error', T2, { reason: 'ErrorReconcile', message: 'reconcile users: get secret' })],
        { message: ['Error: reconcile users: get secret'] }),
      expect: { phase: 'Degraded', ready: '3/3' },
    },
    {
      state: 'error',
      situation: 'a first start that fails before any member runs',
      source: 'status.go:updateStatus (reconcileErr)',
      status: status('error', {}, {}, [perconaCondition('error', T0, { reason: 'ErrorReconcile', message: 'wrong PXC options' })],
        { message: ['Error: wrong PXC options'], size: 0, ready: 0 }),
      expect: { phase: 'Failed', ready: '0/3' },
    },
    {
      state: 'stopping',
      situation: 'paused by the user, pods still running',
      source: 'status.go:appStatus (paused with ready pods), pxc_types.go:ClusterStatus',
      spec: { pause: true },
      status: status('stopping', app('pxc', 'stopping', 2, VERSION), app('haproxy', 'stopping', 1),
        [...STARTED, perconaCondition('stopping', T2)]),
      previousPhase: 'Ready',
      expect: { phase: 'Paused', ready: '2/3' },
    },
    {
      state: 'paused',
      situation: 'paused by the user, every pod gone',
      source: 'status.go:appStatus (paused, no pod ready), pxc_types.go:ClusterStatus',
      spec: { pause: true },
      status: status('paused', app('pxc', 'paused', 0, VERSION), app('haproxy', 'paused', 0),
        [...STARTED, perconaCondition('stopping', T2), perconaCondition('paused', T3)]),
      expect: { phase: 'Paused', ready: '0/3' },
    },
    {
      state: 'stopping',
      situation: 'being deleted',
      source: 'pxc_types.go:ClusterStatus (deleted)',
      metadata: { deletionTimestamp: T3, finalizers: ['percona.com/delete-pxc-pods-in-order'] },
      status: status('stopping', app('pxc', 'ready', 3, VERSION), app('haproxy', 'ready', 3), [...STARTED, perconaCondition('stopping', T3)]),
      expect: { phase: 'Deleting' },
    },
  ],
  backup: { apiVersion: 'pxc.percona.com/v1', kind: 'PerconaXtraDBClusterBackup', spec: { pxcCluster: 'orders', storageName: 's3' } },
  backups: [
    { state: '', situation: 'new', source: 'pxcbackup/controller.go:Reconcile (nothing written yet)' },
    { state: 'Suspended', situation: 'the cluster is not ready', source: 'pxcbackup/controller.go:suspendJobIfNeeded', status: { state: 'Suspended' } },
    {
      state: 'Starting',
      situation: 'the Job exists',
      source: 'pxcbackup/controller.go:updateJobStatus',
      status: { state: 'Starting', destination: 's3://backups/orders-2026-05-20-03:00:00-full', storageName: 's3', storage_type: 's3' },
    },
    { state: 'Running', situation: 'the Job is active', source: 'pxcbackup/controller.go:updateJobStatus', status: { state: 'Running', storageName: 's3' } },
    {
      state: 'Succeeded',
      situation: 'the Job completed',
      source: 'pxcbackup/controller.go:updateJobStatus (Complete: completed is the Job\'s completionTime)',
      status: { state: 'Succeeded', completed: T3, destination: 's3://backups/orders-2026-05-20-03:00:00-full', storageName: 's3', storage_type: 's3' },
      completedAt: T3,
    },
    { state: 'Failed', situation: 'the Job failed', source: 'pxcbackup/controller.go:updateJobStatus, setFailedStatus', status: { state: 'Failed', error: 'job failed' } },
  ],
}];
