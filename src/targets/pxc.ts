import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { BackupProvider, BackupStorage } from '../backup-storage';
import { EngineType, Operator } from '../engine';
import * as pxc from '../imports/pxc-pxc.percona.com';
import { MonitoringKind, PmmOptions } from '../monitoring';
import { isDnsSubdomain } from '../names';
import { AlertRule, prometheusObjects, scheduledBackupAlerts, ScrapeTarget } from '../prometheus-objects';
import { ProxyType } from '../proxy';
import { Quantities } from '../quantity';
import { backupObjectNameRule, toUtcDateTime } from '../restore-rules';
import { RestoreSource } from '../restore-source';
import { checkRules, Rule } from '../rules';
import { podPlacement } from '../scheduling';
import { MYSQL_RULES } from './engine-rules';
import { ClusterModel, compact, EngineTarget, lazy, RenderedCluster, ScheduleModel, storagesOf } from './target';

/** Percona XtraDB Cluster operator 1.18.0: the version whose CRD is vendored and whose images are used. */
export const PXC_OPERATOR_VERSION = '1.18.0';
/** percona-xtrabackup tag the operator ships for each engine series (e2e-tests/release_versions). */
const XTRABACKUP_TAGS: Record<string, string> = { '8.4': '8.4.0-3.1', '8.0': '8.0.35-34.1', '5.7': '2.4.29' };
/** Images the PXC operator 1.18.0 ships (e2e-tests/release_versions). */
export const PXC_IMAGES = {
  pxc: (version: string) => `percona/percona-xtradb-cluster:${version}`,
  haproxy: 'percona/haproxy:2.8.15',
  proxysql: 'percona/proxysql2:2.7.3',
  /** xtrabackup must match the server's series (8.4, 8.0 or 5.7). */
  xtrabackup: (engineSeries: string) => `percona/percona-xtrabackup:${XTRABACKUP_TAGS[engineSeries]}`,
  pmmClient: 'percona/pmm-client:3.3.1',
};
/** The exporter `Monitoring.prometheus()` adds next to mysqld (the operator ships none). */
export const MYSQLD_EXPORTER_IMAGE = 'prom/mysqld-exporter:v0.17.2';
const MYSQL_PORT = 3306;
const EXPORTER_PORT = 9104;
/**
 * PXC 1.18.0 has no GCS storage type; Percona documents GCS through its S3 interoperability endpoint, so a GCS
 * storage's Secret holds HMAC keys under the S3 names (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).
 */
const GCS_S3_ENDPOINT = 'https://storage.googleapis.com';
/**
 * PXC 1.18.0 has no `forcePathStyle`: the operator's own S3 client already uses path-style URLs for any endpoint
 * but AWS's, and xbcloud, which moves the backups, is told so explicitly.
 */
const XBCLOUD_PATH_STYLE = '--s3-bucket-lookup=path';
/** Backup and restore jobs stream through xbcloud: Everest's figures, as both requests and limits. */
const BACKUP_JOB_RESOURCES: Quantities = { cpu: '600m', memory: '1G' };
/** The PMM client's requests in the operator's own cr.yaml, with room above them. */
const PMM_RESOURCES = { requests: { cpu: '300m', memory: '150M' }, limits: { cpu: '600m', memory: '512M' } };
const EXPORTER_RESOURCES = { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } };
/** The binlog collector's resources, as the operator's cr.yaml suggests them. */
const BINLOG_COLLECTOR_RESOURCES = { requests: { cpu: '100m', memory: '100M' }, limits: { cpu: '700m', memory: '1G' } };
/** Seconds without a successful binlog collection before it is worth an alert (30 cycles). */
const BINLOG_COLLECTION_MAX_AGE_SECONDS = 1800;
/** Seconds between binlog uploads (the operator's and Everest's default). */
const PITR_UPLOAD_INTERVAL_SECONDS = 60;
/** A restore runs Jobs named `restore-job-<restore>-<cluster>` (and pitr-job-, prepare-job-), and a Job name is a label. */
const RESTORE_JOB_NAME_MAX_LENGTH = 63;
const RESTORE_JOB_PREFIX = 'restore-job-';
/** How much of the cluster and storage names the operator keeps in a scheduled backup's name (naming.ScheduledBackupName). */
const SCHEDULED_NAME_PREFIX_LENGTH = 16;
/** wsrep_local_state values: 2 is a donor (also while xtrabackup copies a backup), 4 is synced. */
const WSREP_DONOR = 2;
const WSREP_SYNCED = 4;

