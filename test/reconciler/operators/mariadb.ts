/**
 * MariaDB operator 26.6.0: the MariaDB's state is the reason of its Ready condition (metav1.Condition, merged by
 * type: meta.SetStatusCondition moves lastTransitionTime only when `status` flips). Every reconcile writes, through
 * internal/controller/mariadb_controller_status.go:reconcileStatus, `replicas` (the StatefulSet's readyReplicas,
 * omitted when 0), `currentPrimary`/`currentPrimaryPodIndex` (defaultPrimary), `defaultVersion` (the operator's
 * MARIADB_DEFAULT_VERSION, the chart's 11.8), `tls` once the certificates exist, replication's roles and replicas,
 * and Ready through pkg/condition/ready.go:SetReadyWithMariaDB, unless a restore, a storage resize, a primary switch
 * or a Galera recovery owns Ready. The PhysicalBackups of the schedules carry a Complete condition and the times of
 * their last Job (internal/controller/physicalbackup_controller_job.go).
 */
import { BackupCase, condition, OperatorCases, StateCase, T0, T1, T2, T3 } from './support';
import { DatabaseEngine, MariadbTopology, MariadbVersion } from '../../../src';

type Obj = { [key: string]: any };

const T4 = '2026-05-20T03:09:30Z';
const PODS = ['orders-0', 'orders-1', 'orders-2'];

/** mariadb_controller_tls.go:getTLSStatus of the certificates the operator issues (pkg/pki/x509.go lifetimes). */
const TLS = {
  caBundle: [{ subject: 'CN=orders-ca', issuer: 'CN=orders-ca', notBefore: T0, notAfter: '2029-04-30T08:00:00Z' }],
  serverCert: { subject: 'CN=orders.shop.svc.cluster.local', issuer: 'CN=orders-ca', notBefore: T0, notAfter: '2026-07-30T08:00:00Z' },
  clientCert: { subject: 'CN=orders-client', issuer: 'CN=orders-ca', notBefore: T0, notAfter: '2026-07-30T08:00:00Z' },
};

/** A status as reconcileStatus leaves it, `ready` pods ready (status.replicas is omitempty). */
function mariadbStatus(ready: number, conditions: Obj[], extra: Obj = {}): Obj {
  return {
    conditions,
    ...(ready > 0 ? { replicas: ready } : {}),
    currentPrimaryPodIndex: 0,
    currentPrimary: 'orders-0',
    defaultVersion: '11.8',
    tls: TLS,
    ...extra,
  };
}

// The Ready conditions SetReadyWithMariaDB writes.
const notReady = (at = T0) => condition('Ready', 'False', 'StatefulSetNotReady', 'Not ready', at);
const running = (at = T1) => condition('Ready', 'True', 'StatefulSetReady', 'Running', at);
const updated = condition('Updated', 'True', 'Updated', 'Updated', T0);

/**
 * Ready and a condition of the writer's own, set alike (SetRestoringBackup, SetPrimarySwitching,
 * SetReadyStorageResizing, ...; SetReadyWithMariaDB copies an error's message): Ready, then the other.
 */
const alike = (type: string, reason: string, message: string, at = T2): [Obj, Obj[]] =>
  [condition('Ready', 'False', reason, message, at), [condition(type, 'False', reason, message, at)]];

/** Galera once started: init Job done (galera/init.go), every member ready once (galera/controller.go:Reconcile). */
const GALERA_STARTED = [
  condition('GaleraInitialized', 'True', 'GaleraInitialized', 'Galera initialized', T0),
  updated,
  condition('GaleraReady', 'True', 'GaleraReady', 'Galera ready', T1),
  condition('GaleraConfigured', 'True', 'GaleraConfigured', 'Galera configured', T1),
];

/** `conditions` with those of `changed` in place of the ones of their type. */
const replacing = (conditions: Obj[], ...changed: Obj[]) => conditions.map((c) => changed.find((n) => n.type === c.type) ?? c);

/** A started Galera cluster's status: Ready, the start's conditions, then `more`. */
const galeraStatus = (ready: number, readyCondition: Obj, more: Obj[] = []) => mariadbStatus(ready, [readyCondition, ...GALERA_STARTED, ...more]);
/** A started Galera cluster's status whose Ready goes with a change of one of the start's conditions. */
const galeraChanged = (ready: number, [readyCondition, changed]: [Obj, Obj[]], extra: Obj = {}) =>
  mariadbStatus(ready, [readyCondition, ...replacing(GALERA_STARTED, ...changed)], extra);

