import { repoStorages } from './backup';
import { INSTANCE_SET, MAX_REPOS, MAX_USER_SECRET_NAME, RESERVED_USERS } from './names';
import { PARAMETER_RULES } from './parameters';
import { isBackupLabel } from './restore';
import { CRD_MAJORS, PG_CATALOGUE } from './versions';
import { BackupStorage } from '../../backup-storage';
import { ClusterModel, ScheduleModel, storagesOf } from '../../model';
import { RestoreSource } from '../../restore-source';
import { problemRule, Rule } from '../../rules';

/** Kubernetes' limit on a label value, and so on every name below that becomes one. */
const LABEL_VALUE_MAX = 63;

/**
 * What PGO derives from a cluster's name (the PerconaPGCluster's, whether the library or Everest writes it), each
 * limited to a label value: longest first, so the first is the binding limit.
 */
const DERIVED_NAMES: ReadonlyArray<{ readonly shape: string; readonly source: string }> = [
  // A pod's controller-revision-hash label is its StatefulSet's name, a dash and a hash of up to 10 characters.
  { shape: `-${INSTANCE_SET}-xxxx-0123456789`, source: 'the instance StatefulSet <name>-instance1-xxxx (internal/naming/names.go:GenerateInstance) in its pods\' controller-revision-hash label' },
  { shape: '-repo-host-0123456789', source: 'the pgBackRest repository host <name>-repo-host (postgrescluster/pgbackrest.go:reconcileDedicatedRepoHost) in its pod\'s controller-revision-hash label' },
  { shape: '-pgbackrest-restore', source: 'the restore Job <name>-pgbackrest-restore (internal/naming/names.go:PGBackRestRestoreJob) in its job-name label' },
  { shape: '-backup-xxxx', source: 'the backup Jobs <name>-backup-xxxx (internal/naming/names.go:PGBackRestBackupJob) in their job-name label' },
];

/** The longest cluster name the Percona operator can derive all its objects from. */
const NAME_MAX = LABEL_VALUE_MAX - DERIVED_NAMES[0].shape.length;

/**
 * The Percona PostgreSQL operator's (PGO's) limit on a cluster's name, as its derived objects set it; the same for a
 * PerconaPGCluster that Everest writes for a DatabaseCluster of that name (instance set `instance1` too).
 */
export const PERCONA_PG_NAME_RULE: Rule<{ readonly name: string }> = {
  prop: 'name',
  value: (m) => m.name,
  valid: (m) => m.name.length <= NAME_MAX,
  reason: (m) => `the Percona PostgreSQL operator takes a cluster name of at most ${NAME_MAX} characters: `
    + DERIVED_NAMES.filter((d) => m.name.length + d.shape.length > LABEL_VALUE_MAX)
      .map((d) => `${d.source} would exceed ${LABEL_VALUE_MAX} characters`).join('; ')
    + ', and Kubernetes then refuses its pods or Jobs',
};

/** The PostgreSQL major an image tag names (`17.7-2`, `v17`, `2.7.0-ppg16.9-postgres`), if it names one. */
export function imageMajor(image: string): number | undefined {
  const name = image.split('@')[0];
  const colon = name.lastIndexOf(':');
  const tag = colon > name.lastIndexOf('/') ? name.slice(colon + 1) : '';
  const match = /ppg(\d{2})/.exec(tag) ?? /^v?(\d{2})(?:[._-]|$)/.exec(tag) ?? /(?:pg|postgres|postgresql)-?(\d{2})(?:[._-]|$)/i.exec(tag);
  return match ? Number(match[1]) : undefined;
}

