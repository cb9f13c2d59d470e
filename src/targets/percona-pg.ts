import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { BackupProvider, BackupStorage } from '../backup-storage';
import { EngineType, Operator } from '../engine';
import { ExposeType } from '../expose';
import * as pg from '../imports/pgv2-pgv2.percona.com';
import { MonitoringKind } from '../monitoring';
import { AlertRule, postgresReplicationAlerts, prometheusObjects, scheduledBackupAlerts } from '../prometheus-objects';
import { ProxyType } from '../proxy';
import { Quantities } from '../quantity';
import { isRfc3339, toUtcDateTime } from '../restore-rules';
import { RestoreSource } from '../restore-source';
import { checkRules, problemRule, Rule } from '../rules';
import { podPlacement } from '../scheduling';
import { PERCONA_PG_NAME_RULE, POSTGRES_RULES } from './engine-rules';
import { ClusterModel, compact, EngineTarget, lazy, RenderedCluster, ScheduleModel, storagesOf } from './target';

/*
 * PostgreSQL on the Percona Operator for PostgreSQL 2.8.2 (Crunchy PGO underneath), backed up by pgBackRest.
 *
 * What the Secrets must hold (the library only names them, it never writes a credential):
 * - `credentialsSecret` of the cluster: the password of the application user (named like the cluster, owning the
 *   database of the same name) under the key `password` (optionally its SCRAM `verifier`). The operator adds
 *   `user`, `host`, `port`, `dbname`, `uri`, `pgbouncer-host`, ... to it and takes ownership of it. Without
 *   `credentialsSecret` the operator generates `<cluster>-pguser-<cluster>` with the same keys.
 * - `credentialsSecret` of each BackupStorage, read by pgBackRest from /etc/pgbackrest/conf.d. pgBackRest numbers
 *   its repositories: a storage is `repoN`, N being its position among the cluster's storages in first-use order
 *   (backup.storage, then schedules, on-demand backups, restores, and last a `restoreFrom` storage); a storage added
 *   ahead of others renumbers them, so keep the Secrets' `repoN-` keys in step.
 *   - S3: key `s3.conf`, an INI file `[global]` with `repoN-s3-key=<access key id>` and
 *     `repoN-s3-key-secret=<secret access key>` for every N the Secret serves.
 *   - Azure: key `azure.conf`, `[global]` with `repoN-azure-account=<account>` and `repoN-azure-key=<key>`.
 *   - GCS: key `gcsCredentials`, the service account's JSON key (the same key as on the other targets).
 * - `monitoring.credentialsSecret` of Monitoring.pmm(): the PMM 3 service account token under `PMM_SERVER_TOKEN`.
 */

/** Percona Operator for PostgreSQL 2.8.2: the version whose CRD is vendored and whose images are used. */
export const PG_OPERATOR_VERSION = '2.8.2';
/** Images the operator 2.8.2 ships (deploy/cr.yaml), plus the Prometheus community's exporter. */
export const PG_IMAGES = {
  postgres: (perconaBuild: string) => `percona/percona-distribution-postgresql:${perconaBuild}`,
  pgBouncer: 'percona/percona-pgbouncer:1.25.0-1',
  pgBackRest: 'percona/percona-pgbackrest:2.57.0-1',
  pmm: 'percona/pmm-client:3.5.0',
  exporter: 'quay.io/prometheuscommunity/postgres-exporter:v0.17.1',
};
/** `spec.postgresVersion` bounds in the CRD. */
const CRD_MAJORS = { min: 12, max: 18 };
/** Majors Percona publishes images of for 2.8.2. */
const PERCONA_MAJORS: ReadonlyArray<number> = [13, 14, 15, 16, 17, 18];
const POSTGRES_PORT = 5432;
const EXPORTER_PORT = 9187;
const METRICS_PORT = 'metrics';
/** Sidecars get limits like every container of ours; PMM's agent needs more than the exporter. */
const PMM_RESOURCES: Quantities = { cpu: '300m', memory: '256Mi' };
const EXPORTER_RESOURCES: Quantities = { cpu: '100m', memory: '128Mi' };
/** The one instance set; its name goes into pod, StatefulSet and label names. */
const INSTANCE_SET = 'instance1';
/** The CRD names repositories repo1 to repo4. */
const MAX_REPOS = 4;
/** `users[].secretName` maxLength in the CRD. */
const MAX_USER_SECRET_NAME = 63;
const STANZA = 'db';
const PGBACKREST_CONF_DIR = '/etc/pgbackrest/conf.d';
/** The role the Prometheus exporter logs in as (no privileges: its metrics and alerts need none). */
const EXPORTER_USER = 'exporter';
/** Role names the cluster's application user (named like the cluster) must not take. */
const RESERVED_USERS: ReadonlyArray<string> = [
  'monitor', // the operator's PMM user: a `spec.users` entry of that name is ignored
  'postgres', // the superuser: the application would be a superuser, which PgBouncer does not let in
  EXPORTER_USER,
];
/** The label `Default()` puts on instance, PgBouncer and pgBackRest pods. */
const OPERATOR_VERSION_LABEL = 'pgv2.percona.com/version';
/** Labels the operator (PGO's `naming` package) puts on instance and PgBouncer pods. */
const CLUSTER_LABEL = 'postgres-operator.crunchydata.com/cluster';
const INSTANCE_SET_LABEL = 'postgres-operator.crunchydata.com/instance-set';
const ROLE_LABEL = 'postgres-operator.crunchydata.com/role';