/** galera/init.go:ReconcileInit (SetGaleraInitializing) and SetReadyWithMariaDB while the Galera init Job runs. */
const GALERA_INITIALIZING = mariadbStatus(0, [
  condition('Ready', 'False', 'Initializing', 'Initializing', T0),
  condition('GaleraInitialized', 'False', 'GaleraInitialized', 'Galera initializing', T0),
]);

/** A logical clone (restore.ts:bootstrapFrom of RestoreSource.backup()). */
const LOGICAL_CLONE = { bootstrapFrom: { backupRef: { name: 'fleet-orders-before', kind: 'Backup' }, backupContentType: 'Logical' } };

const GALERA_STATES: StateCase[] = [
  {
    state: '',
    situation: 'created, not reconciled yet',
    source: 'no status before the first reconcileStatus',
    expect: { phase: 'Provisioning', ready: '0/3' },
  },
  {
    state: 'Initializing',
    situation: 'a first start: the Galera init Job runs',
    source: 'galera/init.go:ReconcileInit (SetGaleraInitializing), ready.go:SetReadyWithMariaDB (IsGaleraInitializing)',
    status: GALERA_INITIALIZING,
    expect: { phase: 'Provisioning', ready: '0/3' },
  },
  {
    state: 'StatefulSetNotReady',
    situation: 'a first start: the pods start after the init Job',
    source: 'ready.go:SetReadyWithMariaDB (readyReplicas != replicas); GaleraConfigured not yet written',
    status: mariadbStatus(1, [notReady(), condition('GaleraInitialized', 'True', 'GaleraInitialized', 'Galera initialized', T0), updated]),
    expect: { phase: 'Provisioning', ready: '1/3' },
  },
  {
    state: 'StatefulSetReady',
    situation: 'every member ready',
    source: 'ready.go:SetReadyWithMariaDB; galera/controller.go:Reconcile (SetGaleraReady, SetGaleraConfigured)',
    status: galeraStatus(3, running()),
    expect: { phase: 'Ready', ready: '3/3' },
  },
  {
    state: 'StatefulSetNotReady',
    situation: 'a node lost after Ready: one member down (first seen now: GaleraConfigured is the operator\'s record)',
    source: 'ready.go:SetReadyWithMariaDB (readyReplicas != replicas); GaleraReady stays True while the cluster has quorum',
    status: galeraStatus(2, notReady(T2)),
    expect: { phase: 'Degraded', ready: '2/3' },
  },
  {
    state: 'GaleraNotReady',
    situation: 'the Galera cluster lost its quorum: a recovery runs',
    source: 'statefulset_galera_controller.go:Reconcile (galera_ready.go:SetGaleraNotReady); reconcileStatus leaves Ready to it',
    status: galeraChanged(0, alike('GaleraReady', 'GaleraNotReady', 'Galera not ready'),
      { galeraRecovery: { state: { 'orders-0': { version: '2.1', uuid: '6b2f3e5a-1c1d-11f1-9a4e-0242ac120002', seqno: 4211, safeToBootstrap: false } } } }),
    expect: { phase: 'Degraded', ready: '0/3' },
  },
  {
    state: 'PendingUpdate',
    situation: 'a new revision (image or configuration) that no pod runs yet',
    source: 'mariadb_controller_status.go:setUpdatedCondition (SetPendingUpdate), ready.go:SetReadyWithMariaDB (Ready True)',
    status: galeraChanged(3, [condition('Ready', 'True', 'PendingUpdate', 'Pending update', T1), [condition('Updated', 'False', 'PendingUpdate', 'Pending update', T2)]]),
    previousPhase: 'Ready',
    expect: { phase: 'Upgrading', ready: '3/3' },
  },
  {
    state: 'Updating',
    situation: 'a rolling update: a replica replaced',
    source: 'setUpdatedCondition (SetUpdating), ready.go:SetReadyWithMariaDB; mariadb_controller_update.go:reconcileUpdates',
    status: galeraChanged(2, alike('Updated', 'Updating', 'Updating')),
    previousPhase: 'Upgrading',
    expect: { phase: 'Upgrading', ready: '2/3' },
  },
  {
    state: 'ResizingStorage',
    situation: 'the volumes grow',
    source: 'mariadb_controller_storage.go:reconcileStorage (ready.go:SetReadyStorageResizing)',
    spec: { storage: { size: '40Gi' } },
    status: galeraStatus(3, ...alike('StorageResized', 'ResizingStorage', 'Resizing storage')),
    previousPhase: 'Ready',
    expect: { phase: 'Upgrading', ready: '3/3' },
  },
  {
    state: 'WaitStorageResize',
    situation: 'waiting for the volumes\' resize (waitForVolumeResize)',
    source: 'mariadb_controller_storage.go:reconcileStorage (ready.go:SetReadyWaitingStorageResize)',
    spec: { storage: { size: '40Gi' } },
    status: galeraStatus(3, ...alike('StorageResized', 'WaitStorageResize', 'Waiting for storage resize')),
    previousPhase: 'Upgrading',
    expect: { phase: 'Upgrading', ready: '3/3' },
  },
  {
    state: 'Failed',
    situation: 'a first start whose credentialsSecret does not exist',
    source: 'mariadb_controller.go:Reconcile (phase Secret: secret/controller.go:ReconcilePassword; Ready.PatcherFailed)',
    spec: { rootPasswordSecretKeyRef: { name: 'orders-db', key: 'root-password', generate: false } },
    status: {
      conditions: [condition('Ready', 'False', 'Failed', 'Error reconciling Secret: error reconciling password Secret: secrets "orders-db" not found', T0)],
      currentPrimaryPodIndex: 0,
      currentPrimary: 'orders-0',
      defaultVersion: '11.8',
    },
    expect: { phase: 'Failed', ready: '0/3' },
  },
  {
    state: 'Failed',
    situation: 'a reconcile error while every member serves',
    source: 'mariadb_controller.go:Reconcile (Ready.PatcherFailed after reconcileStatus counted the pods)',
    status: galeraStatus(3, condition('Ready', 'False', 'Failed', 'Error reconciling StatefulSet: error reconciling StatefulSet: Operation '
      + 'cannot be fulfilled on statefulsets.apps "orders": the object has been modified; please apply your changes to the latest version and try again', T2)),
    previousPhase: 'Ready',
    expect: { phase: 'Degraded', ready: '3/3' },
  },
  {
    state: 'Failed',
    situation: 'its MaxScale is missing',
    source: 'mariadb_controller_status.go:reconcileStatus (Ready.PatcherRefResolver: "MaxScale not found")',
    spec: { maxScaleRef: { name: 'orders-mxs' } },
    status: galeraStatus(3, condition('Ready', 'False', 'Failed', 'MaxScale not found', T2)),
    previousPhase: 'Ready',
    expect: { phase: 'Degraded', ready: '3/3' },
  },
  {
    state: 'Suspended',
    situation: 'suspended by the user: the operator stops, the pods run on',
    source: 'mariadb_controller_status.go:reconcileStatus (ready.go:SetReadySuspended; the count is not refreshed)',
    spec: { suspend: true },
    status: galeraStatus(3, condition('Ready', 'False', 'Suspended', 'Suspended', T2)),
    expect: { phase: 'Paused', ready: '3/3' },
  },
  {
    state: 'Maintenance',
    situation: 'the user\'s maintenance mode, read-only',
    source: 'ready.go:SetReadyWithMaintenance (Ready True); maintenance/controller.go:Reconcile',
    spec: { maintenance: { enabled: true, readOnly: true } },
    status: galeraStatus(3, condition('Ready', 'True', 'Maintenance', 'Maintenance', T1)),
    expect: { phase: 'Ready', ready: '3/3' },
  },
  {
    state: 'Cordoned',
    situation: 'the user\'s maintenance mode, cordoned: connections blocked',
    source: 'ready.go:SetReadyWithMaintenance (IsCordonEnabled)',
    spec: { maintenance: { enabled: true, cordon: true } },
    status: galeraStatus(3, condition('Ready', 'False', 'Cordoned', 'Cordoned', T2)),
    expect: { phase: 'Paused', ready: '3/3' },
  },
  {
    state: 'StatefulSetReady',
    situation: 'being deleted (a foreground deletion waits for the pods)',
    source: 'reconcileStatus still runs; mariadb_controller.go:reconcileSuspend skips the rest',
    metadata: { deletionTimestamp: T3, finalizers: ['foregroundDeletion'] },
    status: galeraStatus(3, running()),
    expect: { phase: 'Deleting' },
  },
  {
    state: 'Initializing',
    situation: 'a clone of a logical backup: the Galera init Job runs before the restore',
    source: 'galera/init.go:ReconcileInit, ready.go:SetReadyWithMariaDB; the Restore waits for every pod (mariadb_controller.go:reconcileRestore)',
    spec: LOGICAL_CLONE,
    status: GALERA_INITIALIZING,
    expect: { phase: 'Restoring', ready: '0/3' },
  },
  {
    state: 'StatefulSetReady',
    situation: 'a clone of a logical backup: every pod ready, the Restore not created yet',
    source: 'reconcileStatus runs before mariadb_controller.go:reconcileRestore in the same reconcile; no BackupRestored yet',
    spec: LOGICAL_CLONE,
    status: galeraStatus(3, running()),
    expect: { phase: 'Restoring', ready: '3/3' },
  },
  {
    state: 'RestoreBackup',
    situation: 'a clone of a logical backup: the Restore runs',
    source: 'mariadb_controller.go:reconcileRestore (backup_restored.go:SetRestoringBackup); reconcileStatus leaves Ready to it',
    spec: LOGICAL_CLONE,
    status: galeraStatus(3, ...alike('BackupRestored', 'RestoreBackup', 'Restoring backup', T1)),
    expect: { phase: 'Restoring', ready: '3/3' },
  },
  {
    state: 'StatefulSetReady',
    situation: 'a clone of a logical backup, restored',
    source: 'reconcileRestore (SetRestoredBackup: BackupRestored True), then ready.go:SetReadyWithMariaDB',
    spec: LOGICAL_CLONE,
    status: galeraStatus(3, running(), [condition('BackupRestored', 'True', 'RestoreBackup', 'Restored backup', T1)]),
    previousPhase: 'Restoring',
    expect: { phase: 'Ready', ready: '3/3' },
  },
];

