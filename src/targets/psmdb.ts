import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { BackupProvider, BackupStorage } from '../backup-storage';
import { EngineType, Operator } from '../engine';
import * as psmdb from '../imports/psmdb-psmdb.percona.com';
import { MonitoringKind } from '../monitoring';
import { AlertRule, prometheusObjects, scheduledBackupAlerts } from '../prometheus-objects';
import { ProxyType } from '../proxy';
import { Quantities } from '../quantity';
import { backupObjectNameRule, toUtcDateTime } from '../restore-rules';
import { RestoreSource } from '../restore-source';
import { checkRules, Rule } from '../rules';
import { podPlacement } from '../scheduling';
import { MONGODB_RULES, mongodConfiguration, PSMDB_CONFIG_REPLSET, psmdbReplsetNames } from './engine-rules';
import { ClusterModel, compact, EngineTarget, lazy, RenderedCluster, ScheduleModel, storagesOf } from './target';

/** Percona Server for MongoDB operator 1.21.2: the version whose CRD is vendored and whose images are used. */
export const PSMDB_OPERATOR_VERSION = '1.21.2';
/** Images the PSMDB operator 1.21.2 ships (e2e-tests/release_versions), plus the Prometheus exporter. */
export const PSMDB_IMAGES = {
  mongod: (version: string) => `percona/percona-server-mongodb:${version}`,
  backup: 'percona/percona-backup-mongodb:2.11.0',
  pmm: 'percona/pmm-client:3.5.0',
  exporter: 'percona/mongodb_exporter:0.47.1',
};
const MONGODB_PORT = 27017;
const EXPORTER_PORT = 9216;
/** Minutes of oplog in one PITR chunk (PBM's default, set so the operator has nothing to fill in). */
const OPLOG_SPAN_MINUTES = 10;
/** Sidecars' resources (requests equal limits): the PBM agent's are Everest's, the others sized for one exporter. */
const SIDECAR_RESOURCES = {
  backupAgent: { cpu: '300m', memory: '1Gi' },
  pmmClient: { cpu: '300m', memory: '512Mi' },
  exporter: { cpu: '100m', memory: '128Mi' },
};

/** The pods of one cluster part, as the operator labels them (`pkg/naming/labels.go`). */
type Component = 'mongod' | 'cfg' | 'mongos';

function podLabels(name: string, component: Component, replsetName?: string): { [key: string]: string } {
  const labels = { 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': component };
  return replsetName ? { ...labels, 'app.kubernetes.io/replset': replsetName } : labels;
}

/** The users Secret: the one given, or the one the operator creates (named explicitly either way). */
function usersSecret(model: ClusterModel): string {
  return model.credentialsSecret ?? `${model.name}-secrets`;
}

// The generated quantity and PDB classes of every PSMDB component are structurally identical.
function limitsAndRequests(q: Quantities): psmdb.PerconaServerMongoDbSpecReplsetsResources {
  const limit = psmdb.PerconaServerMongoDbSpecReplsetsResourcesLimits.fromString;
  const request = psmdb.PerconaServerMongoDbSpecReplsetsResourcesRequests.fromString;
  return { limits: { cpu: limit(q.cpu), memory: limit(q.memory) }, requests: { cpu: request(q.cpu), memory: request(q.memory) } };
}

/** Scheduling and the operator's own PDB for the pods of one component. */
function placementOf(model: ClusterModel, labels: { [key: string]: string }) {
  const placement = podPlacement(model.scheduling, labels);
  return {
    affinity: placement.affinity ? { advanced: placement.affinity } : { antiAffinityTopologyKey: 'none' },
    topologySpreadConstraints: placement.topologySpreadConstraints,
    nodeSelector: placement.nodeSelector,
    tolerations: placement.tolerations,
    // The operator makes the PDB: set it explicitly rather than add a second one over the same pods.
    podDisruptionBudget: { maxUnavailable: psmdb.PerconaServerMongoDbSpecReplsetsPodDisruptionBudgetMaxUnavailable.fromNumber(1) },
  };
}

function service(model: ClusterModel) {
  return compact({
    type: model.expose.type,
    loadBalancerSourceRanges: model.expose.sourceRanges.length > 0 ? model.expose.sourceRanges : undefined,
    annotations: Object.keys(model.expose.annotations).length > 0 ? model.expose.annotations : undefined,
  });
}

/** A mongodb_exporter next to mongod, logged in as the operator's cluster monitor user. */
function exporterSidecar(model: ClusterModel): psmdb.PerconaServerMongoDbSpecReplsetsSidecars {
  const fromUsersSecret = (name: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: usersSecret(model), key } } });
  return {
    name: 'mongodb-exporter',
    image: PSMDB_IMAGES.exporter,
    args: [
      `--mongodb.uri=mongodb://127.0.0.1:${MONGODB_PORT}/admin`,
      `--web.listen-address=:${EXPORTER_PORT}`,
      // 0.1x metric names (mongodb_mongod_replset_*), which the alerts below use.
      '--compatible-mode',
      '--collector.diagnosticdata',
      '--collector.replicasetstatus',
      '--collector.pbm',
    ],
    env: [
      fromUsersSecret('MONGODB_USER', 'MONGODB_CLUSTER_MONITOR_USER'),
      fromUsersSecret('MONGODB_PASSWORD', 'MONGODB_CLUSTER_MONITOR_PASSWORD'),
    ],
    ports: [{ name: 'metrics', containerPort: EXPORTER_PORT }],
    resources: limitsAndRequests(SIDECAR_RESOURCES.exporter),
  };
}