/**
 * postgresql.conf parameters that pgBackRest (archiving, restore), Patroni (replication, synchronous standbys)
 * or PGO (TLS, sockets, port, files) set and silently override.
 */
const OPERATOR_MANAGED_PARAMETERS = new Set([
  'archive_command', 'archive_mode', 'restore_command', 'recovery_target', 'recovery_target_time', 'primary_conninfo',
  'primary_slot_name', 'synchronous_standby_names', 'hot_standby', 'port', 'listen_addresses', 'unix_socket_directories',
  'data_directory', 'config_file', 'hba_file', 'ident_file', 'ssl', 'ssl_cert_file', 'ssl_key_file', 'ssl_ca_file',
]);

function instanceLabels(m: ClusterModel): { [key: string]: string } {
  return { [CLUSTER_LABEL]: m.name, [INSTANCE_SET_LABEL]: INSTANCE_SET };
}

function pgBouncerLabels(m: ClusterModel): { [key: string]: string } {
  return { [CLUSTER_LABEL]: m.name, [ROLE_LABEL]: 'pgbouncer' };
}

/**
 * Scheduling of one component's pods. The CRD has no nodeSelector on instances or PgBouncer: the node labels
 * become a required node affinity, which selects the same nodes.
 */
function placementOf(m: ClusterModel, labels: { [key: string]: string }) {
  const placement = podPlacement(m.scheduling, labels);
  const nodeAffinity: k8s.NodeAffinity | undefined = placement.nodeSelector && {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: Object.entries(placement.nodeSelector).map(([key, value]) => ({ key, operator: 'In', values: [value] })) }],
    },
  };
  const affinity = placement.affinity || nodeAffinity ? { ...placement.affinity, nodeAffinity } : undefined;
  return compact({
    affinity: affinity && compact(affinity),
    topologySpreadConstraints: placement.topologySpreadConstraints,
    tolerations: placement.tolerations,
  });
}

/**
 * Requests equal limits (Guaranteed QoS). The CRD's quantity classes of instances, PgBouncer, PMM and sidecars are
 * structurally identical, so the instances' serve for all.
 */
function limitsAndRequests(q: Quantities): pg.PerconaPgClusterSpecInstancesResources {
  const limit = pg.PerconaPgClusterSpecInstancesResourcesLimits.fromString;
  const request = pg.PerconaPgClusterSpecInstancesResourcesRequests.fromString;
  return { limits: { cpu: limit(q.cpu), memory: limit(q.memory) }, requests: { cpu: request(q.cpu), memory: request(q.memory) } };
}

/**
 * The operator's own PodDisruptionBudget (PGO makes one per instance set and one for PgBouncer): one pod at a time
 * may be evicted, and a lone pod of a development cluster may go, so that it never blocks a node drain.
 */
function minAvailable(replicas: number): number {
  return Math.max(replicas - 1, 0);
}

/** Service types of `proxy.pgBouncer.expose` and of `spec.expose` (the primary without PgBouncer): two generated enums. */
const PGBOUNCER_SERVICE_TYPES: Record<ExposeType, pg.PerconaPgClusterSpecProxyPgBouncerExposeType> = {
  [ExposeType.CLUSTER_IP]: pg.PerconaPgClusterSpecProxyPgBouncerExposeType.CLUSTER_IP,
  [ExposeType.LOAD_BALANCER]: pg.PerconaPgClusterSpecProxyPgBouncerExposeType.LOAD_BALANCER,
};
const PRIMARY_SERVICE_TYPES: Record<ExposeType, pg.PerconaPgClusterSpecExposeType> = {
  [ExposeType.CLUSTER_IP]: pg.PerconaPgClusterSpecExposeType.CLUSTER_IP,
  [ExposeType.LOAD_BALANCER]: pg.PerconaPgClusterSpecExposeType.LOAD_BALANCER,
};