/** Replication once started (pkg/controller/replication/controller.go:reconcileReplication). */
const REPLICATION_STARTED = [updated, condition('ReplicationConfigured', 'True', 'ReplicationConfigured', 'Replication configured', T1)];

/** `status.replication` as reconcileStatus reads it from the pods (getReplicationRoles, getReplicaStatus): orders-0 primary. */
function replicationOf(broken?: string): Obj {
  const replica = (pod: string) => (pod === broken
    ? { lastIOErrno: 1236, lastIOError: 'Got fatal error 1236 from master when reading data from binary log', slaveIORunning: false, lastErrorTransitionTime: T2 }
    : { lastIOErrno: 0, slaveIORunning: true, secondsBehindMaster: 0, lastErrorTransitionTime: T1 });
  return {
    roles: Object.fromEntries(PODS.map((pod, i) => [pod, i === 0 ? 'Primary' : 'Replica'])),
    replicas: Object.fromEntries(PODS.slice(1).map((pod) => [pod, {
      ...replica(pod), lastSQLErrno: 0, slaveSQLRunning: true, gtidIOPos: '0-10-4211', gtidCurrentPos: '0-10-4211', usingGtid: 'Slave_Pos',
    }])),
  };
}

/** A replicating cluster's status after its start: Ready, the start's conditions, then `more`. */
const replicatingStatus = (ready: number, readyCondition: Obj, more: Obj[] = [], extra: Obj = {}, started = REPLICATION_STARTED) =>
  mariadbStatus(ready, [readyCondition, ...started, ...more], { replication: replicationOf(), ...extra });

