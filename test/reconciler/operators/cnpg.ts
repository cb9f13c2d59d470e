/**
 * CloudNativePG 1.30.0: the Cluster's `status.phase` is one of the constants of api/v1/cluster_types.go (or two
 * literals) written through internal/controller/cluster_status.go:RegisterPhase, which also rewrites the Ready
 * condition (pkg/resources/status/transactions.go:SetClusterReadyCondition); `status.instances` counts the
 * instances that have volumes, `readyInstances` the ready pods (updateResourceStatus); Initialized turns True once
 * `status.instances > 0`. The Backup's `status.phase` (api/v1/backup_types.go) for a plugin backup.
 */
import { condition, OperatorCases, StateCase, T0, T1, T2, T3 } from './support';
import { DatabaseEngine, Operator, PostgresVersion } from '../../../src';
import { Phase } from '../../../src/status-mapping';

type Obj = { [key: string]: any };

const IMAGE = 'ghcr.io/cloudnative-pg/postgresql:17.7-standard-trixie';
const PODS = ['orders-1', 'orders-2', 'orders-3'];

/** A Cluster status as RegisterPhase leaves it: `ready` of the three instances' pods ready. */
function cnpgStatus(phase: string, reason: string, ready: number, extra: Obj = {}): Obj {
  const healthy = phase === 'Cluster in healthy state';
  return {
    phase,
    phaseReason: reason,
    instances: 3,
    readyInstances: ready,
    instanceNames: PODS,
    instancesStatus: { healthy: PODS.slice(0, ready), ...(ready < 3 ? { failed: PODS.slice(ready) } : {}) },
    currentPrimary: 'orders-1',
    targetPrimary: 'orders-1',
    latestGeneratedNode: 3,
    timelineID: 1,
    image: IMAGE,
    writeService: 'orders-rw',
    readService: 'orders-r',
    conditions: [
      healthy
        ? condition('Ready', 'True', 'ClusterIsReady', 'Cluster is Ready', T1)
        : condition('Ready', 'False', 'ClusterIsNotReady', 'Cluster Is Not Ready', T2),
      condition('Initialized', 'True', 'BootstrapCompleted', 'Cluster has been bootstrapped', T0),
    ],
    ...extra,
  };
}

/** [phase, situation, source, pods ready, expected phase, previous phase]. */
type Row = [string, string, string, number, Phase, Phase?];