/** A tag that moves: `latest`, or none (which Kubernetes reads as latest); a digest alone pins the image. */
function isMovingTag(image: string): boolean {
  if (image.includes('@')) return false;
  const colon = image.lastIndexOf(':');
  return colon < image.lastIndexOf('/') || colon < 0 || image.slice(colon + 1) === 'latest';
}

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
    valid: (m) => !RESERVED_USERS.some((r) => r.name === m.name),
    reason: (m) => `the application user and its database are named like the cluster, and ${m.name} is `
      + `${RESERVED_USERS.find((r) => r.name === m.name)?.why} (internal/postgres/users.go:WriteUsersInPostgreSQL creates every user in one `
      + 'transaction, so one refused name stops them all)',
  },
  {
    prop: 'credentialsSecret',
    value: (m) => m.credentialsSecret,
    when: (m) => m.credentialsSecret !== undefined,
    valid: (m) => m.credentialsSecret!.length <= MAX_USER_SECRET_NAME,
    reason: `the CRD takes a user's Secret name of at most ${MAX_USER_SECRET_NAME} characters`,
  },
  {
    // The operator runs spec.image as given; the data directory is /pgdata/pg<postgresVersion>
    // (internal/postgres/config.go:DataDirectory), so an image of another major finds no data it can open.
    prop: 'engine.image',
    value: (m) => m.engine.image,
    when: (m) => m.engine.image !== undefined,
    valid: (m) => !isMovingTag(m.engine.image!),
    reason: 'the operator runs the image as given and keeps the data in /pgdata/pg<major> (internal/postgres/config.go:DataDirectory): '
      + 'a moving tag (latest, or none) can bring another PostgreSQL major, which fails on that data; pin a tag or digest',
  },
  {
    prop: 'engine.image',
    value: (m) => m.engine.image,
    when: (m) => m.engine.image !== undefined && imageMajor(m.engine.image) !== undefined,
    valid: (m) => imageMajor(m.engine.image!) === m.engine.majorVersion,
    reason: (m) => `the image's tag names PostgreSQL ${imageMajor(m.engine.image!)}, but engine.version is ${m.engine.version}: the operator `
      + `starts it on /pgdata/pg${m.engine.majorVersion} (internal/postgres/config.go:DataDirectory), which another major cannot open`,
  },
  {
    // Patroni's strict synchronous mode (patroni/postgresql/config.py:ConfigHandler.get_server_parameters sets
    // synchronous_standby_names "*" with no candidate) stops writes without a standby, and the
    // disruption budget the library sets (minAvailable: replicas - 1, cluster.ts) lets a drain evict the only one.
    prop: 'replicas',
    value: (m) => m.replicas,
    when: (m) => m.synchronousReplicas > 0,
    valid: (m) => m.replicas >= 3,
    reason: 'synchronous replication on the Percona operator runs Patroni\'s strict synchronous mode, which stops every write while no '
      + 'standby is up: with 2 instances one standby down or drained (the disruption budget lets one pod go) is a write outage; use 3 '
      + 'instances or more (Patroni docs/replication_modes.rst)',
  },
  ...PARAMETER_RULES,
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
export const RESTORE_RULES: ReadonlyArray<Rule<{ readonly model: ClusterModel; readonly name: string; readonly source: RestoreSource }>> = [
  {
    // percona/controller/pgcluster/restore.go:createBootstrapRestoreObject names a clone's restore <cluster>-bootstrap
    // and, when one exists already, adopts it (AlreadyExists is not an error).
    prop: 'name',
    value: (r) => r.name,
    valid: (r) => r.name !== `${r.model.name}-bootstrap`,
    reason: 'the operator names a clone\'s own PerconaPGRestore <cluster>-bootstrap and would take this one for it: choose another name',
  },
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


/**
 * Checked at synthesis, once schedules, on-demand backups and restores have registered their storages.
 * A clone's restore Job runs pgBackRest's image, which `Backups.ToCrunchy` (pkg/apis/pgv2.percona.com/v2/
 * perconapgcluster_types.go) drops with the rest of `backups` when they are disabled: the Job's init container then
 * has no image (postgrescluster/pgbackrest.go:reconcileRestoreJob, addNSSWrapper) and Kubernetes refuses it.
 */
export const SYNTHESIS_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  {
    prop: 'backup.storage',
    value: (m) => m.backup?.storage.name,
    when: (m) => m.restoreFrom?.storage !== undefined,
    valid: (m) => repoStorages(m).length > 0,
    reason: 'a clone on the Percona operator needs a backup storage of its own: without one the operator drops the pgBackRest image '
      + 'that its restore Job runs (perconapgcluster_types.go:Backups.ToCrunchy), and the clone never starts',
  },
];