/** Labels the PXC operator puts on the pods of one component (pxc, haproxy, proxysql). */
function componentLabels(name: string, component: string): { [key: string]: string } {
  return { 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': component };
}

/** One of the quantity classes cdk8s import generates (each CRD field has its own). */
interface QuantityClass<T> {
  fromString(value: string): T;
}

/** Limits and requests in the quantity classes of one CRD field; requests equal limits unless given. */
function requirements<L, R>(limit: QuantityClass<L>, request: QuantityClass<R>, limits: Quantities, requests: Quantities = limits) {
  return {
    limits: { cpu: limit.fromString(limits.cpu), memory: limit.fromString(limits.memory) },
    requests: { cpu: request.fromString(requests.cpu), memory: request.fromString(requests.memory) },
  };
}

/** `[mysqld]` section of my.cnf from the engine parameters. */
function mysqldConfiguration(config: { [key: string]: string }): string | undefined {
  const entries = Object.entries(config);
  if (entries.length === 0) return undefined;
  return ['[mysqld]', ...entries.map(([k, v]) => `${k}=${v}`), ''].join('\n');
}

function service(model: ClusterModel) {
  return compact({
    enabled: true,
    type: model.expose.type,
    loadBalancerSourceRanges: model.expose.sourceRanges.length > 0 ? model.expose.sourceRanges : undefined,
    annotations: Object.keys(model.expose.annotations).length > 0 ? model.expose.annotations : undefined,
  });
}

function usersSecret(model: ClusterModel): string {
  return model.credentialsSecret ?? `${model.name}-secrets`;
}

/** The storage that receives binlogs: the backup storage under another name, one folder deeper. */
function pitrStorageName(storage: BackupStorage): string {
  return `${storage.name}-pitr`;
}

/** Where one cluster's backups go inside a storage, as PXC spells it (`bucket/path`), for S3 (GCS) or Azure. */
function objectStore(storage: BackupStorage, path: string) {
  const location = `${storage.bucket}/${path}`;
  if (storage.provider === BackupProvider.AZURE) {
    return { azure: { container: location, credentialsSecret: storage.credentialsSecret } };
  }
  const endpointUrl = storage.provider === BackupProvider.GCS ? GCS_S3_ENDPOINT : storage.endpoint;
  return { s3: { bucket: location, credentialsSecret: storage.credentialsSecret, region: storage.region, endpointUrl } };
}

function storageSpec(storage: BackupStorage, path: string): pxc.PerconaXtraDbClusterSpecBackupStorages {
  return {
    type: storage.provider === BackupProvider.AZURE ? 'azure' : 's3',
    ...objectStore(storage, path),
    verifyTls: storage.verifyTls,
    resources: requirements(pxc.PerconaXtraDbClusterSpecBackupStoragesResourcesLimits, pxc.PerconaXtraDbClusterSpecBackupStoragesResourcesRequests,
      BACKUP_JOB_RESOURCES),
    containerOptions: storage.forcePathStyle ? { args: { xbcloud: [XBCLOUD_PATH_STYLE] } } : undefined,
  };
}

function scheduleSpec(schedule: ScheduleModel): pxc.PerconaXtraDbClusterSpecBackupSchedule {
  return {
    name: schedule.name,
    schedule: schedule.cron,
    storageName: schedule.storage.name,
    retention: { type: pxc.PerconaXtraDbClusterSpecBackupScheduleRetentionType.COUNT, count: schedule.retention, deleteFromStorage: true },
  };
}

/**
 * `spec.backup`, always with its image: restore jobs run it too, even on a cluster without storages. Every storage
 * the cluster uses gets the cluster's deterministic path; a disabled schedule is left out (PXC has no such flag).
 */
function backupSpec(model: ClusterModel): pxc.PerconaXtraDbClusterSpecBackup {
  const pathOf = (storage: BackupStorage) => storage.pathFor(model.name, model.namespace);
  const storages = storagesOf(model).map((s) => [s.name, storageSpec(s, pathOf(s))] as const);
  const pitr = model.backup?.pointInTimeRecovery ? model.backup.storage : undefined;
  if (pitr) storages.push([pitrStorageName(pitr), storageSpec(pitr, `${pathOf(pitr)}/pitr`)]);
  const schedules = model.schedules.filter((s) => s.enabled);
  return {
    image: PXC_IMAGES.xtrabackup(model.engine.minorVersion),
    storages: storages.length > 0 ? Object.fromEntries(storages) : undefined,
    schedule: schedules.length > 0 ? schedules.map(scheduleSpec) : undefined,
    pitr: pitr && {
      enabled: true,
      storageName: pitrStorageName(pitr),
      timeBetweenUploads: PITR_UPLOAD_INTERVAL_SECONDS,
      resources: requirements(pxc.PerconaXtraDbClusterSpecBackupPitrResourcesLimits, pxc.PerconaXtraDbClusterSpecBackupPitrResourcesRequests,
        BINLOG_COLLECTOR_RESOURCES.limits, BINLOG_COLLECTOR_RESOURCES.requests),
    },
  };
}

/**
 * PMM 3: the client authenticates with the token the operator reads from the users Secret, key `pmmservertoken`.
 * PXC has no field for another Secret, so `PmmOptions.credentialsSecret` is not referenced: the token must be
 * copied into the users Secret (the library never writes it).
 */
function pmmSpec(options: PmmOptions): pxc.PerconaXtraDbClusterSpecPmm {
  return {
    enabled: true,
    image: options.image ?? PXC_IMAGES.pmmClient,
    // host, not hostname: a non-default port must reach the client too.
    serverHost: new URL(options.url).host,
    resources: requirements(pxc.PerconaXtraDbClusterSpecPmmResourcesLimits, pxc.PerconaXtraDbClusterSpecPmmResourcesRequests,
      PMM_RESOURCES.limits, PMM_RESOURCES.requests),
  };
}

/**
 * mysqld_exporter next to mysqld, as the operator's own `monitor` user (its password is the users Secret's
 * `monitor` key). It runs as the image's `nobody`, restricted like any container of ours.
 */
function mysqldExporter(model: ClusterModel): pxc.PerconaXtraDbClusterSpecPxcSidecars {
  return {
    name: 'mysqld-exporter',
    image: MYSQLD_EXPORTER_IMAGE,
    args: [`--mysqld.address=127.0.0.1:${MYSQL_PORT}`, '--mysqld.username=monitor'],
    env: [{ name: 'MYSQLD_EXPORTER_PASSWORD', valueFrom: { secretKeyRef: { name: usersSecret(model), key: 'monitor' } } }],
    ports: [{ name: 'metrics', containerPort: EXPORTER_PORT }],
    resources: requirements(pxc.PerconaXtraDbClusterSpecPxcSidecarsResourcesLimits, pxc.PerconaXtraDbClusterSpecPxcSidecarsResourcesRequests,
      EXPORTER_RESOURCES.limits, EXPORTER_RESOURCES.requests),
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 65534,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
  };
}

function pxcSpec(model: ClusterModel): pxc.PerconaXtraDbClusterSpec {
  const { name, monitoring } = model;
  const proxy = model.proxy.type;
  const proxyComponent = (component: string) => {
    const placement = podPlacement(model.scheduling, componentLabels(name, component));
    return compact({
      enabled: true,
      size: model.proxy.replicas,
      image: component === 'haproxy' ? PXC_IMAGES.haproxy : PXC_IMAGES.proxysql,
      resources: requirements(pxc.PerconaXtraDbClusterSpecHaproxyResourcesLimits, pxc.PerconaXtraDbClusterSpecHaproxyResourcesRequests,
        model.proxy.resources),
      affinity: placement.affinity ? { advanced: placement.affinity } : undefined,
      topologySpreadConstraints: placement.topologySpreadConstraints,
      nodeSelector: placement.nodeSelector,
      tolerations: placement.tolerations,
      podDisruptionBudget: { maxUnavailable: pxc.PerconaXtraDbClusterSpecHaproxyPodDisruptionBudgetMaxUnavailable.fromNumber(1) },
    });
  };
  const placement = podPlacement(model.scheduling, componentLabels(name, 'pxc'));
  return {
    crVersion: PXC_OPERATOR_VERSION,
    secretsName: usersSecret(model),
    pause: model.paused,
    tls: { enabled: true },
    enableVolumeExpansion: true,
    // Pinned so that neither the operator nor the version service changes the image behind GitOps' back.
    updateStrategy: 'SmartUpdate',
    upgradeOptions: { apply: 'never', schedule: '0 4 * * *' },
    unsafeFlags: model.singleNode ? { pxcSize: true, proxySize: true } : undefined,
    pxc: compact({
      size: model.replicas,
      image: model.engine.image ?? PXC_IMAGES.pxc(model.engine.version),
      resources: requirements(pxc.PerconaXtraDbClusterSpecPxcResourcesLimits, pxc.PerconaXtraDbClusterSpecPxcResourcesRequests, model.resources),
      configuration: mysqldConfiguration(model.config),
      volumeSpec: {
        persistentVolumeClaim: compact({
          storageClassName: model.storage.storageClassName,
          accessModes: ['ReadWriteOnce'],
          resources: {
            requests: { storage: pxc.PerconaXtraDbClusterSpecPxcVolumeSpecPersistentVolumeClaimResourcesRequests.fromString(model.storage.size) },
          },
        }),
      },
      affinity: placement.affinity ? { advanced: placement.affinity } : { antiAffinityTopologyKey: 'none' },
      topologySpreadConstraints: placement.topologySpreadConstraints,
      nodeSelector: placement.nodeSelector,
      tolerations: placement.tolerations,
      // The operator makes the PDB: set it explicitly rather than add a second one over the same pods.
      podDisruptionBudget: { maxUnavailable: pxc.PerconaXtraDbClusterSpecPxcPodDisruptionBudgetMaxUnavailable.fromNumber(1) },
      expose: proxy === ProxyType.NONE ? service(model) : undefined,
      sidecars: monitoring?.kind === MonitoringKind.PROMETHEUS ? [mysqldExporter(model)] : undefined,
    }),
    haproxy: proxy === ProxyType.HAPROXY
      ? { ...proxyComponent('haproxy'), exposePrimary: service(model) }
      : { enabled: false },
    proxysql: proxy === ProxyType.PROXYSQL
      ? { ...proxyComponent('proxysql'), expose: service(model) }
      : { enabled: false },
    backup: backupSpec(model),
    pmm: monitoring?.kind === MonitoringKind.PMM ? pmmSpec(monitoring.pmmOptions!) : undefined,
  };
}

/** The PromQL selector of this cluster's pods named `<cluster>-<podSuffix>`, with the labels a PodMonitor gives them. */
function podSelector(model: ClusterModel, podSuffix: string): string {
  const namespace = model.namespace ? `namespace="${model.namespace}",` : '';
  return `{${namespace}pod=~"${model.name}-${podSuffix}"}`;
}

/** Galera's own health, from mysqld_exporter's global status metrics. */
function galeraAlerts(model: ClusterModel): AlertRule[] {
  const databasePods = podSelector(model, 'pxc-[0-9]+');
  const metric = (name: string) => `mysql_global_status_${name}${databasePods}`;
  return [
    {
      alert: 'PxcNodeNotReady',
      expr: `mysql_up${databasePods} == 0 or ${metric('wsrep_ready')} == 0`,
      for: '5m',
      severity: 'critical',
      summary: `A Percona XtraDB Cluster node of ${model.name} is down or does not accept queries`,
    },
    {
      alert: 'PxcClusterSizeBelowReplicas',
      expr: `${metric('wsrep_cluster_size')} < ${model.replicas}`,
      for: '5m',
      severity: 'warning',
      summary: `The Galera cluster ${model.name} has fewer than ${model.replicas} members`,
    },
    {
      alert: 'PxcNodeNotSynced',
      expr: `${metric('wsrep_local_state')} != ${WSREP_SYNCED} and ${metric('wsrep_local_state')} != ${WSREP_DONOR}`,
      for: '15m',
      severity: 'warning',
      summary: `A node of ${model.name} is neither synced nor serving as a donor`,
    },
  ];
}

/** The binlog collector's own metrics (CR 1.17.0 and later): a gap, or no successful collection for half an hour. */
function binlogAlerts(model: ClusterModel): AlertRule[] {
  const collector = podSelector(model, 'pitr-.+');
  return [
    {
      alert: 'PxcBinlogGapDetected',
      expr: `increase(pxc_binlog_collector_gap_detected_total${collector}[10m]) > 0`,
      for: '0m',
      severity: 'critical',
      summary: `Binlogs of ${model.name} are missing: no point-in-time restore into the gap until the next full backup`,
    },
    {
      alert: 'PxcBinlogCollectionStalled',
      expr: `time() - pxc_binlog_collector_last_processing_timestamp${collector} > ${BINLOG_COLLECTION_MAX_AGE_SECONDS}`,
      for: '10m',
      severity: 'warning',
      summary: `The binlog collector of ${model.name} has collected nothing for half an hour`,
    },
  ];
}

/**
 * PXC exports no backup metric; kube-state-metrics does export the completion time of every Job, and the operator
 * runs each scheduled backup as Job `xb-cron-<cluster[:16]>-<storage[:16]>-<time>-<hash>`.
 */
function backupAlerts(model: ClusterModel): AlertRule[] {
  const namespace = model.namespace ? `namespace="${model.namespace}",` : '';
  const jobs = `xb-cron-${model.name.slice(0, SCHEDULED_NAME_PREFIX_LENGTH)}-.+`;
  return scheduledBackupAlerts(model, `kube_job_status_completion_time{${namespace}job_name=~"${jobs}"}`);
}

/**
 * mysqld_exporter on the database pods, HAProxy's own Prometheus endpoint (ProxySQL has none enabled) and the binlog
 * collector's.
 */
function scrapeTargets(model: ClusterModel): ScrapeTarget[] {
  return [
    { id: 'db', selector: componentLabels(model.name, 'pxc'), port: 'metrics' },
    ...model.proxy.type === ProxyType.HAPROXY ? [{ id: 'proxy', selector: componentLabels(model.name, 'haproxy'), port: 'stats', path: '/metrics' }] : [],
    ...model.backup?.pointInTimeRecovery ? [{ id: 'pitr', selector: componentLabels(model.name, 'pitr'), port: 'metrics' }] : [],
  ];
}

/** Limits of the PXC operator 1.18.0 on the cluster, beyond the engine's. */
const PXC_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  ...MYSQL_RULES,
  {
    prop: 'backup.pointInTimeRecovery',
    value: (m) => m.backup?.storage.provider,
    when: (m) => m.backup?.pointInTimeRecovery === true,
    valid: (m) => m.backup!.storage.provider === BackupProvider.S3,
    reason: 'the PXC binlog collector uploads to Amazon S3 or an S3-compatible store only',
  },
];

