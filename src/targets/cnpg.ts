import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { BackupProvider, BackupStorage } from '../backup-storage';
import { longestIntervalSeconds, withSeconds } from '../cron';
import { EngineType, Operator } from '../engine';
import { invalid } from '../errors';
import { ExposeType } from '../expose';
import * as barman from '../imports/barmancloud-barmancloud.cnpg.io';
import * as cnpg from '../imports/cnpg-postgresql.cnpg.io';
import { MonitoringKind } from '../monitoring';
import { AlertRule, backupTooOldAlert, postgresReplicationAlerts, prometheusObjects } from '../prometheus-objects';
import { ProxyType } from '../proxy';
import { Quantities } from '../quantity';
import { backupObjectNameRule, toUtcRfc3339 } from '../restore-rules';
import { problemRule, Rule } from '../rules';
import { AntiAffinity, podPlacement } from '../scheduling';
import { POSTGRES_RULES } from './engine-rules';
import { ClusterModel, compact, EngineTarget, lazy, RenderedCluster } from './target';

/** CloudNativePG 1.30.0: the version whose CRDs are vendored. */
export const CNPG_OPERATOR_VERSION = '1.30.0';
/** Barman Cloud plugin 0.14.0: the version whose ObjectStore CRD is vendored. */
export const BARMAN_CLOUD_PLUGIN_VERSION = '0.14.0';
/**
 * PostgreSQL images of the CloudNativePG community, tagged `<major.minor>-<flavour>-<debian>`. The `standard`
 * flavour (PostgreSQL plus pgaudit, pgvector and failover slots) is the one the Barman Cloud plugin is built for:
 * the plugin brings Barman Cloud in its own sidecar, so the `system` flavour (Barman Cloud inside the image, for the
 * in-tree backups removed in 1.31) is not needed. The minor version is pinned so that the tag names one release.
 */
export const CNPG_IMAGES = {
  postgres: (minorVersion: string) => `ghcr.io/cloudnative-pg/postgresql:${minorVersion}-standard-trixie`,
};
/**
 * PostgreSQL majors the CloudNativePG 1.30 images cover. 14 reached its end of life on 2026-11-12: its images are
 * no longer rebuilt.
 */
export const CNPG_POSTGRES_MAJORS: ReadonlyArray<number> = [14, 15, 16, 17, 18];

const POSTGRES_PORT = 5432;
/** CloudNativePG's webhook refuses longer Cluster names, so that the names it derives fit their own limits. */
const MAX_CLUSTER_NAME_LENGTH = 50;
const BARMAN_PLUGIN = 'barman-cloud.cloudnative-pg.io';
/** The `externalClusters` entry a recovery reads from. */
const RECOVERY_SOURCE = 'origin';
/** The database and owner CNPG creates at bootstrap; its `<name>-app` Secret is for this user. */
const APP_DATABASE = 'app';
const HIBERNATION_ANNOTATION = 'cnpg.io/hibernation';
const METRICS_PORT = 'metrics';
/** Labels CloudNativePG puts on instance and Pooler pods. */
const CLUSTER_LABEL = 'cnpg.io/cluster';
const POD_ROLE_LABEL = 'cnpg.io/podRole';
const POOLER_LABEL = 'cnpg.io/poolerName';
/** Without a schedule, a base backup older than this means replaying a week of WAL to recover. */
const UNSCHEDULED_BACKUP_MAX_AGE_SECONDS = 7 * 24 * 3600;
/** Time a scheduled backup may take before the freshness alert counts it as missed. */
const BACKUP_DURATION_GRACE_SECONDS = 3600;
const DAY_SECONDS = 24 * 3600;

/**
 * postgresql.conf parameters the operator sets itself and its webhook refuses in `postgresql.parameters`
 * (docs/src/postgresql_conf.md, "Fixed parameters"): WAL archiving, replication, recovery, TLS, sockets, logging.
 */
