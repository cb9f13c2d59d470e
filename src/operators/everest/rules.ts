import { BackupProvider, BackupStorage } from '../../backup-storage';
import { EngineType } from '../../engine';
import { ClusterModel, ScheduleModel, storagesOf } from '../../model';
import { MonitoringKind } from '../../monitoring';
import { isDnsSubdomain } from '../../names';
import { backupObjectNameRule } from '../../restore-rules';
import { RestoreSource } from '../../restore-source';
import { Rule } from '../../rules';
import { PERCONA_PG_NAME_RULE } from '../percona-pg/rules';

// What Everest's API server, webhooks and operator refuse, and what Everest cannot express.

/**
 * Everest's BackupStorage is S3 or Azure, for the storage that `storageOf` picks. (It has no path prefix either:
 * Everest writes each cluster below `<bucket>/<cluster>/<cluster uid>` by itself, so `prefix` does not apply.)
 */
function storageProviderRule<T>(prop: string, storageOf: (subject: T) => BackupStorage | undefined): Rule<T> {
  return {
    prop: `${prop}.provider`,
    value: (t) => storageOf(t)?.provider,
    valid: (t) => storageOf(t)?.provider !== BackupProvider.GCS,
    reason: 'Everest has no GCS backup storage (s3 and azure only): use BackupProvider.S3 with an S3-compatible endpoint, or the Percona operator target',
  };
}

/** Which storages a cluster uses, once the object being checked is added. */
interface StorageUsage {
  readonly model: ClusterModel;
  readonly storages: BackupStorage[];
}

/** How many distinct storages a cluster may use, per engine (the API server's and the providers' limits). */
function storageCountRules<T>(prop: string, usageOf: (subject: T) => StorageUsage): Rule<T>[] {
  const limits = [
    { engine: EngineType.MONGODB, most: 1, reason: 'Everest runs one backup storage per MongoDB cluster (schedules, backups, PITR and restores share it)' },
    { engine: EngineType.POSTGRES, most: 3, reason: 'Everest gives a PostgreSQL cluster at most 3 distinct backup storages (pgBackRest repos)' },
  ];
  return limits.map((limit) => ({
    prop,
    value: (t: T) => usageOf(t).storages.map((s) => s.name),
    when: (t: T) => usageOf(t).model.engine.type === limit.engine,
    valid: (t: T) => usageOf(t).storages.length <= limit.most,
    reason: limit.reason,
  }));
}

/**
 * Everest replays logs on top of a named base backup (its DatabaseClusterBackup, or a path that holds the source
 * cluster's UID, unknown at synthesis), so a point-in-time source must name it.
 */
function baseBackupRule<T>(prop: string, sourceOf: (subject: T) => RestoreSource | undefined): Rule<T> {
  return {
    prop: `${prop}.baseBackupName`,
    value: (t) => sourceOf(t)?.baseBackupName,
    when: (t) => sourceOf(t)?.time !== undefined,
    valid: (t) => sourceOf(t)!.baseBackupName !== undefined,
    reason: 'Everest replays logs on top of a named backup: give the DatabaseClusterBackup to start from',
  };
}

/** Rules of every Everest engine, checked after the engine's own. */
export const EVEREST_RULES: ReadonlyArray<Rule<ClusterModel>> = [
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
  storageProviderRule<ClusterModel>('backup.storage', (m) => m.backup?.storage),
  storageProviderRule<ClusterModel>('restoreFrom.storage', (m) => m.restoreFrom?.storage),
  // A clone's storage is the only one that can differ from `backup.storage` at this point.
  ...storageCountRules<ClusterModel>('restoreFrom.storage', (m) => ({ model: m, storages: storagesOf(m) })),
  baseBackupRule<ClusterModel>('restoreFrom', (m) => m.restoreFrom),
  backupObjectNameRule<ClusterModel>('restoreFrom', (m) => m.restoreFrom),
];

export const POSTGRES_EVEREST_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  PERCONA_PG_NAME_RULE,
  {
    prop: 'synchronousReplicas',
    value: (m) => m.synchronousReplicas,
    valid: (m) => m.synchronousReplicas === 0,
    reason: 'Everest has no synchronous replication setting for PostgreSQL (use the Percona or CloudNativePG target)',
  },
];

export const MYSQL_EVEREST_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  {
    prop: 'backup.pointInTimeRecovery',
    value: (m) => m.backup?.storage.provider,
    when: (m) => m.backup?.pointInTimeRecovery === true,
    valid: (m) => m.backup!.storage.provider === BackupProvider.S3,
    reason: 'Everest ships MySQL binlogs for point-in-time recovery to S3 storages only',
  },
];

/** A new schedule, against the cluster's existing ones. */
export const SCHEDULE_RULES: ReadonlyArray<Rule<{ readonly model: ClusterModel; readonly schedule: ScheduleModel }>> = [
  storageProviderRule<{ schedule: ScheduleModel }>('storage', (s) => s.schedule.storage),
  {
    prop: 'schedule',
    value: (s) => s.schedule.cron,
    valid: (s) => !s.model.schedules.some((other) => other.cron === s.schedule.cron),
    reason: 'Everest refuses two schedules of one cluster with the same cron expression',
  },
  {
    prop: 'storage',
    value: (s) => s.schedule.storage.name,
    when: (s) => s.model.engine.type === EngineType.POSTGRES,
    valid: (s) => !s.model.schedules.some((other) => other.storage === s.schedule.storage),
    reason: 'Everest runs one schedule per storage for PostgreSQL (one pgBackRest repo each)',
  },
  ...storageCountRules<{ model: ClusterModel; schedule: ScheduleModel }>('storage', (s) => ({
    model: s.model, storages: [...new Set([...storagesOf(s.model), s.schedule.storage])],
  })),
];

/** An on-demand backup (its storage is already among the cluster's). */
export const ON_DEMAND_RULES: ReadonlyArray<Rule<{ readonly model: ClusterModel; readonly storage: BackupStorage }>> = [
  storageProviderRule<{ storage: BackupStorage }>('storage', (s) => s.storage),
  ...storageCountRules<{ model: ClusterModel }>('storage', (s) => ({ model: s.model, storages: storagesOf(s.model) })),
];

/** An in-place restore (its storage, if any, is already among the cluster's). */
export const RESTORE_RULES: ReadonlyArray<Rule<{ readonly model: ClusterModel; readonly source: RestoreSource }>> = [
  storageProviderRule<{ source: RestoreSource }>('source.storage', (s) => s.source.storage),
  baseBackupRule<{ source: RestoreSource }>('source', (s) => s.source),
  backupObjectNameRule<{ source: RestoreSource }>('source', (s) => s.source),
  ...storageCountRules<{ model: ClusterModel }>('source.storage', (s) => ({ model: s.model, storages: storagesOf(s.model) })),
];

