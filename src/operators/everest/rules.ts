import { EVEREST_NAME_MAX_LENGTH, isEverestResourceName } from './names';
import { BackupProvider, BackupStorage } from '../../backup-storage';
import { EngineType } from '../../engine';
import { ClusterModel, ScheduleModel, storagesOf } from '../../model';
import { MonitoringKind } from '../../monitoring';
import { isDnsSubdomain } from '../../names';
import { ProxyType } from '../../proxy';
import { backupObjectNameRule } from '../../restore-rules';
import { RestoreSource } from '../../restore-source';
import { Rule } from '../../rules';
import { MAX_USER_SECRET_NAME } from '../percona-pg/names';
import { PERCONA_PG_NAME_RULE } from '../percona-pg/rules';
import { PXC_SCHEDULE_RULES } from '../pxc/rules';

// What OpenEverest 1.12 refuses, skips or rewrites, and what it cannot express. Sources: the operator
// (openeverest-operator v1.12.0) and its webhooks, and the API server (percona/everest release-1.12), whose checks
// run on every create and every save from Everest's UI: a cluster the UI cannot save is a broken cluster.

/** Everest's regular expression of a bucket (S3) or container (Azure) name (validation/backup_storage.go:validateBucketName). */
const EVEREST_BUCKET = /^[a-z0-9.-]{3,63}$/;

/**
 * The annotation keys the LoadBalancerConfig webhook takes (loadbalancerconfig_webhook.go:annotationKeyRegex):
 * qualified names in lowercase only.
 */