const ROWS: Row[] = [
  ['Setting up primary', 'a first start: the primary\'s initdb Job', 'cluster_create.go:createPrimaryInstance', 0, 'Provisioning'],
  ['Creating a new replica', 'a first start: a replica joins', 'cluster_create.go:joinReplicaInstance', 1, 'Provisioning'],
  ['Creating a new replica', 'a lost instance re-created after Ready', 'cluster_create.go:reconcileMissingInstance', 2, 'Degraded', 'Ready'],
  ['Waiting for the instances to become active', 'a first start: a replica not active yet', 'cluster_controller.go:reconcileResources', 2, 'Provisioning'],
  ['Waiting for the instances to become active', 'a node lost after Ready', 'cluster_controller.go:reconcileResources', 2, 'Degraded', 'Ready'],
  ['Cluster in healthy state', 'every instance ready', 'plugins.go:finalizeReconciliation', 3, 'Ready'],
  ['Switchover in progress', 'a planned switchover', 'replicas.go:reconcileTargetPrimaryForNonReplicaCluster', 3, 'Upgrading', 'Ready'],
  ['Failing over', 'the primary lost', 'replicas.go:reconcileTargetPrimaryForNonReplicaCluster', 2, 'Degraded', 'Ready'],
  ['Upgrading cluster', 'a rolling update', 'cluster_upgrade.go:rolloutRequiredInstances', 2, 'Upgrading', 'Ready'],
  ['Upgrading Postgres major version', 'a major upgrade Job', 'pkg/reconciler/majorupgrade/reconciler.go:Reconcile', 0, 'Upgrading', 'Ready'],
  ['Cluster upgrade delayed', 'an update waiting for the configured delay', 'cluster_controller.go:handleRollingUpdate', 3, 'Upgrading', 'Ready'],
  ['Waiting for user action', 'a supervised primary update', 'cluster_upgrade.go:rolloutRequiredInstances', 3, 'Degraded', 'Ready'],
  ['Primary instance is being restarted in-place', 'a restart of the primary', 'cluster_upgrade.go:updatePrimaryPod', 2, 'Upgrading', 'Ready'],
  ['Primary instance is being restarted without a switchover', 'the primary re-created', 'cluster_upgrade.go:updatePrimaryPod', 2, 'Upgrading', 'Ready'],
  ['Cluster cannot proceed to reconciliation due to an unknown plugin being required', 'the Barman Cloud plugin not loaded', 'cluster_controller.go:Reconcile', 3, 'Failed', 'Ready'],
  ['Cluster cannot proceed to reconciliation due to an error while interacting with plugins', 'the plugin does not answer', 'cluster_controller.go:Reconcile', 3, 'Failed', 'Ready'],
  ['Cluster has incomplete or invalid image catalog', 'the image catalog lacks the major version', 'cluster_image.go:reconcileImage', 0, 'Failed'],
  ['Cluster is unrecoverable and needs manual intervention', 'the primary\'s volume is gone', 'cluster_controller.go:reconcileResources', 0, 'Failed', 'Degraded'],
  ['Cluster cannot execute instance online upgrade due to missing architecture binary', 'no binary for the node\'s architecture', 'cluster_upgrade.go:upgradeInstanceManager', 3, 'Failed', 'Ready'],
  ['Online upgrade in progress', 'a new instance manager', 'cluster_upgrade.go:upgradeInstanceManager', 3, 'Upgrading', 'Ready'],
  ['Applying configuration', 'a parameter change', 'instance_controller.go:processConfigReloadAndManageRestart', 3, 'Upgrading', 'Ready'],
  ['Promoting to primary cluster', 'a replica cluster promoted', 'cluster_controller.go:reconcile', 3, 'Upgrading', 'Ready'],
  ['Unable to create required cluster objects', 'a Service cannot be created', 'cluster_controller.go:reconcile', 0, 'Failed'],
  ['Invalid cluster definition', 'the admission guard refused the spec', 'api/v1/cluster_funcs.go:SetAdmissionError', 3, 'Failed', 'Ready'],
  ['Not enough disk space', 'a full volume stopped PostgreSQL', 'cluster_controller.go:ensureNoFailoverOnFullDisk', 2, 'Failed', 'Ready'],
  ['Instance Status Extraction Error: HTTP communication issue', 'a NetworkPolicy blocks the instance manager', 'cluster_controller.go:reconcile', 3, 'Degraded', 'Ready'],
];

const STATES: StateCase[] = [
  {
    state: '',
    situation: 'created, not reconciled yet',
    source: 'no status before the first reconcile',
    expect: { phase: 'Provisioning', ready: '0/3' },
  },
  ...ROWS.map(([phase, situation, source, ready, expected, previousPhase]): StateCase => ({
    state: phase,
    situation,
    source,
    status: cnpgStatus(phase, phase === 'Cluster in healthy state' ? '' : situation, ready),
    previousPhase,
    expect: { phase: expected, ready: `${ready}/3`, ...(expected === 'Ready' ? { engineVersion: '17.7-standard-trixie' } : {}) },
  })),
  {
    state: 'Cluster in healthy state',
    situation: 'hibernated: pods deleted, the phase from before',
    source: 'pkg/reconciler/hibernation/status.go:EnrichStatus (condition cnpg.io/hibernation True)',
    metadata: { annotations: { 'cnpg.io/hibernation': 'on' } },
    status: cnpgStatus('Cluster in healthy state', '', 0, {
      conditions: [
        condition('Ready', 'True', 'ClusterIsReady', 'Cluster is Ready', T1),
        condition('cnpg.io/hibernation', 'True', 'Hibernated', 'Cluster has been hibernated', T2),
      ],
    }),
    previousPhase: 'Ready',
    expect: { phase: 'Paused', ready: '0/3' },
  },
  {
    state: 'Setting up primary',
    situation: 'a clone: the primary recovers from a backup',
    source: 'cluster_create.go:createPrimaryInstance (bootstrap.recovery)',
    spec: { bootstrap: { initdb: null, recovery: { source: 'origin' } } },
    status: cnpgStatus('Setting up primary', 'Creating primary instance orders-1', 0, { instances: 1, readyInstances: 0 }),
    expect: { phase: 'Restoring', ready: '0/3' },
  },
];