const OPERATOR_MANAGED_PARAMETERS = new Set([
  'allow_system_table_mods', 'archive_cleanup_command', 'archive_command', 'archive_mode', 'bonjour', 'bonjour_name',
  'cluster_name', 'config_file', 'data_directory', 'data_sync_retry', 'event_source', 'external_pid_file', 'hba_file',
  'hot_standby', 'ident_file', 'jit_provider', 'listen_addresses', 'log_destination', 'log_directory', 'log_file_mode',
  'log_filename', 'log_rotation_age', 'log_rotation_size', 'log_truncate_on_rotation', 'logging_collector', 'port',
  'primary_conninfo', 'primary_slot_name', 'promote_trigger_file', 'recovery_end_command', 'recovery_min_apply_delay',
  'recovery_target', 'recovery_target_action', 'recovery_target_inclusive', 'recovery_target_lsn', 'recovery_target_name',
  'recovery_target_time', 'recovery_target_timeline', 'recovery_target_xid', 'restart_after_crash', 'restore_command',
  'shared_preload_libraries', 'ssl', 'ssl_ca_file', 'ssl_cert_file', 'ssl_crl_file', 'ssl_dh_params_file',
  'ssl_ecdh_curve', 'ssl_key_file', 'ssl_passphrase_command', 'ssl_passphrase_command_supports_reload',
  'ssl_prefer_server_ciphers', 'stats_temp_directory', 'synchronous_standby_names', 'syslog_facility', 'syslog_ident',
  'syslog_sequence_numbers', 'syslog_split_messages', 'unix_socket_directories', 'unix_socket_group',
  'unix_socket_permissions',
]);

/** Names of the objects of one cluster. */
const names = {
  pooler: (m: ClusterModel) => `${m.name}-pooler`,
  /** CNPG's own services are `-rw`, `-ro` and `-r`; this is the extra LoadBalancer over the primary. */
  loadBalancer: (m: ClusterModel) => `${m.name}-rw-lb`,
  objectStore: (m: ClusterModel, storage: BackupStorage) => `${m.name}-${storage.name}`,
  recoveryObjectStore: (m: ClusterModel) => `${m.name}-${RECOVERY_SOURCE}`,
  scheduledBackup: (m: ClusterModel, scheduleName: string) => `${m.name}-${scheduleName}`,
};

/**
 * How each object store is written to: the destination URL and the Secret keys Barman Cloud reads (the same keys
 * as the other targets, see BackupStorageProps.credentialsSecret). The library only names the Secret.
 */
const OBJECT_STORES: Record<BackupProvider, {
  readonly url: (storage: BackupStorage, path: string) => string;
  readonly credentials: (secret: string) => Pick<barman.ObjectStoreSpecConfiguration, 's3Credentials' | 'googleCredentials' | 'azureCredentials'>;
}> = {
  [BackupProvider.S3]: {
    url: (storage, path) => `s3://${storage.bucket}/${path}`,
    credentials: (secret) => ({
      s3Credentials: { accessKeyId: { name: secret, key: 'AWS_ACCESS_KEY_ID' }, secretAccessKey: { name: secret, key: 'AWS_SECRET_ACCESS_KEY' } },
    }),
  },
  [BackupProvider.GCS]: {
    url: (storage, path) => `gs://${storage.bucket}/${path}`,
    credentials: (secret) => ({ googleCredentials: { applicationCredentials: { name: secret, key: 'gcsCredentials' } } }),
  },
  // Barman Cloud reads the account from the URL, so the storage must name it (a rule below); the account name and
  // its key come from the Secret, as on the Percona operators and Everest. Public Azure cloud endpoints only.
  [BackupProvider.AZURE]: {
    url: (storage, path) => `https://${storage.storageAccount}.blob.core.windows.net/${storage.bucket}/${path}`,
    credentials: (secret) => ({
      azureCredentials: {
        storageAccount: { name: secret, key: 'AZURE_STORAGE_ACCOUNT_NAME' },
        storageKey: { name: secret, key: 'AZURE_STORAGE_ACCOUNT_KEY' },
      },
    }),
  },
};