/** How scheduled backups are named decides which schedules can coexist (naming.ScheduledBackupName). */
const PXC_SCHEDULE_RULES: ReadonlyArray<Rule<{ readonly model: ClusterModel; readonly schedule: ScheduleModel }>> = [
  {
    prop: 'schedule',
    value: ({ schedule }) => schedule.cron,
    when: ({ schedule }) => schedule.enabled,
    valid: ({ model, schedule }) => !model.schedules.some((s) => s.enabled && s.cron === schedule.cron
      && s.storage.name.slice(0, SCHEDULED_NAME_PREFIX_LENGTH) === schedule.storage.name.slice(0, SCHEDULED_NAME_PREFIX_LENGTH)),
    reason: 'PXC names a scheduled backup after the cluster, the storage, the second it starts and a hash of the cron '
      + 'expression: two schedules with the same expression on one storage would create the same backup',
  },
];

/**
 * What a PerconaXtraDBClusterRestore can express, for `prop` (`source` of a DatabaseRestore, `restoreFrom` of a
 * clone). A backup is found through its PerconaXtraDBClusterBackup object, whose status records where it is; binlogs
 * are replayed on a full backup that the operator does not choose itself.
 */
function restoreRules(prop: string): ReadonlyArray<Rule<RestoreSource>> {
  return [
    backupObjectNameRule<RestoreSource>(prop, (s) => s),
    {
      prop: `${prop}.storage`,
      value: (s) => s.storage?.name,
      when: (s) => s.time === undefined,
      valid: (s) => s.storage === undefined,
      reason: 'PXC restores a backup through its PerconaXtraDBClusterBackup object (of any cluster in the namespace), '
        + 'which records the storage; inside a storage a backup is a folder named <cluster>-<date>-<time>-full, which a '
        + 'backup name cannot name: leave `storage` out',
    },
    {
      prop: `${prop}.baseBackupName`,
      value: (s) => s.baseBackupName,
      when: (s) => s.time !== undefined,
      valid: (s) => s.baseBackupName !== undefined && isDnsSubdomain(s.baseBackupName),
      reason: 'PXC replays binlogs on a full backup it does not pick itself, and the latest one before the instant is '
        + 'unknown at synthesis: name the PerconaXtraDBClusterBackup to start from',
    },
    {
      prop: `${prop}.storage`,
      value: (s) => s.storage?.provider,
      when: (s) => s.time !== undefined,
      valid: (s) => s.storage?.provider === BackupProvider.S3,
      reason: 'PXC keeps binlogs on Amazon S3 or an S3-compatible store only',
    },
  ];
}