/** A point-in-time clone (restore.ts:bootstrapFrom of RestoreSource.pointInTime(); replication clones only). */
const POINT_IN_TIME_CLONE = { bootstrapFrom: { pointInTimeRecoveryRef: { name: 'orders-origin' }, targetRecoveryTime: '2026-05-19T08:30:00Z' } };
/** mariadb_controller_init.go:reconcilePhysicalBackupInit, once done (SetInitialized, SetRestoredPhysicalBackup), then replication. */
const PHYSICAL_RESTORED = [
  condition('Initialized', 'True', 'Initialized', 'Initialized', T0),
  condition('BackupRestored', 'True', 'RestorePhysicalBackup', 'Restored physical backup', T0),
];
const CLONE_STARTED = [...PHYSICAL_RESTORED, ...REPLICATION_STARTED];
/** A replica to rebuild from a physical backup (scale-out and replica recovery need it). */
const REPLICA_SOURCE = { bootstrapFrom: { physicalBackupTemplateRef: { name: 'orders-daily' } } };
const NO_REPLICA_SOURCE = 'replica datasource not found (replication.replica.bootstrapFrom is nil)';
const TO_ORDERS_1 = { replication: { primary: { podIndex: 1 } } };
const TOO_LATE = 'Init error: target recovery time 2026-05-19 08:30:00 +0000 UTC is after latest recoverable time 2026-05-19 08:00:00 +0000 UTC';