/** Why Barman Cloud cannot use a storage as this library describes it, or undefined when it can. */
function storageProblem(storage: BackupStorage): string | undefined {
  if (!storage.verifyTls) {
    return 'the Barman Cloud ObjectStore always verifies TLS (it only takes an extra CA bundle): use an endpoint whose certificate is trusted';
  }
  return undefined;
}

/** An Azure storage must carry its account: Barman Cloud finds it in the destination URL only. */
function storageAccountRule(prop: string, storageOf: (m: ClusterModel) => BackupStorage | undefined): Rule<ClusterModel> {
  return {
    prop: `${prop}.storageAccount`,
    value: (m) => storageOf(m)!.storageAccount,
    when: (m) => storageOf(m)?.provider === BackupProvider.AZURE,
    valid: (m) => storageOf(m)!.storageAccount !== undefined,
    reason: (m) => 'Barman Cloud names the Azure storage account in the destination URL (https://<account>.blob.core.windows.net/<container>): '
      + `set \`storageAccount\` on the storage "${storageOf(m)!.name}" to use Azure on CloudNativePG`,
  };
}

/** The ObjectStore a point-in-time recovery reads from, when the cluster is a clone. */
function recoverySource(m: ClusterModel) {
  const source = m.restoreFrom;
  if (source?.sourceCluster === undefined || source.storage === undefined) return undefined;
  const path = source.storage.pathFor(source.sourceCluster, source.sourceNamespace ?? m.namespace);
  return { storage: source.storage, serverName: source.sourceCluster, path };
}

function destinationPath(storage: BackupStorage, path: string): string {
  return OBJECT_STORES[storage.provider].url(storage, path);
}

/** The WAL archive and base backups of the cluster itself. */
function ownArchivePath(m: ClusterModel): string | undefined {
  return m.backup && destinationPath(m.backup.storage, m.backup.storage.pathFor(m.name, m.namespace));
}

/**
 * Rules of CloudNativePG 1.30 and the Barman Cloud plugin, most of them enforced only by the operator's admission
 * webhook (see research/peers.md §3), so that `kubectl apply` would otherwise be the first to fail.
 */
const CNPG_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  ...POSTGRES_RULES,
  {
    prop: 'engine.version',
    value: (m) => m.engine.version,
    valid: (m) => CNPG_POSTGRES_MAJORS.includes(m.engine.majorVersion),
    reason: `CloudNativePG ${CNPG_OPERATOR_VERSION} images cover PostgreSQL ${CNPG_POSTGRES_MAJORS.join(', ')}`,
  },
  {
    prop: 'name',
    value: (m) => m.name,
    valid: (m) => m.name.length <= MAX_CLUSTER_NAME_LENGTH,
    reason: `CloudNativePG refuses Cluster names longer than ${MAX_CLUSTER_NAME_LENGTH} characters`,
  },
  {
    prop: 'scheduling.antiAffinity',
    value: (m) => m.scheduling.antiAffinity,
    valid: (m) => Object.values(AntiAffinity).includes(m.scheduling.antiAffinity),
    reason: 'CloudNativePG takes a required or preferred pod anti-affinity, or none',
  },
  {
    prop: 'config',
    value: (m) => Object.keys(m.config).filter((k) => OPERATOR_MANAGED_PARAMETERS.has(k)),
    valid: (m) => !Object.keys(m.config).some((k) => OPERATOR_MANAGED_PARAMETERS.has(k)),
    reason: 'CloudNativePG sets these parameters itself (archiving, replication, recovery, TLS, sockets, logging) and refuses them',
  },
  {
    prop: 'monitoring',
    value: (m) => m.monitoring?.kind,
    when: (m) => m.monitoring !== undefined,
    valid: (m) => m.monitoring!.kind === MonitoringKind.PROMETHEUS,
    reason: 'CloudNativePG has no PMM client: use Monitoring.prometheus() (its exporter serves every instance\'s metrics)',
  },
  problemRule('backup.storage', (m: ClusterModel) => m.backup?.storage, storageProblem, (s) => s.name),
  backupObjectNameRule<ClusterModel>('restoreFrom', (m) => m.restoreFrom),
  problemRule('restoreFrom.storage', (m: ClusterModel) => m.restoreFrom?.storage, storageProblem, (s) => s.name),
  {
    prop: 'restoreFrom.storage',
    value: (m) => m.restoreFrom!.storage?.name,
    when: (m) => m.restoreFrom?.backupName !== undefined,
    valid: (m) => m.restoreFrom!.storage === undefined,
    reason: 'CloudNativePG restores a named backup from its Backup object in the namespace: to clone another cluster from '
      + 'its storage use RestoreSource.pointInTime()',
  },
  storageAccountRule('backup.storage', (m) => m.backup?.storage),
  storageAccountRule('restoreFrom.storage', (m) => m.restoreFrom?.storage),
  // After the storage rules: both storages have a destination URL.
  {
    prop: 'restoreFrom.sourceCluster',
    value: (m) => m.restoreFrom!.sourceCluster,
    when: (m) => recoverySource(m) !== undefined && m.backup !== undefined,
    valid: (m) => {
      const source = recoverySource(m)!;
      return destinationPath(source.storage, source.path) !== ownArchivePath(m);
    },
    reason: 'the clone would archive its WAL into the archive it recovers from, which Barman Cloud refuses: '
      + 'give the clone another name, namespace or storage prefix',
  },
  {
    prop: 'backup.storage.name',
    value: (m) => m.backup!.storage.name,
    when: (m) => recoverySource(m) !== undefined && m.backup !== undefined,
    valid: (m) => names.objectStore(m, m.backup!.storage) !== names.recoveryObjectStore(m),
    reason: `the ObjectStore of a storage named "${RECOVERY_SOURCE}" would take the name of the clone's recovery source`,
  },
];