const volumeRequest = psmdb.PerconaServerMongoDbSpecReplsetsVolumeSpecPersistentVolumeClaimResourcesRequests.fromString;

/** One mongod replica set (a shard, or the config servers); the caller names shards. */
function replset(model: ClusterModel, replsetName: string, size: number): psmdb.PerconaServerMongoDbSpecReplsets {
  const component = replsetName === PSMDB_CONFIG_REPLSET ? 'cfg' : 'mongod';
  const exposed = component === 'mongod' && !model.sharding;
  return compact({
    size,
    resources: limitsAndRequests(model.resources),
    // Engine parameters tune the data-bearing members; config servers keep the operator's configuration.
    configuration: component === 'mongod' && Object.keys(model.config).length > 0 ? mongodConfiguration(model.config) : undefined,
    volumeSpec: {
      persistentVolumeClaim: compact({
        storageClassName: model.storage.storageClassName,
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: volumeRequest(model.storage.size) } },
      }),
    },
    ...placementOf(model, podLabels(model.name, component, replsetName)),
    // Sharded clusters are reached through mongos only.
    expose: exposed ? { enabled: true, ...service(model) } : { enabled: false },
    sidecars: model.monitoring?.kind === MonitoringKind.PROMETHEUS ? [exporterSidecar(model)] : undefined,
  });
}