const RESTORE_NAME_RULES: ReadonlyArray<Rule<{ readonly name: string; readonly model: ClusterModel }>> = [
  {
    prop: 'name',
    value: ({ name }) => name,
    valid: ({ name, model }) => `${RESTORE_JOB_PREFIX}${name}-${model.name}`.length <= RESTORE_JOB_NAME_MAX_LENGTH,
    reason: ({ model }) => `PXC names the restore's Job ${RESTORE_JOB_PREFIX}<restore>-<cluster>, at most ${RESTORE_JOB_NAME_MAX_LENGTH} `
      + `characters: with cluster ${model.name}, a restore name has at most ${RESTORE_JOB_NAME_MAX_LENGTH - RESTORE_JOB_PREFIX.length - model.name.length - 1}`,
  },
];

/**
 * A PerconaXtraDBClusterRestore of `model`. A point in time starts from the named full backup and replays the source
 * cluster's binlogs from the `/pitr` folder its PITR storage writes to.
 */
function restoreObject(scope: Construct, id: string, model: ClusterModel, name: string, source: RestoreSource): ApiObject {
  const binlogs = source.time === undefined ? undefined : source.storage!;
  const binlogPath = binlogs && `${binlogs.pathFor(source.sourceCluster!, source.sourceNamespace ?? model.namespace)}/pitr`;
  return new ApiObject(scope, id, {
    ...pxc.PerconaXtraDbClusterRestore.GVK,
    metadata: { name, namespace: model.namespace },
    spec: pxc.toJson_PerconaXtraDbClusterRestoreSpec({
      pxcCluster: model.name,
      backupName: source.backupName ?? source.baseBackupName,
      // The restore runs while the cluster is stopped: it may use what a database pod uses (xtrabackup takes 75% of it).
      resources: requirements(pxc.PerconaXtraDbClusterRestoreSpecResourcesLimits, pxc.PerconaXtraDbClusterRestoreSpecResourcesRequests,
        model.resources),
      pitr: binlogs && {
        type: 'date',
        date: toUtcDateTime(source.time!),
        backupSource: { ...objectStore(binlogs, binlogPath!), verifyTls: binlogs.verifyTls },
      },
    }),
  });
}