const CRON_NAMES = /JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|SUN|MON|TUE|WED|THU|FRI|SAT/gi;

/** Whether CNPG's cron parser (robfig/cron v3) takes a five-field expression that croner accepted. */
function isRobfigCron(cron: string): boolean {
  const fields = cron.trim().split(/\s+/).map((f) => f.replace(CRON_NAMES, '0'));
  // Steps (`*/2`) count, they name no day.
  const days = (fields[4].replace(/\/\d+/g, '').match(/\d+/g) ?? []).map(Number);
  return fields.every((f) => /^[0-9*,/?-]+$/.test(f)) && days.every((d) => d <= 6);
}

/** Backups go where the cluster archives its WAL: a base backup without its WAL could not be recovered. */
function isArchiveStorage(m: ClusterModel, storage: BackupStorage): boolean {
  return m.backup?.storage === storage;
}
const ARCHIVE_STORAGE_REASON = 'on CloudNativePG a backup goes to the ObjectStore that archives the cluster\'s WAL: '
  + 'set the cluster\'s `backup.storage` and back up to that storage';

function resources(q: Quantities): cnpg.ClusterSpecResources {
  return {
    limits: { cpu: cnpg.ClusterSpecResourcesLimits.fromString(q.cpu), memory: cnpg.ClusterSpecResourcesLimits.fromString(q.memory) },
    requests: { cpu: cnpg.ClusterSpecResourcesRequests.fromString(q.cpu), memory: cnpg.ClusterSpecResourcesRequests.fromString(q.memory) },
  };
}

function poolerResources(q: Quantities): cnpg.PoolerSpecTemplateSpecContainersResources {
  const limits = cnpg.PoolerSpecTemplateSpecContainersResourcesLimits.fromString;
  const requests = cnpg.PoolerSpecTemplateSpecContainersResourcesRequests.fromString;
  return { limits: { cpu: limits(q.cpu), memory: limits(q.memory) }, requests: { cpu: requests(q.cpu), memory: requests(q.memory) } };
}

function instanceLabels(m: ClusterModel): { [key: string]: string } {
  return { [CLUSTER_LABEL]: m.name, [POD_ROLE_LABEL]: 'instance' };
}