const REPLICATION_STATES: StateCase[] = [
  {
    state: 'StatefulSetNotReady',
    situation: 'a first start: replication not configured yet',
    source: 'ready.go:SetReadyWithMariaDB; no ReplicationConfigured before every pod is configured',
    status: mariadbStatus(1, [notReady(), updated]),
    expect: { phase: 'Provisioning', ready: '1/3' },
  },
  {
    state: 'StatefulSetReady',
    situation: 'every member ready, replicating',
    source: 'ready.go:SetReadyWithMariaDB; replication/controller.go:reconcileReplication (SetReplicationConfigured)',
    status: replicatingStatus(3, running()),
    expect: { phase: 'Ready', ready: '3/3' },
  },
  {
    state: 'StatefulSetNotReady',
    situation: 'a replica\'s node lost after Ready (first seen now: ReplicationConfigured is the operator\'s record)',
    source: 'ready.go:SetReadyWithMariaDB; reconcileStatus keeps the replica status of a pod it cannot reach (getReplicaStatus)',
    status: replicatingStatus(2, notReady(T2)),
    expect: { phase: 'Degraded', ready: '2/3' },
  },
  {
    state: 'SwitchPrimary',
    situation: 'an update switches the primary last, every member ready',
    source: 'mariadb_controller_update.go:triggerSwitchover patches replication.primary.podIndex; replication/switchover.go:reconcileSwitchover',
    spec: TO_ORDERS_1,
    status: replicatingStatus(3, ...alike('PrimarySwitched', 'SwitchPrimary', 'Switching primary to \'orders-1\''), {},
      replacing(REPLICATION_STARTED, condition('Updated', 'False', 'Updating', 'Updating', T2))),
    previousPhase: 'Upgrading',
    expect: { phase: 'Upgrading', ready: '3/3' },
  },
  {
    state: 'SwitchPrimary',
    situation: 'a failover: the primary\'s pod is not ready',
    source: 'pod_replication_controller.go:ReconcilePodNotReady patches replication.primary.podIndex; switchover.go:reconcileSwitchover',
    spec: TO_ORDERS_1,
    status: replicatingStatus(2, ...alike('PrimarySwitched', 'SwitchPrimary', 'Switching primary to \'orders-1\'')),
    previousPhase: 'Ready',
    expect: { phase: 'Degraded', ready: '2/3' },
  },
  {
    state: 'ScalingOut',
    situation: 'a fourth member built from a physical backup',
    source: 'mariadb_controller_scale_out.go:reconcileScaleOut (SetScalingOut), ready.go:SetReadyWithMariaDB',
    spec: { replicas: 4, replication: { replica: REPLICA_SOURCE } },
    status: replicatingStatus(3, ...alike('ScaledOut', 'ScalingOut', 'Scaling out'), { scaleOutInitialIndex: 3 }),
    previousPhase: 'Ready',
    expect: { phase: 'Upgrading', ready: '3/4' },
  },
  {
    state: 'ScaleOutError',
    situation: 'a fourth member without replica.bootstrapFrom (the library writes none: its guard calls the change risky)',
    source: 'mariadb_controller_scale_out.go:reconcileScaleOutError (SetScaleOutError), ready.go:SetReadyWithMariaDB',
    spec: { replicas: 4 },
    status: replicatingStatus(3, ...alike('ScaledOut', 'ScaleOutError', `Scale out error: ${NO_REPLICA_SOURCE}`)),
    previousPhase: 'Ready',
    expect: { phase: 'Failed', ready: '3/4' },
  },
  {
    state: 'ReplicaRecovering',
    situation: 'a replica whose replication broke is rebuilt (the user enabled recovery)',
    source: 'mariadb_controller_replica_recovery.go:reconcileReplicaRecovery (SetReplicaRecovering), ready.go:SetReadyWithMariaDB',
    spec: { replication: { replica: { ...REPLICA_SOURCE, recovery: { enabled: true } } } },
    status: replicatingStatus(2, condition('Ready', 'False', 'ReplicaRecovering', 'Recovering replicas', T2),
      [condition('ReplicaRecovered', 'False', 'ReplicaRecovered', 'Recovering replica', T2)],
      { replication: { ...replicationOf('orders-2'), replicaToRecover: 'orders-2' } }),
    previousPhase: 'Degraded',
    expect: { phase: 'Degraded', ready: '2/3' },
  },
  {
    state: 'ReplicaRecoverError',
    situation: 'recovery enabled without replica.bootstrapFrom (the webhook refuses it; the API server alone does not)',
    source: 'mariadb_controller_replica_recovery.go:reconcileReplicaRecoveryError (SetReplicaRecoveryError), ready.go:SetReadyWithMariaDB',
    spec: { replication: { replica: { recovery: { enabled: true } } } },
    status: replicatingStatus(3, ...alike('ReplicaRecovered', 'ReplicaRecoverError', `Replica recovery error: ${NO_REPLICA_SOURCE}`)),
    previousPhase: 'Ready',
    expect: { phase: 'Failed', ready: '3/3' },
  },
  {
    state: 'ArchiveBinlogsError',
    situation: 'binlogs for point-in-time recovery cannot be archived',
    source: 'pkg/binlog/archiver.go (SetArchivedBinlogsError), ready.go:SetReadyWithMariaDB (IsPointInTimeRecoveryEnabled)',
    spec: { pointInTimeRecoveryRef: { name: 'orders-pitr' } },
    status: replicatingStatus(3, ...alike('BinlogsArchived', 'ArchiveBinlogsError', 'Error archiving binlogs: error uploading binlog mariadb-bin.000042: Access Denied'),
      { pointInTimeRecovery: { serverId: 10, lastArchivedBinaryLog: 'mariadb-bin.000041', lastArchivedTime: T1, storageReadyForArchival: true } }),
    previousPhase: 'Ready',
    expect: { phase: 'Degraded', ready: '3/3' },
  },
  {
    state: 'Initializing',
    situation: 'a point-in-time clone: the physical backup restored into each volume',
    source: 'mariadb_controller_init.go:reconcilePhysicalBackupInit (SetInitializing), ready.go:SetReadyWithMariaDB',
    spec: POINT_IN_TIME_CLONE,
    status: mariadbStatus(0, alike('Initialized', 'Initializing', 'Initializing', T0).flat()),
    expect: { phase: 'Restoring', ready: '0/3' },
  },
  {
    state: 'InitError',
    situation: 'a point-in-time clone to an instant after the last archived binlog (strictMode)',
    source: 'mariadb_controller_init.go:reconcilePITRInitError (SetInitError), ready.go:SetReadyWithMariaDB',
    spec: POINT_IN_TIME_CLONE,
    status: mariadbStatus(0, alike('Initialized', 'InitError', TOO_LATE, T0).flat()),
    expect: { phase: 'Failed', ready: '0/3' },
  },
  {
    state: 'StatefulSetNotReady',
    situation: 'a point-in-time clone: the restored pods start, binlogs not replayed yet',
    source: 'reconcilePhysicalBackupInit (SetInitialized, SetRestoredPhysicalBackup), ready.go:SetReadyWithMariaDB',
    spec: POINT_IN_TIME_CLONE,
    status: mariadbStatus(2, [notReady(), ...PHYSICAL_RESTORED, updated]),
    expect: { phase: 'Restoring', ready: '2/3' },
  },
  {
    state: 'ReplayBinlogs',
    situation: 'a point-in-time clone replays binlogs up to its instant',
    source: 'mariadb_controller_pitr.go:reconcilePITR (binlogs_replayed.go:SetReplayingBinlogs), ready.go:SetReadyWithMariaDB',
    spec: POINT_IN_TIME_CLONE,
    status: replicatingStatus(3, ...alike('BinlogsReplayed', 'ReplayBinlogs', 'Replaying binlogs', T1),
      { replication: { ...replicationOf(), gtidStrictModePaused: true } }, CLONE_STARTED),
    expect: { phase: 'Restoring', ready: '3/3' },
  },
  {
    state: 'ReplayBinlogsError',
    situation: 'a point-in-time clone whose binlog timeline has a gap',
    source: 'mariadb_controller_pitr.go:reconcileReplayBinlogsError (SetReplayBinlogsError), ready.go:SetReadyWithMariaDB',
    spec: POINT_IN_TIME_CLONE,
    status: replicatingStatus(3, ...alike('BinlogsReplayed', 'ReplayBinlogsError', 'Error replaying binlogs: Invalid binary log timeline: GTID 0-10-4212 not found', T1),
      {}, CLONE_STARTED),
    expect: { phase: 'Failed', ready: '3/3' },
  },
  {
    state: 'StatefulSetReady',
    situation: 'a point-in-time clone, binlogs replayed',
    source: 'reconcilePITR (SetReplayedBinlogs), then ready.go:SetReadyWithMariaDB',
    spec: POINT_IN_TIME_CLONE,
    status: replicatingStatus(3, running(T3), [condition('BinlogsReplayed', 'True', 'ReplayBinlogs', 'Replayed binlogs', T3)], {}, CLONE_STARTED),
    previousPhase: 'Restoring',
    expect: { phase: 'Ready', ready: '3/3' },
  },
];