/** MySQL on the Percona Operator for MySQL based on Percona XtraDB Cluster. */
export const pxcTarget: EngineTarget = {
  engine: EngineType.MYSQL,
  operator: Operator.PERCONA,
  description: `Percona XtraDB Cluster operator ${PXC_OPERATOR_VERSION}`,
  proxyTypes: [ProxyType.HAPROXY, ProxyType.PROXYSQL, ProxyType.NONE],
  archivesLogsWithEveryStorage: false,
  defaultProxy: () => ProxyType.HAPROXY,
  rules: PXC_RULES,
  render(scope: Construct, model: ClusterModel): RenderedCluster {
    const resource = new ApiObject(scope, 'Resource', {
      ...pxc.PerconaXtraDbCluster.GVK,
      metadata: { name: model.name, namespace: model.namespace },
      spec: lazy(() => pxc.toJson_PerconaXtraDbClusterSpec(pxcSpec(model))),
    });
    if (model.monitoring?.kind === MonitoringKind.PROMETHEUS) {
      const alerts = [...galeraAlerts(model), ...model.backup?.pointInTimeRecovery ? binlogAlerts(model) : []];
      prometheusObjects(scope, model, model.monitoring.prometheusOptions ?? {}, scrapeTargets(model), alerts, () => backupAlerts(model));
    }
    // A clone: the operator stops the new cluster, restores into it and starts it again, once; the restore object
    // stays Succeeded. It comes after the cluster in the output, since a restore of a missing cluster fails, and so
    // does one whose users Secret is missing: with an operator-generated Secret that is a race, which a clone avoids
    // by naming an existing `credentialsSecret`.
    if (model.restoreFrom) {
      checkRules(scope, restoreRules('restoreFrom'), model.restoreFrom);
      // Short, so that its Jobs' names fit (see RESTORE_NAME_RULES) for any cluster name PXC accepts.
      restoreObject(scope, 'InitialRestore', model, `${model.name}-clone`, model.restoreFrom);
    }
    const serviceSuffix = { [ProxyType.HAPROXY]: 'haproxy', [ProxyType.PROXYSQL]: 'proxysql' }[model.proxy.type as string] ?? 'pxc';
    return {
      engineResource: resource,
      serviceName: `${model.name}-${serviceSuffix}`,
      port: MYSQL_PORT,
      credentialsSecretName: usersSecret(model),
    };
  },
  scheduleRules: PXC_SCHEDULE_RULES,
  // The schedules live in the cluster's own spec, read at synthesis.
  renderSchedule: () => undefined,
  renderOnDemandBackup: (scope, model, backup) => new ApiObject(scope, 'Resource', {
    ...pxc.PerconaXtraDbClusterBackup.GVK,
    metadata: { name: backup.name, namespace: model.namespace },
    spec: pxc.toJson_PerconaXtraDbClusterBackupSpec({ pxcCluster: model.name, storageName: backup.storage.name }),
  }),
  renderRestore: (scope, model, restore) => {
    checkRules(scope, RESTORE_NAME_RULES, { name: restore.name, model });
    checkRules(scope, restoreRules('source'), restore.source);
    return restoreObject(scope, 'Resource', model, restore.name, restore.source);
  },
};