function loadBalancer(m: ClusterModel) {
  if (m.expose.type !== ExposeType.LOAD_BALANCER) return undefined;
  return {
    annotations: Object.keys(m.expose.annotations).length > 0 ? { ...m.expose.annotations } : undefined,
    spec: compact({
      type: ExposeType.LOAD_BALANCER as string,
      loadBalancerSourceRanges: m.expose.sourceRanges.length > 0 ? m.expose.sourceRanges : undefined,
    }),
  };
}

/** initdb for a new database, recovery for a clone: CloudNativePG takes exactly one bootstrap method. */
function bootstrap(m: ClusterModel): cnpg.ClusterSpecBootstrap {
  // CNPG wants a kubernetes.io/basic-auth Secret (username, password) for the app user; without one it makes `<name>-app`.
  const secret = m.credentialsSecret ? { name: m.credentialsSecret } : undefined;
  const source = m.restoreFrom;
  if (!source) return { initdb: compact({ database: APP_DATABASE, owner: APP_DATABASE, secret }) };
  // A named backup is found through its Backup object, which records where it is (plugin-barman-cloud#510 reports
  // this path failing for plugin backups); for an instant, CNPG picks the base backup itself (no `baseBackupName`).
  const from = source.backupName !== undefined
    ? { backup: { name: source.backupName } }
    : { source: RECOVERY_SOURCE, recoveryTarget: { targetTime: toUtcRfc3339(source.time!) } };
  return { recovery: compact({ database: APP_DATABASE, owner: APP_DATABASE, secret, ...from }) };
}

function postgresql(m: ClusterModel): cnpg.ClusterSpecPostgresql | undefined {
  // A plain copy: cdk8s cannot serialize a map without a prototype.
  const parameters = Object.keys(m.config).length > 0 ? { ...m.config } : undefined;
  // Quorum commit on any `number` standbys; `required` never falls back to asynchronous replication.
  const synchronous = m.synchronousReplicas > 0 ? {
    method: cnpg.ClusterSpecPostgresqlSynchronousMethod.ANY,
    number: m.synchronousReplicas,
    dataDurability: cnpg.ClusterSpecPostgresqlSynchronousDataDurability.REQUIRED,
  } : undefined;
  return parameters || synchronous ? compact({ parameters, synchronous }) : undefined;
}

function clusterSpec(m: ClusterModel): cnpg.ClusterSpec {
  const { scheduling } = m;
  const placement = podPlacement(scheduling, instanceLabels(m));
  const recovery = recoverySource(m);
  const exposed = m.proxy.type === ProxyType.NONE ? loadBalancer(m) : undefined;
  return compact({
    instances: m.replicas,
    imageName: m.engine.image ?? CNPG_IMAGES.postgres(m.engine.minorVersion),
    postgresql: postgresql(m),
    storage: compact({ size: m.storage.size, storageClass: m.storage.storageClassName, resizeInUseVolumes: true }),
    resources: resources(m.resources),
    // CNPG builds the anti-affinity term itself over its own labels; its defaulting webhook writes the type back
    // when it is empty, so it is set even when anti-affinity is off.
    affinity: compact({
      enablePodAntiAffinity: scheduling.antiAffinity !== AntiAffinity.NONE,
      podAntiAffinityType: scheduling.antiAffinity === AntiAffinity.REQUIRED ? 'required' : 'preferred',
      topologyKey: scheduling.topologyKey,
      nodeSelector: placement.nodeSelector,
      tolerations: placement.tolerations,
    }),
    topologySpreadConstraints: placement.topologySpreadConstraints,
    // CNPG makes the instance PDBs itself; a one-instance development cluster must go without them to let nodes drain.
    enablePdb: !m.singleNode,
    primaryUpdateStrategy: cnpg.ClusterSpecPrimaryUpdateStrategy.UNSUPERVISED,
    primaryUpdateMethod: cnpg.ClusterSpecPrimaryUpdateMethod.SWITCHOVER,
    enableSuperuserAccess: false,
    // TLS needs nothing: CNPG always serves TLS with certificates from its own CA.
    bootstrap: bootstrap(m),
    externalClusters: recovery && [{
      name: RECOVERY_SOURCE,
      plugin: { name: BARMAN_PLUGIN, parameters: { barmanObjectName: names.recoveryObjectStore(m), serverName: recovery.serverName } },
    }],
    // WAL archiving is what makes any Barman backup recoverable, so it is on whenever there is a backup storage:
    // every CNPG cluster with backups can be recovered to any instant.
    plugins: m.backup && [{
      name: BARMAN_PLUGIN,
      enabled: true,
      isWalArchiver: true,
      parameters: { barmanObjectName: names.objectStore(m, m.backup.storage), serverName: m.name },
    }],
    managed: exposed && {
      services: {
        additional: [{
          selectorType: cnpg.ClusterSpecManagedServicesAdditionalSelectorType.RW,
          serviceTemplate: { metadata: compact({ name: names.loadBalancer(m), annotations: exposed.annotations }), spec: exposed.spec },
        }],
      },
    },
  });
}