/** The Service fields of `proxy.pgBouncer.expose` or `spec.expose`. */
function service<T>(m: ClusterModel, types: Record<ExposeType, T>) {
  return compact({
    type: types[m.expose.type],
    loadBalancerSourceRanges: m.expose.sourceRanges.length > 0 ? m.expose.sourceRanges : undefined,
    annotations: Object.keys(m.expose.annotations).length > 0 ? m.expose.annotations : undefined,
  });
}

function appUserSecret(m: ClusterModel): string {
  return m.credentialsSecret ?? `${m.name}-pguser-${m.name}`;
}

/**
 * The users, listed explicitly: an empty list would make the operator create its default user, and PMM's monitor
 * user is added by the operator itself.
 */
function users(m: ClusterModel): pg.PerconaPgClusterSpecUsers[] {
  const app = compact({ name: m.name, databases: [m.name], secretName: m.credentialsSecret });
  return m.monitoring?.kind === MonitoringKind.PROMETHEUS ? [app, { name: EXPORTER_USER }] : [app];
}

/** Engine parameters and synchronous replication, both in Patroni's dynamic configuration (the DCS). */
function patroni(m: ClusterModel): pg.PerconaPgClusterSpecPatroni | undefined {
  // Copied: the DCS document is untyped, so no generated code rebuilds it, and cdk8s cannot serialize a map without a prototype.
  const parameters = Object.keys(m.config).length > 0 ? { parameters: { ...m.config } } : undefined;
  // Strict mode: with too few standbys, writes wait rather than silently lose the guarantee.
  const synchronous = m.synchronousReplicas > 0
    ? { synchronous_mode: true, synchronous_mode_strict: true, synchronous_node_count: m.synchronousReplicas }
    : undefined;
  if (!parameters && !synchronous) return undefined;
  return { dynamicConfiguration: compact({ postgresql: parameters, ...synchronous }) };
}

function pmm(m: ClusterModel): pg.PerconaPgClusterSpecPmm | undefined {
  const options = m.monitoring?.pmmOptions;
  if (!options) return undefined;
  return {
    enabled: true,
    image: options.image ?? PG_IMAGES.pmm,
    serverHost: new URL(options.url).host,
    secret: options.credentialsSecret,
    querySource: pg.PerconaPgClusterSpecPmmQuerySource.PGSTATMONITOR,
    resources: limitsAndRequests(PMM_RESOURCES),
  };
}

/** postgres_exporter next to PostgreSQL, logged in over TLS as the unprivileged exporter user. */
function exporterSidecar(m: ClusterModel): pg.PerconaPgClusterSpecInstancesSidecars {
  const fromUserSecret = (name: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: `${m.name}-pguser-${EXPORTER_USER}`, key } } });
  return {
    name: 'postgres-exporter',
    image: PG_IMAGES.exporter,
    env: [
      { name: 'DATA_SOURCE_URI', value: `localhost:${POSTGRES_PORT}/postgres?sslmode=require` },
      fromUserSecret('DATA_SOURCE_USER', 'user'),
      fromUserSecret('DATA_SOURCE_PASS', 'password'),
    ],
    ports: [{ name: METRICS_PORT, containerPort: EXPORTER_PORT }],
    resources: limitsAndRequests(EXPORTER_RESOURCES),
  };
}

function instanceSet(m: ClusterModel): pg.PerconaPgClusterSpecInstances {
  return compact({
    name: INSTANCE_SET,
    metadata: { labels: { [OPERATOR_VERSION_LABEL]: PG_OPERATOR_VERSION } },
    replicas: m.replicas,
    resources: limitsAndRequests(m.resources),
    dataVolumeClaimSpec: compact({
      accessModes: ['ReadWriteOnce'],
      storageClassName: m.storage.storageClassName,
      resources: { requests: { storage: pg.PerconaPgClusterSpecInstancesDataVolumeClaimSpecResourcesRequests.fromString(m.storage.size) } },
    }),
    ...placementOf(m, instanceLabels(m)),
    minAvailable: pg.PerconaPgClusterSpecInstancesMinAvailable.fromNumber(minAvailable(m.replicas)),
    sidecars: m.monitoring?.kind === MonitoringKind.PROMETHEUS ? [exporterSidecar(m)] : undefined,
  });
}