/** Its only member down after a start. */
const MEMBER_DOWN = mariadbStatus(0, [notReady(T2), updated]);

/** One member: no Galera or replication, so no record of a start; the library pauses it by scaling it to 0. */
const SINGLE_STATES: StateCase[] = [
  {
    state: 'StatefulSetNotReady',
    situation: 'a first start',
    source: 'ready.go:SetReadyWithMariaDB (the StatefulSet has no pod yet)',
    status: mariadbStatus(0, [notReady()]),
    expect: { phase: 'Provisioning', ready: '0/1' },
  },
  {
    state: 'StatefulSetReady',
    situation: 'its member ready',
    source: 'ready.go:SetReadyWithMariaDB',
    status: mariadbStatus(1, [running(), updated]),
    expect: { phase: 'Ready', ready: '1/1' },
  },
  {
    state: 'StatefulSetNotReady',
    situation: 'its node lost after Ready',
    source: 'ready.go:SetReadyWithMariaDB (readyReplicas != replicas)',
    status: MEMBER_DOWN,
    previousPhase: 'Ready',
    expect: { phase: 'Degraded', ready: '0/1' },
  },
  {
    state: 'StatefulSetNotReady',
    situation: 'its node lost after Ready, first seen now: one member keeps no record of a start, so a start it is',
    source: 'ready.go:SetReadyWithMariaDB; no GaleraConfigured or ReplicationConfigured without them',
    status: MEMBER_DOWN,
    expect: { phase: 'Provisioning', ready: '0/1' },
  },
  {
    state: 'StatefulSetNotReady',
    situation: 'paused by the library: scaled to 0',
    source: 'cluster.ts:mariadbSpec (replicas 0); ready.go:SetReadyWithMariaDB (the StatefulSet has no pod)',
    spec: { replicas: 0 },
    status: MEMBER_DOWN,
    previousPhase: 'Ready',
    expect: { phase: 'Paused', ready: '0/0' },
  },
  {
    state: 'StatefulSetNotReady',
    situation: 'resumed after a pause: a start again',
    source: 'ready.go:SetReadyWithMariaDB (its pod starting)',
    status: MEMBER_DOWN,
    previousPhase: 'Paused',
    expect: { phase: 'Provisioning', ready: '0/1' },
  },
  {
    state: 'StatefulSetNotReady',
    situation: 'a clone of a logical backup, restored long ago, its node lost after Ready',
    source: 'ready.go:SetReadyWithMariaDB; BackupRestored True stays (backup_restored.go:SetRestoredBackup)',
    spec: LOGICAL_CLONE,
    status: mariadbStatus(0, [notReady(T2), updated, condition('BackupRestored', 'True', 'RestoreBackup', 'Restored backup', T1)]),
    previousPhase: 'Ready',
    expect: { phase: 'Degraded', ready: '0/1' },
  },
];