function poolerSpec(m: ClusterModel): cnpg.PoolerSpec {
  const placement = podPlacement(m.scheduling, { [POOLER_LABEL]: names.pooler(m) });
  const exposed = loadBalancer(m);
  return compact({
    cluster: { name: m.name },
    type: cnpg.PoolerSpecType.RW,
    instances: m.proxy.replicas,
    pgbouncer: { poolMode: cnpg.PoolerSpecPgbouncerPoolMode.SESSION },
    // CNPG spreads no Pooler pods by itself (docs: scheduling.md).
    template: {
      spec: compact({
        containers: [{ name: 'pgbouncer', resources: poolerResources(m.proxy.resources) }],
        affinity: placement.affinity,
        topologySpreadConstraints: placement.topologySpreadConstraints,
        nodeSelector: placement.nodeSelector,
        tolerations: placement.tolerations,
      }),
    },
    serviceTemplate: exposed && compact({ metadata: exposed.annotations && { annotations: exposed.annotations }, spec: exposed.spec }),
  });
}

/** S3 on AWS: the bucket's region, which the ObjectStore otherwise only takes from a Secret. */
function sidecarConfiguration(storage: BackupStorage): barman.ObjectStoreSpecInstanceSidecarConfiguration | undefined {
  if (storage.provider !== BackupProvider.S3 || storage.region === undefined) return undefined;
  return { env: [{ name: 'AWS_DEFAULT_REGION', value: storage.region }] };
}

/**
 * CNPG keeps backups for a recovery window, not a count: `retention` runs of a schedule span
 * retention × (longest gap between its runs), rounded up to whole days; the longest window of the schedules wins.
 */
function recoveryWindow(m: ClusterModel): string | undefined {
  const days = m.schedules.map((s) => Math.ceil(s.retention * longestIntervalSeconds(s.cron) / DAY_SECONDS));
  return days.length > 0 ? `${Math.max(...days)}d` : undefined;
}

function objectStore(
  scope: Construct, id: string, m: ClusterModel, name: string, storage: BackupStorage, path: string, retentionPolicy?: () => string | undefined,
): ApiObject {
  return new ApiObject(scope, id, {
    ...barman.ObjectStore.GVK,
    metadata: { name, namespace: m.namespace },
    spec: lazy(() => barman.toJson_ObjectStoreSpec(compact({
      configuration: compact({
        destinationPath: destinationPath(storage, path),
        endpointUrl: storage.endpoint,
        ...OBJECT_STORES[storage.provider].credentials(storage.credentialsSecret),
        wal: { compression: barman.ObjectStoreSpecConfigurationWalCompression.GZIP },
        data: { compression: barman.ObjectStoreSpecConfigurationDataCompression.GZIP },
      }),
      retentionPolicy: retentionPolicy?.(),
      instanceSidecarConfiguration: sidecarConfiguration(storage),
    }))),
  });
}