/** PgBouncer, or none (0 replicas, the operator's documented way to turn it off) with `spec.expose` instead. */
function pgBouncer(m: ClusterModel): pg.PerconaPgClusterSpecProxyPgBouncer {
  const deployed = m.proxy.type === ProxyType.PGBOUNCER;
  return compact({
    replicas: m.proxy.replicas,
    image: PG_IMAGES.pgBouncer,
    metadata: { labels: { [OPERATOR_VERSION_LABEL]: PG_OPERATOR_VERSION } },
    port: POSTGRES_PORT,
    resources: limitsAndRequests(m.proxy.resources),
    ...(deployed ? placementOf(m, pgBouncerLabels(m)) : {}),
    minAvailable: pg.PerconaPgClusterSpecProxyPgBouncerMinAvailable.fromNumber(minAvailable(m.proxy.replicas)),
    // Applications log in as their own user; superusers stay off the pooler.
    exposeSuperusers: false,
    expose: deployed ? service(m, PGBOUNCER_SERVICE_TYPES) : undefined,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// pgBackRest
// ---------------------------------------------------------------------------------------------------------------

/** `repoN` of a storage: its position among every storage the cluster uses (so a clone source gets a free number). */
function repoName(m: ClusterModel, storage: BackupStorage): string {
  return `repo${storagesOf(m).indexOf(storage) + 1}`;
}

/** Storages the cluster writes backups and WAL to: all but a `restoreFrom` storage used for nothing else. */
function repoStorages(m: ClusterModel): BackupStorage[] {
  return storagesOf({ ...m, restoreFrom: undefined });
}

function s3Endpoint(storage: BackupStorage): { host: string; port?: string } {
  if (!storage.endpoint) return { host: `s3.${storage.region}.amazonaws.com` };
  const url = new URL(storage.endpoint);
  return { host: url.hostname, port: url.port || undefined };
}

/** The repository's location fields (`repos[]` and `dataSource.pgbackrest.repo` share the shape). */
function repoLocation(storage: BackupStorage): Pick<pg.PerconaPgClusterSpecBackupsPgbackrestRepos, 's3' | 'gcs' | 'azure'> {
  switch (storage.provider) {
    case BackupProvider.S3:
      // pgBackRest needs a region even where the store ignores it (MinIO): us-east-1 is the S3 default.
      return { s3: { bucket: storage.bucket, endpoint: s3Endpoint(storage).host, region: storage.region ?? 'us-east-1' } };
    case BackupProvider.GCS:
      return { gcs: { bucket: storage.bucket } };
    case BackupProvider.AZURE:
      return { azure: { container: storage.bucket } };
  }
}

/** Where the storage's credentials land in conf.d: one file per Secret and provider, whatever repos it serves. */
function credentialsFile(storage: BackupStorage): { key: string; path: string } {
  switch (storage.provider) {
    case BackupProvider.S3:
      return { key: 's3.conf', path: `s3-${storage.credentialsSecret}.conf` };
    case BackupProvider.GCS:
      return { key: 'gcsCredentials', path: `gcs-${storage.credentialsSecret}.json` };
    case BackupProvider.AZURE:
      return { key: 'azure.conf', path: `azure-${storage.credentialsSecret}.conf` };
  }
}

function credentialsProjections(storages: BackupStorage[]): pg.PerconaPgClusterSpecBackupsPgbackrestConfiguration[] {
  const files = new Map(storages.map((s) => [`${s.credentialsSecret}/${credentialsFile(s).path}`, s]));
  return [...files.values()].map((s) => ({ secret: { name: s.credentialsSecret, items: [credentialsFile(s)] } }));
}

/** pgBackRest's `[global]` options of one repository. */
function repoGlobal(repo: string, storage: BackupStorage, path: string, schedule?: ScheduleModel): { [key: string]: string } {
  const s3 = storage.provider === BackupProvider.S3 ? s3Endpoint(storage) : undefined;
  return compact<{ [key: string]: string | undefined }>({
    // A deterministic path: the operator's default holds the cluster's UID, unknown at synthesis time.
    [`${repo}-path`]: `/${path}`,
    [`${repo}-retention-full`]: schedule && String(schedule.retention),
    [`${repo}-retention-full-type`]: schedule && 'count',
    [`${repo}-s3-uri-style`]: storage.forcePathStyle ? 'path' : undefined,
    [`${repo}-storage-port`]: s3?.port,
    [`${repo}-storage-verify-tls`]: storage.verifyTls ? undefined : 'n',
    [`${repo}-gcs-key`]: storage.provider === BackupProvider.GCS ? `${PGBACKREST_CONF_DIR}/${credentialsFile(storage).path}` : undefined,
    [`${repo}-gcs-key-type`]: storage.provider === BackupProvider.GCS ? 'service' : undefined,
  }) as { [key: string]: string };
}

/**
 * One repository per storage, each with its full-backup schedule. WAL goes continuously to every repository, so
 * each can be restored to any instant: point-in-time recovery needs no switch (and cannot be turned off).
 */
function backups(m: ClusterModel): pg.PerconaPgClusterSpecBackups {
  const storages = repoStorages(m);
  // The image is needed even without backups: the operator restores a clone's data source with it.
  if (storages.length === 0) return { enabled: false, pgbackrest: { image: PG_IMAGES.pgBackRest } };
  const scheduleOf = (storage: BackupStorage) => m.schedules.find((s) => s.storage === storage);
  return {
    enabled: true,
    trackLatestRestorableTime: true,
    pgbackrest: {
      image: PG_IMAGES.pgBackRest,
      metadata: { labels: { [OPERATOR_VERSION_LABEL]: PG_OPERATOR_VERSION } },
      configuration: credentialsProjections(storages),
      global: Object.assign({}, ...storages.map((s) => repoGlobal(repoName(m, s), s, s.pathFor(m.name, m.namespace), scheduleOf(s)))),
      repos: storages.map((s) => {
        const schedule = scheduleOf(s);
        return compact({ name: repoName(m, s), ...repoLocation(s), schedules: schedule?.enabled ? { full: schedule.cron } : undefined });
      }),
      // Required by the operator; PerconaPGBackup objects name their own repository.
      manual: { repoName: repoName(m, storages[0]), options: ['--type=full'] },
    },
  };
}

/** pgBackRest's recovery to an instant: it picks the latest full backup before it and replays WAL up to it. */
function pointInTimeOptions(time: string): string[] {
  return ['--type=time', `--target="${toUtcDateTime(time)}+00"`];
}

/**
 * A backup set's label, as pgBackRest makes it: `YYYYMMDD-HHMMSSF` for a full backup, followed by
 * `_YYYYMMDD-HHMMSS` and `D` or `I` for a differential or incremental one on top of it.
 */
const BACKUP_LABEL = /^(\d{8}-\d{6})F(?:_(\d{8}-\d{6})[DI])?$/;

/** True for a `YYYYMMDD-HHMMSS` stamp that names a real date and time. */
function isLabelStamp(stamp: string): boolean {
  return isRfc3339(stamp.replace(/^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})$/, '$1-$2-$3T$4:$5:$6Z'));
}

/** True for a pgBackRest backup set label whose timestamps are real. */
function isBackupLabel(name: string): boolean {
  const m = BACKUP_LABEL.exec(name);
  return m !== null && m.slice(1).every((stamp) => stamp === undefined || isLabelStamp(stamp));
}

/** pgBackRest's restore of one backup set, recovered only to its consistency point (no WAL beyond it). */
function backupSetOptions(label: string): string[] {
  return [`--set=${label}`, '--type=immediate'];
}

/** The restore options of a source: a backup set by its label, or an instant. */
function restoreOptions(source: RestoreSource): string[] {
  return source.backupName !== undefined ? backupSetOptions(source.backupName) : pointInTimeOptions(source.time!);
}

/** A clone: the new cluster bootstraps from the source cluster's repository. */
function dataSource(m: ClusterModel): pg.PerconaPgClusterSpecDataSource | undefined {
  const source = m.restoreFrom;
  if (source?.storage === undefined || source.sourceCluster === undefined) return undefined;
  const repo = repoName(m, source.storage);
  const path = source.storage.pathFor(source.sourceCluster, source.sourceNamespace ?? m.namespace);
  return {
    pgbackrest: {
      stanza: STANZA,
      repo: { name: repo, ...repoLocation(source.storage) },
      global: repoGlobal(repo, source.storage, path),
      options: restoreOptions(source),
      configuration: credentialsProjections([source.storage]),
    },
  };
}

function clusterSpec(m: ClusterModel): pg.PerconaPgClusterSpec {
  return compact({
    crVersion: PG_OPERATOR_VERSION,
    image: m.engine.image ?? PG_IMAGES.postgres(m.engine.perconaBuild!),
    imagePullPolicy: pg.PerconaPgClusterSpecImagePullPolicy.IF_NOT_PRESENT,
    postgresVersion: m.engine.majorVersion,
    port: POSTGRES_PORT,
    pause: m.paused,
    // The operator always serves TLS with certificates it issues; this also refuses unencrypted connections.
    tlsOnly: true,
    users: users(m),
    // What the operator's Default() fills in, set so that a GitOps diff stays empty.
    autoCreateUserSchema: true,
    extensions: { builtin: { pgStatMonitor: true, pgStatStatements: false, pgAudit: true, pgvector: false, pgRepack: false } },
    instances: [instanceSet(m)],
    proxy: { pgBouncer: pgBouncer(m) },
    expose: m.proxy.type === ProxyType.NONE ? service(m, PRIMARY_SERVICE_TYPES) : undefined,
    patroni: patroni(m),
    backups: backups(m),
    dataSource: dataSource(m),
    pmm: pmm(m),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Prometheus
// ---------------------------------------------------------------------------------------------------------------

/** Alerts over postgres_exporter's metrics of this cluster's instance pods. */
function alerts(m: ClusterModel): AlertRule[] {
  const pods = `{namespace="${m.namespace ?? 'default'}",pod=~"${m.name}-${INSTANCE_SET}-.+"}`;
  const rules: Array<AlertRule | false> = [
    !m.paused && {
      alert: 'PostgresInstanceDown',
      expr: `pg_up${pods} == 0`,
      for: '5m',
      severity: 'critical',
      summary: `A PostgreSQL instance of ${m.name} does not answer its exporter`,
    },
    ...postgresReplicationAlerts(m, {
      replicationLagSeconds: `max(pg_replication_lag_seconds${pods})`,
      walArchivingFailing: `increase(pg_stat_archiver_failed_count${pods}[15m]) > 0 and increase(pg_stat_archiver_archived_count${pods}[15m]) == 0`,
    }),
  ];
  return rules.filter((r): r is AlertRule => r !== false);
}

/**
 * When schedules exist: no backup for longer than the most frequent enabled schedule's longest gap, plus half.
 * pgBackRest keeps backup times in its repository, out of PostgreSQL's and the exporter's sight; the StatusReconciler
 * publishes the newest successful PerconaPGBackup of each database, so the alert needs one in the app. Its
 * `namespace` label is `exported_namespace` when the scrape adds a namespace label of its own.
 */
function backupAlerts(m: ClusterModel): AlertRule[] {
  const series = (namespaceLabel: string) =>
    `dbaas_database_last_successful_backup_timestamp_seconds{${namespaceLabel}="${m.namespace ?? 'default'}",name="${m.name}"}`;
  return scheduledBackupAlerts(m, `${series('namespace')} or ${series('exported_namespace')}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------------------------

/** Why pgBackRest cannot use a storage as described, or undefined when it can. */
function storageProblem(storage: BackupStorage): string | undefined {
  if (storage.endpoint !== undefined && new URL(storage.endpoint).protocol !== 'https:') {
    return 'pgBackRest 2.57 reaches object stores over HTTPS only (plain HTTP came in 2.58): give an https:// endpoint, '
      + 'with `verifyTls: false` for a self-signed certificate';
  }
  return undefined;
}

function storageRule<T>(prop: string, storageOf: (subject: T) => BackupStorage | undefined): Rule<T> {
  return problemRule(prop, storageOf, storageProblem, (storage) => storage.endpoint);
}

const REPO_LIMIT = `pgBackRest on the Percona operator keeps at most ${MAX_REPOS} repositories (repo1 to repo4): `
  + 'a cluster\'s backups, schedules, on-demand backups, restores and clone source use at most 4 distinct storages';
const NOT_A_LABEL = 'pgBackRest restores a backup set by its label, such as 20261120-083000F (or 20261120-083000F_20261121-010000I '
  + 'for a differential or incremental one); a Kubernetes backup object\'s name cannot be resolved at synthesis: give the label '
  + 'that `pgbackrest info` lists, or use RestoreSource.pointInTime()';

/** A backup set is named by its pgBackRest label. */
function labelRule<T>(prop: string, sourceOf: (subject: T) => RestoreSource | undefined): Rule<T> {
  return {
    prop,
    value: (t) => sourceOf(t)?.backupName,
    when: (t) => sourceOf(t)?.backupName !== undefined,
    valid: (t) => isBackupLabel(sourceOf(t)!.backupName!),
    reason: NOT_A_LABEL,
  };
}

/** The operator's, PGO's and pgBackRest's limits that our props can break, beyond the engine's (POSTGRES_RULES). */
const PERCONA_PG_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  ...POSTGRES_RULES,
  {
    prop: 'engine.version',
    value: (m) => m.engine.version,
    valid: (m) => m.engine.majorVersion >= CRD_MAJORS.min && m.engine.majorVersion <= CRD_MAJORS.max,
    reason: `the PerconaPGCluster CRD takes PostgreSQL ${CRD_MAJORS.min} to ${CRD_MAJORS.max}`,
  },
  {
    prop: 'engine.version',
    value: (m) => m.engine.version,
    when: (m) => m.engine.image === undefined,
    valid: (m) => PERCONA_MAJORS.includes(m.engine.majorVersion),
    reason: `Percona operator ${PG_OPERATOR_VERSION} ships images of PostgreSQL ${PERCONA_MAJORS.join(', ')}: give \`image\` for another major`,
  },
  {
    prop: 'engine.version',
    value: (m) => m.engine.version,
    when: (m) => m.engine.image === undefined,
    valid: (m) => m.engine.perconaBuild !== undefined,
    reason: 'the Percona image tag includes a build number that this version does not name: '
      + 'use PostgresVersion.of(\'17.8-1\') (a tag of percona/percona-distribution-postgresql) or give `image`',
  },
  PERCONA_PG_NAME_RULE,
  {
    prop: 'name',
    value: (m) => m.name,
    valid: (m) => !RESERVED_USERS.includes(m.name),
    reason: `the application user is named like the cluster, and ${RESERVED_USERS.join(', ')} are the operator's PMM user, `
      + 'the superuser and the Prometheus exporter\'s user',
  },
  {
    prop: 'credentialsSecret',
    value: (m) => m.credentialsSecret,
    when: (m) => m.credentialsSecret !== undefined,
    valid: (m) => m.credentialsSecret!.length <= MAX_USER_SECRET_NAME,
    reason: `the CRD takes a user's Secret name of at most ${MAX_USER_SECRET_NAME} characters`,
  },
  {
    prop: 'config',
    value: (m) => Object.keys(m.config).filter((k) => OPERATOR_MANAGED_PARAMETERS.has(k)),
    valid: (m) => !Object.keys(m.config).some((k) => OPERATOR_MANAGED_PARAMETERS.has(k)),
    reason: 'pgBackRest, Patroni and the operator set these parameters themselves (archiving, recovery, replication, TLS, sockets, files) and override them',
  },
  storageRule('backup.storage.endpoint', (m) => m.backup?.storage),
  storageRule('restoreFrom.storage.endpoint', (m) => m.restoreFrom?.storage),
  labelRule<ClusterModel>('restoreFrom.backupName', (m) => m.restoreFrom),
  // A clone reads the backup set from the source cluster's repository: its path in a storage.
  {
    prop: 'restoreFrom.storage',
    value: (m) => m.restoreFrom!.storage?.name,
    when: (m) => m.restoreFrom?.backupName !== undefined,
    valid: (m) => m.restoreFrom!.storage !== undefined,
    reason: 'a clone restores the backup set from the source cluster\'s pgBackRest repository: give the storage that holds it',
  },
  {
    prop: 'restoreFrom.sourceCluster',
    value: (m) => m.restoreFrom!.sourceCluster,
    when: (m) => m.restoreFrom?.backupName !== undefined,
    valid: (m) => m.restoreFrom!.sourceCluster !== undefined,
    reason: 'the source cluster\'s repository is its path in the storage: give the cluster that took the backup '
      + '(and sourceNamespace when it is in another namespace)',
  },
];

type ScheduleSubject = { readonly model: ClusterModel; readonly schedule: ScheduleModel };

const SCHEDULE_RULES: ReadonlyArray<Rule<ScheduleSubject>> = [
  {
    prop: 'storage',
    value: (s) => s.schedule.storage.name,
    valid: (s) => !s.model.schedules.some((other) => other.storage === s.schedule.storage),
    reason: (s) => `a pgBackRest repository has one full-backup schedule, and storage ${s.schedule.storage.name} already has `
      + `schedule ${s.model.schedules.find((other) => other.storage === s.schedule.storage)?.name}`,
  },
  {
    prop: 'storage',
    value: (s) => s.schedule.storage.name,
    valid: (s) => storagesOf({ ...s.model, schedules: [...s.model.schedules, s.schedule] }).length <= MAX_REPOS,
    reason: REPO_LIMIT,
  },
  storageRule('storage.endpoint', (s) => s.schedule.storage),
];

/** Checked once an on-demand backup or a restore has added its storage to the model. */
const STORAGE_USE_RULES: ReadonlyArray<Rule<{ readonly model: ClusterModel; readonly storage: BackupStorage }>> = [
  { prop: 'storage', value: (s) => storagesOf(s.model).map((st) => st.name), valid: (s) => storagesOf(s.model).length <= MAX_REPOS, reason: REPO_LIMIT },
  storageRule('storage.endpoint', (s) => s.storage),
];

/** An in-place restore replays this cluster's own repository: another cluster's backups make a clone instead. */
const RESTORE_RULES: ReadonlyArray<Rule<{ readonly model: ClusterModel; readonly source: RestoreSource }>> = [
  labelRule<{ readonly source: RestoreSource }>('source.backupName', (r) => r.source),
  {
    prop: 'source.storage',
    value: (r) => r.source.storage?.name,
    when: (r) => r.source.storage === undefined,
    valid: (r) => repoStorages(r.model).length > 0,
    reason: 'the cluster has no pgBackRest repository to restore the backup set from: give the storage that holds it '
      + '(or declare the cluster\'s backup storage first)',
  },
  {
    prop: 'source.sourceCluster',
    value: (r) => r.source.sourceCluster,
    // A backup set without a source cluster is the cluster's own.
    when: (r) => r.source.sourceCluster !== undefined || r.source.backupName === undefined,
    valid: (r) => r.source.sourceCluster === r.model.name && (r.source.sourceNamespace ?? r.model.namespace) === r.model.namespace,
    reason: 'a PerconaPGRestore replays the cluster\'s own repositories: restore another cluster\'s backups into a new '
      + 'DatabaseCluster with `restoreFrom`',
  },
];

/** PostgreSQL on the Percona Operator for PostgreSQL. */
export const perconaPgTarget: EngineTarget = {
  engine: EngineType.POSTGRES,
  operator: Operator.PERCONA,
  description: `Percona Operator for PostgreSQL ${PG_OPERATOR_VERSION}`,
  proxyTypes: [ProxyType.PGBOUNCER, ProxyType.NONE],
  archivesLogsWithEveryStorage: true,
  defaultProxy: () => ProxyType.PGBOUNCER,
  rules: PERCONA_PG_RULES,
  render(scope: Construct, model: ClusterModel): RenderedCluster {
    const resource = new ApiObject(scope, 'Resource', {
      ...pg.PerconaPgCluster.GVK,
      metadata: { name: model.name, namespace: model.namespace },
      spec: lazy(() => pg.toJson_PerconaPgClusterSpec(clusterSpec(model))),
    });
    const options = model.monitoring?.kind === MonitoringKind.PROMETHEUS ? model.monitoring.prometheusOptions : undefined;
    if (options) {
      prometheusObjects(scope, model, options, [{ id: 'db', selector: instanceLabels(model), port: METRICS_PORT }], alerts(model), () => backupAlerts(model));
    }
    return {
      engineResource: resource,
      // Without PgBouncer clients reach the primary through Patroni's leader Service, which `spec.expose` shapes.
      serviceName: model.proxy.type === ProxyType.PGBOUNCER ? `${model.name}-pgbouncer` : `${model.name}-ha`,
      port: POSTGRES_PORT,
      credentialsSecretName: appUserSecret(model),
    };
  },
  scheduleRules: SCHEDULE_RULES,
  // The operator runs the schedules of `repos[].schedules` itself.
  renderSchedule: () => undefined,
  renderOnDemandBackup(scope, model, backup) {
    checkRules(scope, STORAGE_USE_RULES, { model, storage: backup.storage });
    return new ApiObject(scope, 'Resource', {
      ...pg.PerconaPgBackup.GVK,
      metadata: { name: backup.name, namespace: model.namespace },
      spec: lazy(() => pg.toJson_PerconaPgBackupSpec({ pgCluster: model.name, repoName: repoName(model, backup.storage), options: ['--type=full'] })),
    });
  },
  renderRestore(scope, model, restore) {
    const source = restore.source;
    checkRules(scope, RESTORE_RULES, { model, source });
    // A point in time always names its storage, and a backup set may (DatabaseRestore added it to the cluster's
    // repositories); a backup set without one is in the cluster's first repository, numbered at synthesis.
    if (source.storage) checkRules(scope, STORAGE_USE_RULES, { model, storage: source.storage });
    return new ApiObject(scope, 'Resource', {
      ...pg.PerconaPgRestore.GVK,
      metadata: { name: restore.name, namespace: model.namespace },
      spec: lazy(() => pg.toJson_PerconaPgRestoreSpec({
        pgCluster: model.name,
        repoName: repoName(model, source.storage ?? repoStorages(model)[0]),
        options: restoreOptions(source),
      })),
    });
  },
};