const LOAD_BALANCER_ANNOTATION_KEY = /^(?:(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\/)?([a-z0-9](?:[a-z0-9_.-]{0,61}[a-z0-9])?)$/;

/** `rules`, checked only where `applies` holds. */
function onlyWhere<T>(applies: (subject: T) => boolean, rules: ReadonlyArray<Rule<T>>): Rule<T>[] {
  return rules.map((rule) => ({ ...rule, when: (t: T) => applies(t) && (rule.when?.(t) ?? true) }));
}

/** Where a rule about one storage finds it, and the engine of the cluster that uses it. */
interface StorageUse {
  readonly storage?: BackupStorage;
  readonly engine: EngineType;
}

/**
 * What Everest refuses or rewrites of a storage used by a cluster of one engine, at `prop`. Everest's BackupStorage
 * has no path prefix: Everest writes each cluster below `<bucket>/<cluster>/<cluster uid>` by itself.
 */
function storageRules<T>(prop: string, useOf: (subject: T) => StorageUse): Rule<T>[] {
  const storage = (t: T) => useOf(t).storage!;
  const postgresS3 = (t: T) => useOf(t).engine === EngineType.POSTGRES && storage(t).provider === BackupProvider.S3;
  return onlyWhere((t) => useOf(t).storage !== undefined, [
    {
      // api/everest/v1alpha1/backupstorage_types.go: BackupStorageType is s3 or azure.
      prop: `${prop}.provider`,
      value: (t) => storage(t).provider,
      valid: (t) => storage(t).provider !== BackupProvider.GCS,
      reason: 'Everest has no GCS backup storage (s3 and azure only): use BackupProvider.S3 with an S3-compatible endpoint, or the Percona operator target',
    },
    {
      prop: `${prop}.bucket`,
      value: (t) => storage(t).bucket,
      valid: (t) => EVEREST_BUCKET.test(storage(t).bucket),
      reason: 'Everest\'s API server takes bucket and container names of 3 to 63 lowercase letters, digits, dots and dashes only '
        + '(validation/backup_storage.go:validateBucketName)',
    },
    {
      prop: `${prop}.region`,
      value: (t) => storage(t).region,
      when: (t) => storage(t).provider === BackupProvider.S3,
      valid: (t) => storage(t).region !== undefined && storage(t).region !== '',
      reason: 'Everest\'s API server requires a region for every S3 storage, an S3-compatible endpoint too '
        + '(validation/backup_storage.go:validateCreateBackupStorageRequest, validateBackupStorageAccess): give the region the store expects (us-east-1 for most)',
    },
    {
      prop: `${prop}.endpoint`,
      value: (t) => storage(t).endpoint,
      when: postgresS3,
      valid: (t) => storage(t).endpoint !== undefined,
      reason: 'Everest copies the endpoint verbatim into pgBackRest\'s repo-s3-endpoint, which PostgreSQL backups need '
        + '(pg/applier.go:genPGBackrestRepo): give it, e.g. https://s3.eu-west-1.amazonaws.com for AWS',
    },
    {
      prop: `${prop}.endpoint`,
      value: (t) => storage(t).endpoint,
      when: (t) => postgresS3(t) && storage(t).endpoint !== undefined,
      valid: (t) => new URL(storage(t).endpoint!).protocol === 'https:',
      reason: 'pgBackRest 2.57 (the Percona PostgreSQL 2.8.2 image Everest runs) reaches object stores over HTTPS only: '
        + 'give an https:// endpoint, with `verifyTls: false` for a self-signed certificate',
    },
    {
      prop: `${prop}.name`,
      value: (t) => storage(t).name,
      when: (t) => useOf(t).engine === EngineType.POSTGRES,
      valid: (t) => !/^repo[1-4]$/.test(storage(t).name),
      reason: 'Everest 1.12 reads the TLS and URL-style settings of a PostgreSQL repository from the storage named like the repo '
        + '(pg/pg_repos_reconciler.go:addRepoToPGGlobal): a storage named repo1 to repo4 would hand its settings to another repository',
    },
    {
      prop: `${prop}.forcePathStyle`,
      value: (t) => storage(t).forcePathStyle,
      when: postgresS3,
      valid: (t) => storage(t).forcePathStyle,
      reason: 'Everest 1.12 writes repoN-s3-uri-style=path for every PostgreSQL repository whatever forcePathStyle says '
        + '(pg/pg_repos_reconciler.go:addRepoToPGGlobal looks the setting up under the repository\'s name and finds none): set `forcePathStyle: true`, '
        + 'or use the Percona PostgreSQL target',
    },
  ]);
}

/** Which storages a cluster uses, once the object being checked is added. */
interface StorageUsage {
  readonly model: ClusterModel;
  readonly storages: BackupStorage[];
}

/** How many distinct storages a cluster may use, per engine (the API server's and the providers' limits). */
function storageCountRules<T>(prop: string, usageOf: (subject: T) => StorageUsage): Rule<T>[] {
  const limits = [
    {
      engine: EngineType.MONGODB,
      most: 1,
      reason: 'Everest runs one backup storage per MongoDB cluster (schedules, backups, PITR and restores share it; '
        + 'validation/database_cluster.go:validateBackupStoragesFor, psmdb/applier.go ErrPSMDBOneStorageRestriction)',
    },
    {
      engine: EngineType.POSTGRES,
      most: 3,
      reason: 'Everest gives a PostgreSQL cluster at most 3 distinct backup storages (pgBackRest repos; validation/database_cluster.go:validatePGReposForAPIDB)',
    },
  ];
  return limits.map((limit) => ({
    prop,
    value: (t: T) => usageOf(t).storages.map((s) => s.name),
    when: (t: T) => usageOf(t).model.engine.type === limit.engine,
    valid: (t: T) => usageOf(t).storages.length <= limit.most,
    reason: limit.reason,
  }));
}

/** What Everest reads of a clone's or a restore's source, at `prop`. */
function sourceRules<T>(prop: string, modelOf: (subject: T) => ClusterModel, sourceOf: (subject: T) => RestoreSource | undefined): Rule<T>[] {
  const source = (t: T) => sourceOf(t)!;
  return onlyWhere((t) => sourceOf(t) !== undefined, [
    {
      // Everest replays logs on top of a named base backup (its DatabaseClusterBackup, or a path that holds the
      // source cluster's UID, unknown at synthesis).
      prop: `${prop}.baseBackupName`,
      value: (t) => source(t).baseBackupName,
      when: (t) => source(t).time !== undefined,
      valid: (t) => source(t).baseBackupName !== undefined,
      reason: 'Everest replays logs on top of a named backup: give the DatabaseClusterBackup to start from',
    },
    backupObjectNameRule<T>(prop, sourceOf),
    {
      prop: `${prop}.sourceNamespace`,
      value: (t) => source(t).sourceNamespace,
      when: (t) => source(t).sourceNamespace !== undefined,
      valid: (t) => source(t).sourceNamespace === modelOf(t).namespace,
      reason: 'Everest restores a DatabaseClusterBackup of the cluster\'s own namespace only '
        + '(databaseclusterrestore_webhook.go:validateDBClusterBackup looks it up there)',
    },
    {
      prop: `${prop}.time`,
      value: (t) => postgresTimeZone(modelOf(t)),
      when: (t) => source(t).time !== undefined && modelOf(t).engine.type === EngineType.POSTGRES && postgresTimeZone(modelOf(t)) !== undefined,
      valid: (t) => /^(etc\/)?(utc|gmt)$/i.test(unquoted(postgresTimeZone(modelOf(t))!)),
      reason: 'Everest hands pgBackRest the instant without a time zone (pg/applier.go:getPGRestoreOptions, DateFormatSpace), which '
        + 'PostgreSQL reads in the cluster\'s TimeZone: with a TimeZone other than UTC the restore stops at another instant',
    },
  ]);
}

/** The cluster's `TimeZone` parameter (PostgreSQL names are case-insensitive), if set. */
function postgresTimeZone(model: ClusterModel): string | undefined {
  return Object.entries(model.config).find(([key]) => key.toLowerCase() === 'timezone')?.[1];
}

/** A value as go-ini returns it when it is quoted as a whole. */
function unquoted(value: string): string {
  return value.trim().replace(/^(['"])(.*)\1$/, '$2');
}

/** Rules of every Everest engine, checked after the engine's own. */
export const EVEREST_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  {
    prop: 'name',
    value: (m) => m.name,
    valid: (m) => isEverestResourceName(m.name),
    reason: `Everest's API server refuses a DatabaseCluster name of more than ${EVEREST_NAME_MAX_LENGTH} characters on every create and every `
      + 'save from its UI (validation/database_cluster.go:validateCreateDatabaseClusterRequest, utils/validators.go:ValidateEverestResourceName)',
  },
  {
    prop: 'engine.image',
    value: (m) => m.engine.image,
    valid: (m) => m.engine.image === undefined,
    reason: 'Everest takes the image of engine.version from its DatabaseEngine\'s available versions: it has no image field',
  },
  {
    prop: 'scheduling.tolerations',
    value: (m) => m.scheduling.tolerations,
    valid: (m) => m.scheduling.tolerations === undefined,
    reason: 'an Everest PodSchedulingPolicy holds affinity only: tolerations cannot be expressed (use the Percona operator target)',
  },
  {
    prop: 'expose.annotations',
    value: (m) => Object.keys(m.expose.annotations).filter((key) => !LOAD_BALANCER_ANNOTATION_KEY.test(key)),
    valid: (m) => Object.keys(m.expose.annotations).every((key) => LOAD_BALANCER_ANNOTATION_KEY.test(key)),
    reason: 'Everest\'s LoadBalancerConfig webhook takes annotation keys in lowercase only (loadbalancerconfig_webhook.go:validateLoadBalancerConfig)',
  },
  {
    prop: 'monitoring',
    value: (m) => m.monitoring?.kind,
    when: (m) => m.monitoring !== undefined,
    valid: (m) => m.monitoring!.kind === MonitoringKind.PMM,
    reason: 'Everest monitors through PMM only: use Monitoring.pmm(), or the Percona operator target for Prometheus',
  },
  {
    prop: 'monitoring.credentialsSecret',
    value: (m) => m.monitoring?.pmmOptions?.credentialsSecret,
    when: (m) => m.monitoring?.pmmOptions !== undefined,
    valid: (m) => isDnsSubdomain(m.monitoring!.pmmOptions!.credentialsSecret),
    reason: 'a Secret name must be a DNS subdomain',
  },
  {
    prop: 'monitoring.url',
    value: (m) => m.monitoring?.pmmOptions?.url,
    when: (m) => m.monitoring?.pmmOptions !== undefined,
    valid: (m) => isServerUrl(m.monitoring!.pmmOptions!.url),
    reason: 'Everest needs the PMM server as scheme://host: its webhook appends /v1/version to the URL '
      + '(monitoringconfig_webhook.go:checkAccess) and the PMM clients keep only the host name, on the default port '
      + '(pxc|psmdb|pg/applier.go: serverHost = URL.Hostname()): a port, path, query or credentials would be lost',
  },
  ...storageRules<ClusterModel>('backup.storage', (m) => ({ storage: m.backup?.storage, engine: m.engine.type })),
  ...storageRules<ClusterModel>('restoreFrom.storage', (m) => ({ storage: m.restoreFrom?.storage, engine: m.engine.type })),
  // A clone's storage is the only one that can differ from `backup.storage` at this point.
  ...storageCountRules<ClusterModel>('restoreFrom.storage', (m) => ({ model: m, storages: storagesOf(m) })),
  ...sourceRules<ClusterModel>('restoreFrom', (m) => m, (m) => m.restoreFrom),
];

/** A PMM server URL Everest keeps whole: http(s), a host, the scheme's port, no path (a trailing `/` is dropped), query or credentials. */
function isServerUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return ['http:', 'https:'].includes(url.protocol) && url.hostname !== '' && url.port === '' && url.pathname === '/'
      && !/[?#@]/.test(value);
  } catch {
    return false;
  }
}

/** How go-ini (v1.67.0, which pg/pg_config.go:ParsePGConfig reads `engine.config` with) would read a value otherwise than postgresql.conf. */
function goIniMisreads(value: string): boolean {
  const trimmed = value.trim();
  // `#` and `;` start an inline comment; a trailing `\` continues the line; a leading backquote or `"""` opens a quoted block.
  return /[#;]/.test(value) || trimmed.endsWith('\\') || trimmed.startsWith('`') || trimmed.startsWith('"""');
}

const TRACK_COMMIT_TIMESTAMP = 'track_commit_timestamp';

export const POSTGRES_EVEREST_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  PERCONA_PG_NAME_RULE,
  {
    prop: 'synchronousReplicas',
    value: (m) => m.synchronousReplicas,
    valid: (m) => m.synchronousReplicas === 0,
    reason: 'Everest has no synchronous replication setting for PostgreSQL (use the Percona or CloudNativePG target)',
  },
  {
    prop: 'credentialsSecret',
    value: (m) => m.credentialsSecret,
    when: (m) => m.credentialsSecret !== undefined,
    valid: (m) => m.credentialsSecret!.length <= MAX_USER_SECRET_NAME,
    reason: `Everest names the Secret as the postgres user's users[].secretName of the PerconaPGCluster (pg/applier.go), which takes at most ${MAX_USER_SECRET_NAME} characters`,
  },
  {
    prop: 'config',
    value: (m) => Object.keys(m.config).filter((key) => goIniMisreads(m.config[key])),
    valid: (m) => !Object.values(m.config).some(goIniMisreads),
    reason: 'Everest reads engine.config line by line with go-ini (pg/pg_config.go:ParsePGConfig): `#` or `;` would cut the value short '
      + '(an inline comment), a trailing `\\` or a leading backquote or `"""` would change it',
  },
  {
    prop: `config.${TRACK_COMMIT_TIMESTAMP}`,
    value: (m) => Object.entries(m.config).find(([key]) => key.toLowerCase() === TRACK_COMMIT_TIMESTAMP)?.[1],
    when: (m) => Object.keys(m.config).some((key) => key.toLowerCase() === TRACK_COMMIT_TIMESTAMP),
    valid: (m) => Object.entries(m.config).every(([key, value]) => key.toLowerCase() !== TRACK_COMMIT_TIMESTAMP
      || /^(on|true|yes|1)$/i.test(unquoted(value))),
    reason: 'Everest always sets track_commit_timestamp = on (pg/applier.go:updatePGConfig): leave it out',
  },
];

export const MYSQL_EVEREST_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  {
    prop: 'proxy.type',
    value: (m) => m.proxy.type,
    valid: (m) => m.proxy.type !== ProxyType.PROXYSQL,
    reason: 'ProxySQL does not run under Everest 1.12: it never sets spec.proxysql.volumeSpec (pxc/applier.go:applyProxySQLCfg), which '
      + 'Percona XtraDB Cluster 1.18 requires (pxc_types.go:Validate: "ProxySQL: volumeSpec should be specified"), so the cluster stays in error: '
      + 'use ProxyType.HAPROXY, or the Percona XtraDB Cluster target for ProxySQL',
  },
  {
    prop: 'backup.pointInTimeRecovery',
    value: (m) => m.backup?.storage.provider,
    when: (m) => m.backup?.pointInTimeRecovery === true,
    valid: (m) => m.backup!.storage.provider === BackupProvider.S3,
    reason: 'Everest ships MySQL binlogs for point-in-time recovery to S3 storages only (validation/database_cluster.go:validateBackupStoragesFor)',
  },
];

type ScheduleSubject = { readonly model: ClusterModel; readonly schedule: ScheduleModel };

/** A new schedule, against the cluster's existing ones. */
export const SCHEDULE_RULES: ReadonlyArray<Rule<ScheduleSubject>> = [
  ...storageRules<ScheduleSubject>('storage', (s) => ({ storage: s.schedule.storage, engine: s.model.engine.type })),
  {
    prop: 'storage.verifyTls',
    value: (s) => s.schedule.storage.verifyTls,
    when: (s) => s.model.engine.type === EngineType.POSTGRES && s.schedule.storage.provider === BackupProvider.S3,
    valid: (s) => !s.schedule.storage.verifyTls,
    reason: 'Everest 1.12 turns TLS verification off for the pgBackRest repository of every PostgreSQL schedule from its second reconcile on '
      + '(pg/pg_repos_reconciler.go:reconcileExistingSchedules looks the setting up under the repository\'s name and finds none): set `verifyTls: false` '
      + 'to say so, or use the Percona PostgreSQL target',
  },
  {
    prop: 'schedule',
    value: (s) => s.schedule.cron,
    valid: (s) => !s.model.schedules.some((other) => other.cron === s.schedule.cron),
    reason: 'Everest refuses two schedules of one cluster with the same cron expression (validation/database_cluster.go:checkDuplicateSchedules)',
  },
  {
    prop: 'storage',
    value: (s) => s.schedule.storage.name,
    when: (s) => s.model.engine.type === EngineType.POSTGRES,
    valid: (s) => !s.model.schedules.some((other) => other.storage === s.schedule.storage),
    reason: 'Everest runs one schedule per storage for PostgreSQL, one pgBackRest repo each (validation/database_cluster.go:checkStorageDuplicates)',
  },
  // Everest hands MySQL schedules to the PXC operator as they are (pxc/applier.go:addScheduledBackupsConfiguration),
  // with its BackupStorages as the PXC storages: the PXC operator's schedule rules hold too.
  ...onlyWhere((s: ScheduleSubject) => s.model.engine.type === EngineType.MYSQL, PXC_SCHEDULE_RULES),
  ...storageCountRules<ScheduleSubject>('storage', (s) => ({
    model: s.model, storages: [...new Set([...storagesOf(s.model), s.schedule.storage])],
  })),
];

type OnDemandSubject = { readonly model: ClusterModel; readonly storage: BackupStorage };

/** An on-demand backup (its storage is already among the cluster's). */
export const ON_DEMAND_RULES: ReadonlyArray<Rule<OnDemandSubject>> = [
  ...storageRules<OnDemandSubject>('storage', (s) => ({ storage: s.storage, engine: s.model.engine.type })),
  ...storageCountRules<OnDemandSubject>('storage', (s) => ({ model: s.model, storages: storagesOf(s.model) })),
];

type RestoreSubject = { readonly model: ClusterModel; readonly name: string; readonly source: RestoreSource };

/** An in-place restore (its storage, if any, is already among the cluster's). */
export const RESTORE_RULES: ReadonlyArray<Rule<RestoreSubject>> = [
  {
    prop: 'name',
    value: (r) => r.name,
    valid: (r) => r.name !== r.model.name,
    reason: 'Everest names the DatabaseClusterRestore of a clone after its cluster and takes one of that name for it '
      + '(common/helper.go:ReconcileDBRestoreFromDataSource): give the restore another name',
  },
  ...storageRules<RestoreSubject>('source.storage', (r) => ({ storage: r.source.storage, engine: r.model.engine.type })),
  ...sourceRules<RestoreSubject>('source', (r) => r.model, (r) => r.source),
  ...storageCountRules<RestoreSubject>('source.storage', (r) => ({ model: r.model, storages: storagesOf(r.model) })),
];