function sharding(model: ClusterModel): psmdb.PerconaServerMongoDbSpecSharding {
  if (!model.sharding) return { enabled: false };
  return {
    enabled: true,
    balancer: { enabled: true },
    configsvrReplSet: replset(model, PSMDB_CONFIG_REPLSET, model.sharding.configServers),
    mongos: {
      size: model.proxy.replicas,
      resources: limitsAndRequests(model.proxy.resources),
      ...placementOf(model, podLabels(model.name, 'mongos')),
      expose: service(model),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Backups (Percona Backup for MongoDB)
// ---------------------------------------------------------------------------------------------------------------

/** Where PBM finds one storage, with the cluster's files below `path` (its provider names PBM's storage type). */
function pbmLocation(storage: BackupStorage, path: string): Pick<psmdb.PerconaServerMongoDbSpecBackupStorages, 's3' | 'gcs' | 'azure'> {
  const common = { prefix: path, credentialsSecret: storage.credentialsSecret };
  switch (storage.provider) {
    case BackupProvider.S3:
      return {
        s3: compact<psmdb.PerconaServerMongoDbSpecBackupStoragesS3>({
          ...common,
          bucket: storage.bucket,
          region: storage.region,
          endpointUrl: storage.endpoint,
          insecureSkipTlsVerify: !storage.verifyTls,
          forcePathStyle: storage.forcePathStyle,
        }),
      };
    case BackupProvider.GCS:
      return { gcs: { ...common, bucket: storage.bucket } };
    case BackupProvider.AZURE:
      return { azure: { ...common, container: storage.bucket } };
  }
}

/** The URL form PBM names a backup location with (`destination`). */
function destinationOf(storage: BackupStorage, path: string): string {
  const scheme = { [BackupProvider.S3]: 's3', [BackupProvider.GCS]: 'gs', [BackupProvider.AZURE]: 'azure' }[storage.provider];
  return `${scheme}://${storage.bucket}/${path}/`;
}

function task(schedule: ScheduleModel): psmdb.PerconaServerMongoDbSpecBackupTasks {
  return {
    name: schedule.name,
    enabled: schedule.enabled,
    schedule: schedule.cron,
    retention: { type: psmdb.PerconaServerMongoDbSpecBackupTasksRetentionType.COUNT, count: schedule.retention, deleteFromStorage: true },
    storageName: schedule.storage.name,
    type: psmdb.PerconaServerMongoDbSpecBackupTasksType.LOGICAL,
  };
}

/**
 * `spec.backup`: PBM keeps a single storage, so the cluster's one storage (see the rules) is `main`. The backup
 * agents also run when only a restore uses a storage: restores go through them.
 */
function backupSpec(model: ClusterModel): psmdb.PerconaServerMongoDbSpecBackup {
  const [storage] = storagesOf(model);
  if (!storage) return { enabled: false, image: PSMDB_IMAGES.backup };
  return {
    enabled: true,
    image: PSMDB_IMAGES.backup,
    resources: limitsAndRequests(SIDECAR_RESOURCES.backupAgent),
    storages: { [storage.name]: { type: storage.provider, main: true, ...pbmLocation(storage, storage.pathFor(model.name, model.namespace)) } },
    tasks: model.schedules.map(task),
    pitr: { enabled: model.backup?.pointInTimeRecovery ?? false, oplogSpanMin: OPLOG_SPAN_MINUTES },
  };
}

function pmmSpec(model: ClusterModel): psmdb.PerconaServerMongoDbSpecPmm | undefined {
  const pmm = model.monitoring?.pmmOptions;
  if (!pmm) return undefined;
  // The client reads its token from the users Secret (key PMM_SERVER_TOKEN): see the `monitoring.credentialsSecret` rule.
  return {
    enabled: true,
    image: pmm.image ?? PSMDB_IMAGES.pmm,
    // The host, with its port unless the scheme's default (the client assumes 443).
    serverHost: new URL(pmm.url).host,
    resources: limitsAndRequests(SIDECAR_RESOURCES.pmmClient),
  };
}

function psmdbSpec(model: ClusterModel): psmdb.PerconaServerMongoDbSpec {
  return {
    crVersion: PSMDB_OPERATOR_VERSION,
    image: model.engine.image ?? PSMDB_IMAGES.mongod(model.engine.version),
    pause: model.paused,
    secrets: { users: usersSecret(model) },
    // TLS on, with certificates the operator issues; preferTLS still lets in-pod tools connect locally.
    tls: { mode: 'preferTLS' },
    enableVolumeExpansion: true,
    // Pinned so that neither the operator nor the version service changes the image behind GitOps' back.
    updateStrategy: 'SmartUpdate',
    upgradeOptions: { apply: 'disabled', schedule: '0 4 * * *', setFcv: true },
    unsafeFlags: model.singleNode ? { replsetSize: true, mongosSize: true } : undefined,
    replsets: psmdbReplsetNames(model).map((name) => ({ name, ...replset(model, name, model.replicas) })),
    sharding: sharding(model),
    backup: backupSpec(model),
    pmm: pmmSpec(model),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Prometheus
// ---------------------------------------------------------------------------------------------------------------

/** Alerts over mongodb_exporter's metrics (compatible mode) of this cluster's mongod pods. */
function alerts(model: ClusterModel): AlertRule[] {
  const pods = `namespace="${model.namespace ?? 'default'}",pod=~"${model.name}-(rs[0-9]+|cfg)-[0-9]+"`;
  return [
    {
      alert: 'MongodbDown',
      expr: `mongodb_up{${pods}} == 0`,
      for: '5m',
      severity: 'critical',
      summary: `A mongod of ${model.name} does not answer its exporter`,
    },
    {
      alert: 'MongodbReplicaSetMemberUnhealthy',
      expr: `min by (set, name) (mongodb_mongod_replset_member_health{${pods}}) == 0`,
      for: '5m',
      severity: 'critical',
      summary: `A replica set member of ${model.name} is not healthy`,
    },
    {
      alert: 'MongodbReplicationLag',
      expr: `max by (set, name) (mongodb_mongod_replset_member_replication_lag{${pods}}) > 60`,
      for: '10m',
      severity: 'warning',
      summary: `A secondary of ${model.name} is more than a minute behind its primary`,
    },
  ];
}

/** PBM's backups as the exporter's PBM collector reports them from this cluster's pods. */
function lastBackupMetric(model: ClusterModel): string {
  return `mongodb_pbm_backup_last_transition_ts{namespace="${model.namespace ?? 'default'}",pod=~"${model.name}-.*",status="done"}`;
}

function prometheus(scope: Construct, model: ClusterModel): void {
  const options = model.monitoring?.prometheusOptions;
  if (!options) return;
  const scrape = [{ id: 'mongod', selector: podLabels(model.name, 'mongod'), port: 'metrics' }];
  if (model.sharding) scrape.push({ id: 'cfg', selector: podLabels(model.name, 'cfg'), port: 'metrics' });
  prometheusObjects(scope, model, options, scrape, alerts(model), () => scheduledBackupAlerts(model, lastBackupMetric(model)));
}

// ---------------------------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------------------------

/** PBM keeps one storage per cluster, so everything that touches storage (`modelOf` once the checked object is added) shares it. */
function oneStorageRule<T>(prop: string, modelOf: (subject: T) => ClusterModel): Rule<T> {
  return {
    prop,
    value: (t) => storagesOf(modelOf(t)).map((s) => s.name),
    valid: (t) => storagesOf(modelOf(t)).length <= 1,
    reason: 'PBM keeps one storage per cluster: backups, schedules, PITR and restores of a MongoDB cluster share one BackupStorage',
  };
}

/** A named backup is restored through the storage it was taken to, which must be the cluster's. */
function namedBackupRule<T>(prop: string, modelOf: (subject: T) => ClusterModel, sourceOf: (subject: T) => RestoreSource | undefined): Rule<T> {
  return {
    prop,
    value: (t) => sourceOf(t)?.backupName,
    when: (t) => sourceOf(t)?.backupName !== undefined,
    valid: (t) => storagesOf(modelOf(t)).length === 1,
    reason: 'the operator restores a named backup through the cluster\'s backup storage: give the cluster a backup.storage (or the source\'s storage)',
  };
}

/** The operator's and PBM's limits that our props can break, beyond the engine's own (MONGODB_RULES). */
const PSMDB_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  ...MONGODB_RULES,
  // A clone's storage is the only one that can differ from `backup.storage` at this point.
  oneStorageRule<ClusterModel>('restoreFrom.storage', (m) => m),
  backupObjectNameRule<ClusterModel>('restoreFrom', (m) => m.restoreFrom),
  namedBackupRule<ClusterModel>('restoreFrom.backupName', (m) => m, (m) => m.restoreFrom),
  {
    prop: 'monitoring.credentialsSecret',
    value: (m) => m.monitoring?.pmmOptions?.credentialsSecret,
    when: (m) => m.monitoring?.pmmOptions !== undefined,
    valid: (m) => m.monitoring!.pmmOptions!.credentialsSecret === usersSecret(m),
    reason: (m) => `the PSMDB operator reads the PMM token (key PMM_SERVER_TOKEN) from the users Secret only: name ${usersSecret(m)}, `
      + 'or set credentialsSecret to the Secret that holds both',
  },
];

type ScheduleSubject = { readonly model: ClusterModel; readonly schedule: ScheduleModel };

const SCHEDULE_RULES: ReadonlyArray<Rule<ScheduleSubject>> = [
  oneStorageRule<ScheduleSubject>('storage', (s) => ({ ...s.model, schedules: [...s.model.schedules, s.schedule] })),
  {
    prop: 'schedule',
    value: (s) => s.schedule.cron,
    valid: (s) => s.model.schedules.every((other) => other.cron !== s.schedule.cron),
    reason: 'PBM runs one backup at a time: another schedule of this cluster already starts at that time',
  },
];

// On-demand backups and restores are checked once they have added their storage to the model.
const ON_DEMAND_RULES: ReadonlyArray<Rule<ClusterModel>> = [oneStorageRule<ClusterModel>('storage', (m) => m)];

type RestoreSubject = { readonly model: ClusterModel; readonly source: RestoreSource };

const RESTORE_RULES: ReadonlyArray<Rule<RestoreSubject>> = [
  oneStorageRule<RestoreSubject>('source.storage', (r) => r.model),
  backupObjectNameRule<RestoreSubject>('source', (r) => r.source),
  namedBackupRule<RestoreSubject>('source.backupName', (r) => r.model, (r) => r.source),
];

// ---------------------------------------------------------------------------------------------------------------
// Restores
// ---------------------------------------------------------------------------------------------------------------

/**
 * A named backup (or the named base of an instant) is restored through its PerconaServerMongoDBBackup object. An
 * instant without a base comes from the source cluster's path in the storage: the destination names no backup,
 * so PBM takes the latest full backup before the instant, then replays the oplog up to it.
 */
function restoreSpec(model: ClusterModel, source: RestoreSource): psmdb.PerconaServerMongoDbRestoreSpec {
  const pitr = source.time === undefined ? undefined : { type: 'date', date: toUtcDateTime(source.time) };
  const backupName = source.backupName ?? source.baseBackupName;
  if (backupName !== undefined) return compact({ clusterName: model.name, backupName, pitr });
  const storage = source.storage!;
  const path = storage.pathFor(source.sourceCluster!, source.sourceNamespace ?? model.namespace);
  return {
    clusterName: model.name,
    backupSource: { type: 'logical', destination: destinationOf(storage, path), ...pbmLocation(storage, path) },
    pitr,
  };
}

function restoreObject(scope: Construct, id: string, model: ClusterModel, name: string, source: RestoreSource): ApiObject {
  return new ApiObject(scope, id, {
    ...psmdb.PerconaServerMongoDbRestore.GVK,
    metadata: { name, namespace: model.namespace },
    spec: psmdb.toJson_PerconaServerMongoDbRestoreSpec(restoreSpec(model, source)),
  });
}

/** MongoDB on the Percona Operator for MongoDB. */
export const psmdbTarget: EngineTarget = {
  engine: EngineType.MONGODB,
  operator: Operator.PERCONA,
  description: `Percona Server for MongoDB operator ${PSMDB_OPERATOR_VERSION}`,
  proxyTypes: [ProxyType.MONGOS, ProxyType.NONE],
  archivesLogsWithEveryStorage: false,
  defaultProxy: (model) => model.sharding ? ProxyType.MONGOS : ProxyType.NONE,
  rules: PSMDB_RULES,
  render(scope: Construct, model: ClusterModel): RenderedCluster {
    const resource = new ApiObject(scope, 'Resource', {
      ...psmdb.PerconaServerMongoDb.GVK,
      metadata: { name: model.name, namespace: model.namespace },
      spec: lazy(() => psmdb.toJson_PerconaServerMongoDbSpec(psmdbSpec(model))),
    });
    // A clone: the operator waits for the new cluster's backup agents, then restores into it once. The restore
    // follows the cluster in the manifest, because a restore whose cluster the operator cannot find fails for good.
    if (model.restoreFrom) restoreObject(scope, 'Restore', model, `${model.name}-restore-from`, model.restoreFrom);
    prometheus(scope, model);
    return {
      engineResource: resource,
      serviceName: model.sharding ? `${model.name}-mongos` : `${model.name}-rs0`,
      port: MONGODB_PORT,
      credentialsSecretName: usersSecret(model),
    };
  },
  scheduleRules: SCHEDULE_RULES,
  renderSchedule: () => undefined,
  renderOnDemandBackup(scope, model, backup) {
    checkRules(scope, ON_DEMAND_RULES, model);
    return new ApiObject(scope, 'Resource', {
      ...psmdb.PerconaServerMongoDbBackup.GVK,
      metadata: { name: backup.name, namespace: model.namespace },
      spec: psmdb.toJson_PerconaServerMongoDbBackupSpec({
        clusterName: model.name,
        storageName: backup.storage.name,
        type: psmdb.PerconaServerMongoDbBackupSpecType.LOGICAL,
      }),
    });
  },
  renderRestore(scope, model, restore) {
    checkRules(scope, RESTORE_RULES, { model, source: restore.source });
    return restoreObject(scope, 'Resource', model, restore.name, restore.source);
  },
};