/** A Complete condition of a PhysicalBackup and the times createJob writes (lastScheduleTime: its newest Job). */
function physicalBackupStatus(status: 'True' | 'False', reason: string, message: string, at: string, lastJob?: string): Obj {
  return {
    conditions: [condition('Complete', status, reason, message, at)],
    ...(lastJob ? { lastScheduleCheckTime: lastJob, lastScheduleTime: lastJob, nextScheduleTime: '2026-05-21T02:00:00Z' } : {}),
  };
}

const BACKUPS: BackupCase[] = [
  { state: '', situation: 'new', source: 'physicalbackup_controller.go:Reconcile (nothing written yet)' },
  {
    state: 'JobNotComplete',
    situation: 'scheduled, no Job yet',
    source: 'physicalbackup_controller_job.go:reconcileJobStatus ("Scheduled"), written before createJob',
    status: physicalBackupStatus('False', 'JobNotComplete', 'Scheduled', T2),
  },
  {
    state: 'JobRunning',
    situation: 'its Job runs',
    source: 'reconcileJobStatus; createJob wrote lastScheduleTime',
    status: physicalBackupStatus('False', 'JobRunning', 'Running', T2, T2),
  },
  {
    state: 'JobComplete',
    situation: 'every listed Job complete: the newest started at lastScheduleTime',
    source: 'reconcileJobStatus (True); createJob (lastScheduleTime)',
    status: physicalBackupStatus('True', 'JobComplete', 'Success', T3, T2),
    completedAt: T2,
  },
  {
    state: 'JobComplete',
    situation: 'complete again once the MariaDB is Ready after "MariaDB not ready": the condition moved, the backup did not',
    source: 'physicalbackup_controller.go:Reconcile (PatcherFailed flips Complete False), reconcileJobStatus flips it True',
    status: physicalBackupStatus('True', 'JobComplete', 'Success', T4, T2),
    completedAt: T2,
  },
  {
    state: 'JobFailed',
    situation: 'a listed Job failed',
    source: 'reconcileJobStatus (True: finished, not succeeded)',
    status: physicalBackupStatus('True', 'JobFailed', 'Failed', T3, T2),
  },
  {
    state: 'JobSuspended',
    situation: 'a disabled schedule',
    source: 'reconcileJobStatus (schedule.suspend)',
    status: physicalBackupStatus('False', 'JobSuspended', 'Suspended', T2),
  },
  {
    state: 'Failed',
    situation: 'the MariaDB is not Ready: the run waits',
    source: 'physicalbackup_controller.go:Reconcile (mariaDbRef.waitForIt, Complete.PatcherFailed)',
    status: physicalBackupStatus('False', 'Failed', 'MariaDB not ready', T4, T2),
  },
  {
    state: 'SnapshotNotComplete',
    situation: 'a VolumeSnapshot PhysicalBackup (not the library\'s) with no snapshot yet',
    source: 'physicalbackup_controller_snapshot.go:reconcileSnapshotStatus',
    status: physicalBackupStatus('False', 'SnapshotNotComplete', 'Scheduled', T2),
  },
  {
    state: 'SnapshotInProgress',
    situation: 'a VolumeSnapshot not ready yet',
    source: 'reconcileSnapshotStatus; scheduleSnapshot wrote lastScheduleTime',
    status: physicalBackupStatus('False', 'SnapshotInProgress', 'In progress', T2, T2),
  },
  {
    state: 'SnapshotComplete',
    situation: 'every VolumeSnapshot ready to use',
    source: 'reconcileSnapshotStatus (True); scheduleSnapshot (lastScheduleTime)',
    status: physicalBackupStatus('True', 'SnapshotComplete', 'Success', T3, T2),
    completedAt: T2,
  },
  {
    state: 'SnapshotFailed',
    situation: 'a VolumeSnapshot has an error',
    source: 'reconcileSnapshotStatus (False, the snapshot\'s error message)',
    status: physicalBackupStatus('False', 'SnapshotFailed', 'Failed to create snapshot content', T3, T2),
  },
  {
    state: 'SnapshotSuspended',
    situation: 'a disabled VolumeSnapshot schedule',
    source: 'reconcileSnapshotStatus (schedule.suspend)',
    status: physicalBackupStatus('False', 'SnapshotSuspended', 'Suspended', T2),
  },
];