/** PromQL matchers for this cluster's pods (the PodMonitor adds `namespace` and `pod` to every series). */
function podMatcher(m: ClusterModel, podPattern: string): string {
  return `{${[m.namespace && `namespace="${m.namespace}"`, `pod=~"${podPattern}"`].filter(Boolean).join(',')}}`;
}

/** The backup-freshness alert, at synthesis: it depends on the schedules, which are added after the cluster. */
function backupAlerts(m: ClusterModel): AlertRule[] {
  if (!m.backup) return [];
  const intervals = m.schedules.filter((s) => s.enabled).map((s) => longestIntervalSeconds(s.cron) + BACKUP_DURATION_GRACE_SECONDS);
  const maxAge = intervals.length > 0 ? Math.min(...intervals) : UNSCHEDULED_BACKUP_MAX_AGE_SECONDS;
  // The plugin's metric: CNPG's own cnpg_collector_last_available_backup_timestamp stays stale with plugin backups.
  return [backupTooOldAlert(m, `barman_cloud_cloudnative_pg_io_last_available_backup_timestamp${instancePods(m)}`, maxAge)];
}

function instancePods(m: ClusterModel): string {
  return podMatcher(m, `${m.name}-[0-9]+`);
}

function alerts(m: ClusterModel, pooler: string | undefined): AlertRule[] {
  const instances = instancePods(m);
  const rules: Array<AlertRule | false> = [
    !m.paused && {
      alert: 'PostgresInstancesDown',
      expr: `(count(cnpg_collector_up${instances} == 1) or vector(0)) < ${m.replicas}`,
      for: '5m',
      severity: 'critical',
      summary: `Fewer than ${m.replicas} PostgreSQL instances of ${m.name} are up`,
    },
    m.replicas > 1 && {
      alert: 'PostgresReplicasNotStreaming',
      expr: `max(cnpg_pg_replication_streaming_replicas${instances}) < ${m.replicas - 1}`,
      for: '10m',
      severity: 'warning',
      summary: `Not every replica of ${m.name} streams from the primary`,
    },
    ...postgresReplicationAlerts(m, {
      replicationLagSeconds: `max(cnpg_pg_replication_lag${instances})`,
      walArchivingFailing: `max(cnpg_pg_stat_archiver_last_failed_time${instances}) > max(cnpg_pg_stat_archiver_last_archived_time${instances})`,
    }),
    pooler !== undefined && {
      alert: 'PgBouncerClientsWaiting',
      expr: `max(cnpg_pgbouncer_pools_cl_waiting${podMatcher(m, `${pooler}-.+`)}) > 0`,
      for: '5m',
      severity: 'warning',
      summary: `Clients of ${m.name} wait for a server connection in PgBouncer`,
    },
  ];
  return rules.filter((r): r is AlertRule => r !== false);
}