export const CNPG_CASES: ReadonlyArray<OperatorCases> = [{
  name: 'CloudNativePG',
  props: { engine: DatabaseEngine.postgres({ version: PostgresVersion.V17_7, operator: Operator.CLOUDNATIVE_PG }) },
  states: STATES,
  backup: { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Backup', spec: { cluster: { name: 'orders' }, method: 'plugin', pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' } } },
  backups: [
    { state: '', situation: 'not reconciled yet', source: 'backup_controller.go (nothing written yet)' },
    { state: 'pending', situation: 'the target pod not ready', source: 'backup_controller.go (SetAsPending)', status: { phase: 'pending' } },
    {
      state: 'started',
      situation: 'the instance manager took it',
      source: 'backup_controller.go (SetAsStarted)',
      status: { phase: 'started', method: 'plugin', instanceID: { podName: 'orders-2' }, reconciliationStartedAt: T2 },
    },
    { state: 'running', situation: 'an in-tree Barman backup runs', source: 'pkg/management/postgres/backup.go', status: { phase: 'running', method: 'barmanObjectStore' } },
    { state: 'finalizing', situation: 'volume snapshots not ready yet', source: 'pkg/reconciler/backup/volumesnapshot/reconciler.go (SetAsFinalizing)', status: { phase: 'finalizing', method: 'volumeSnapshot' } },
    {
      state: 'completed',
      situation: 'the plugin returned its stop time',
      source: 'pkg/management/postgres/webserver/plugin_backup.go (SetAsCompleted, stoppedAt from the plugin)',
      status: {
        phase: 'completed',
        method: 'plugin',
        startedAt: T2,
        stoppedAt: T3,
        reconciliationStartedAt: T2,
        reconciliationTerminatedAt: '2026-05-20T03:04:15Z',
        backupId: '20260520T030000',
        beginWal: '000000010000000000000004',
        endWal: '000000010000000000000004',
        online: true,
      },
      completedAt: T3,
    },
    {
      state: 'completed',
      situation: 'the plugin returned no stop time',
      source: 'plugin_backup.go (stoppedAt only when the plugin sets it; SetAsCompleted sets reconciliationTerminatedAt)',
      status: { phase: 'completed', method: 'plugin', reconciliationStartedAt: T2, reconciliationTerminatedAt: T3 },
      completedAt: T3,
    },
    {
      state: 'failed',
      situation: 'the plugin failed',
      source: 'pkg/resources/status/backup.go:FlagBackupAsFailed (SetAsFailed)',
      status: { phase: 'failed', error: 'rpc error: upload failed', reconciliationTerminatedAt: T3 },
    },
    { state: 'walArchivingFailing', situation: 'WAL archiving fails', source: 'pkg/management/postgres/backup.go', status: { phase: 'walArchivingFailing', method: 'barmanObjectStore' } },
    { state: 'invalid backup definition', situation: 'the admission guard refused it', source: 'api/v1/backup_funcs.go', status: { phase: 'invalid backup definition', error: 'spec.method: unsupported' } },
  ],
}];