/** A PhysicalBackup of a schedule as scheduledBackup (backup.ts) writes it. */
const BACKUP = {
  apiVersion: 'k8s.mariadb.com/v1alpha1',
  kind: 'PhysicalBackup',
  spec: {
    mariaDbRef: { name: 'orders' },
    schedule: { cron: '0 2 * * *', suspend: false },
    storage: {
      s3: {
        bucket: 'backups',
        endpoint: 's3.eu-west-1.amazonaws.com',
        region: 'eu-west-1',
        prefix: 'shop/orders/physical/orders-daily',
        accessKeyIdSecretKeyRef: { name: 'backup-s3', key: 'AWS_ACCESS_KEY_ID' },
        secretAccessKeySecretKeyRef: { name: 'backup-s3', key: 'AWS_SECRET_ACCESS_KEY' },
        tls: { enabled: true },
      },
    },
    maxRetention: '168h',
    timeout: '24h',
    target: 'PreferReplica',
    compression: 'gzip',
  },
};

const engine = (topology?: MariadbTopology) => DatabaseEngine.mariadb({ version: MariadbVersion.V11_8_8, topology });

export const MARIADB_CASES: ReadonlyArray<OperatorCases> = [
  { name: 'MariaDB Galera', props: { engine: engine() }, states: GALERA_STATES, backup: BACKUP, backups: BACKUPS },
  { name: 'MariaDB replication', props: { engine: engine(MariadbTopology.REPLICATION) }, states: REPLICATION_STATES, backup: BACKUP, backups: BACKUPS },
  { name: 'MariaDB one member', props: { engine: engine(), replicas: 1, singleNodeDevelopment: true }, states: SINGLE_STATES, backup: BACKUP, backups: BACKUPS },
];
