import { repoStorages } from './backup';
import { MAX_REPOS, MAX_USER_SECRET_NAME, RESERVED_USERS } from './names';
import { isBackupLabel } from './restore';
import { CRD_MAJORS, PG_CATALOGUE } from './versions';
import { BackupStorage } from '../../backup-storage';
import { ClusterModel, ScheduleModel, storagesOf } from '../../model';
import { RestoreSource } from '../../restore-source';
import { nameLengthRule, problemRule, Rule } from '../../rules';

/**
 * The Percona PostgreSQL operator's (PGO's) limit on a cluster's name plus its instance set's (`instance1`), under
 * Everest too.
 */
export const PERCONA_PG_NAME_RULE = nameLengthRule<ClusterModel>('Percona PostgreSQL', 46, () => 'instance1');

/**
 * postgresql.conf parameters that pgBackRest (archiving, restore), Patroni (replication, synchronous standbys)
 * or PGO (TLS, sockets, port, files) set and silently override.
 */
const OPERATOR_MANAGED_PARAMETERS = new Set([
  'archive_command', 'archive_mode', 'restore_command', 'recovery_target', 'recovery_target_time', 'primary_conninfo',
  'primary_slot_name', 'synchronous_standby_names', 'hot_standby', 'port', 'listen_addresses', 'unix_socket_directories',
  'data_directory', 'config_file', 'hba_file', 'ident_file', 'ssl', 'ssl_cert_file', 'ssl_key_file', 'ssl_ca_file',
]);

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

/** The operator's, PGO's and pgBackRest's limits that our props can break, beyond the engine's. */
export const PERCONA_PG_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  {
    prop: 'engine.version',
    value: (m) => m.engine.version,
    valid: (m) => m.engine.majorVersion >= CRD_MAJORS.min && m.engine.majorVersion <= CRD_MAJORS.max,
    reason: `the PerconaPGCluster CRD takes PostgreSQL ${CRD_MAJORS.min} to ${CRD_MAJORS.max}`,
  },
  ...PG_CATALOGUE.rules(),
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

export const SCHEDULE_RULES: ReadonlyArray<Rule<ScheduleSubject>> = [
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
export const STORAGE_USE_RULES: ReadonlyArray<Rule<{ readonly model: ClusterModel; readonly storage: BackupStorage }>> = [
  { prop: 'storage', value: (s) => storagesOf(s.model).map((st) => st.name), valid: (s) => storagesOf(s.model).length <= MAX_REPOS, reason: REPO_LIMIT },
  storageRule('storage.endpoint', (s) => s.storage),
];

/** An in-place restore replays this cluster's own repository: another cluster's backups make a clone instead. */
export const RESTORE_RULES: ReadonlyArray<Rule<{ readonly model: ClusterModel; readonly source: RestoreSource }>> = [
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