/** PostgreSQL on CloudNativePG, backed up by the Barman Cloud plugin. */
export const cnpgTarget: EngineTarget = {
  engine: EngineType.POSTGRES,
  operator: Operator.CLOUDNATIVE_PG,
  description: `CloudNativePG ${CNPG_OPERATOR_VERSION}`,
  proxyTypes: [ProxyType.PGBOUNCER, ProxyType.NONE],
  archivesLogsWithEveryStorage: true,
  defaultProxy: () => ProxyType.PGBOUNCER,
  rules: CNPG_RULES,
  render(scope: Construct, model: ClusterModel): RenderedCluster {
    const resource = new ApiObject(scope, 'Resource', {
      ...cnpg.Cluster.GVK,
      // 'off' is explicit so that un-pausing works with any apply strategy.
      metadata: { name: model.name, namespace: model.namespace, annotations: { [HIBERNATION_ANNOTATION]: model.paused ? 'on' : 'off' } },
      spec: lazy(() => cnpg.toJson_ClusterSpec(clusterSpec(model))),
    });
    if (model.backup) {
      const storage = model.backup.storage;
      objectStore(scope, 'ObjectStore', model, names.objectStore(model, storage), storage, storage.pathFor(model.name, model.namespace), () => recoveryWindow(model));
    }
    const recovery = recoverySource(model);
    if (recovery) objectStore(scope, 'RecoveryObjectStore', model, names.recoveryObjectStore(model), recovery.storage, recovery.path);

    const pooler = model.proxy.type === ProxyType.PGBOUNCER ? names.pooler(model) : undefined;
    if (pooler) {
      new ApiObject(scope, 'Pooler', {
        ...cnpg.Pooler.GVK,
        metadata: { name: pooler, namespace: model.namespace },
        spec: cnpg.toJson_PoolerSpec(poolerSpec(model)),
      });
      // CNPG makes PDBs for instances only.
      new k8s.KubePodDisruptionBudget(scope, 'PoolerDisruptionBudget', {
        metadata: { name: pooler, namespace: model.namespace },
        spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: { [POOLER_LABEL]: pooler } } },
      });
    }
    if (model.monitoring?.kind === MonitoringKind.PROMETHEUS) {
      const scrape = [{ id: 'db', selector: instanceLabels(model), port: METRICS_PORT }];
      if (pooler) scrape.push({ id: 'pooler', selector: { [POOLER_LABEL]: pooler }, port: METRICS_PORT });
      prometheusObjects(scope, model, model.monitoring.prometheusOptions ?? {}, scrape, alerts(model, pooler), () => backupAlerts(model));
    }
    return {
      engineResource: resource,
      serviceName: pooler ?? `${model.name}-rw`,
      port: POSTGRES_PORT,
      credentialsSecretName: model.credentialsSecret ?? `${model.name}-app`,
    };
  },
  scheduleRules: [
    {
      prop: 'storage',
      value: (s) => s.schedule.storage.name,
      valid: (s) => isArchiveStorage(s.model, s.schedule.storage),
      reason: ARCHIVE_STORAGE_REASON,
    },
    {
      prop: 'schedule',
      value: (s) => s.schedule.cron,
      valid: (s) => isRobfigCron(s.schedule.cron),
      reason: 'CloudNativePG parses schedules with robfig/cron: no L, W or # modifiers, and days of the week from 0 (Sunday) to 6',
    },
    {
      prop: 'name',
      value: (s) => names.scheduledBackup(s.model, s.schedule.name),
      valid: (s) => names.scheduledBackup(s.model, s.schedule.name).length <= 63,
      reason: 'the ScheduledBackup `<cluster>-<schedule>` names the Backups it creates in a label: at most 63 characters',
    },
  ],
  renderSchedule(scope, model, schedule) {
    new ApiObject(scope, 'Resource', {
      ...cnpg.ScheduledBackup.GVK,
      metadata: { name: names.scheduledBackup(model, schedule.name), namespace: model.namespace },
      spec: cnpg.toJson_ScheduledBackupSpec({
        cluster: { name: model.name },
        schedule: withSeconds(schedule.cron),
        method: cnpg.ScheduledBackupSpecMethod.PLUGIN,
        pluginConfiguration: { name: BARMAN_PLUGIN },
        // The Backups it creates go with it instead of piling up.
        backupOwnerReference: cnpg.ScheduledBackupSpecBackupOwnerReference.SELF,
        suspend: !schedule.enabled,
        // A first base backup right away: until one exists the archived WAL cannot be recovered.
        immediate: schedule.enabled,
      }),
    });
  },
  renderOnDemandBackup(scope, model, backup) {
    if (!isArchiveStorage(model, backup.storage)) invalid(scope, 'storage', backup.storage.name, ARCHIVE_STORAGE_REASON);
    return new ApiObject(scope, 'Resource', {
      ...cnpg.Backup.GVK,
      metadata: { name: backup.name, namespace: model.namespace },
      spec: cnpg.toJson_BackupSpec({
        cluster: { name: model.name },
        method: cnpg.BackupSpecMethod.PLUGIN,
        pluginConfiguration: { name: BARMAN_PLUGIN },
      }),
    });
  },
  renderRestore: (scope, model) => invalid(scope, 'source', model.name,
    'CloudNativePG has no in-place restore: create a new DatabaseCluster with `restoreFrom` and switch clients to it'),
};
