import {
  always, antiAffinity, backupLocation, budgetField, configurationChanged, creationOnly, databaseReplicas, destructive, imageChange,
  kubernetesAntiAffinity, namedItemRemoved, operatorVersion, paused, podsAt, presence, proxyReplicas, resourcesChanged, retentionCount,
  risky, safe, scheduleAdded, scheduleRemoved, scheduleTime, storageClass, storageSize, toggle, versionChange, VersionPolicy,
} from '../../diff/rules/classifiers';
import { exposure } from '../../diff/rules/exposure';
import { Classifier, KindRules } from '../../diff/rules/rule';
import { backupStorageFields, databaseKind } from '../../diff/rules/tables';

/** PostgreSQL version changes under the Percona operator (and Everest, which runs it). @internal */
export const POSTGRES_VERSIONS: VersionPolicy = {
  lineLength: 1,
  majorUpgrade: (from, to) => destructive(`PostgreSQL ${from} → ${to} is a major upgrade: it needs a PerconaPGUpgrade, and Everest refuses it`),
};

const REPOS = 'spec.backups.pgbackrest.repos';

/**
 * A repository removed. The operator's in-process cron deletes a schedule's entry only while its repository is still
 * listed (percona/controller/pgcluster/schedule.go:reconcileScheduledBackups), so a repository removed with its
 * schedules keeps firing: each run makes a PerconaPGBackup for a repository that no longer exists, which never
 * starts and holds the one-backup-at-a-time lock (pgbackup/controller.go:startBackup) until the operator restarts.
 */
const repoRemoved: Classifier = (before) => {
  if (before.volume) return destructive(`repository ${before.name} removed: its volume and the backups on it are deleted`);
  if (before.schedules) {
    return destructive(`repository ${before.name} removed with its schedules: the operator keeps running them in memory, and each run `
      + 'leaves a PerconaPGBackup that never starts and blocks every later backup until the operator restarts; remove the schedule in an '
      + 'earlier change');
  }
  return risky(`backup storage ${before.name} removed: its backups can no longer be restored from here`);
};

/**
 * Instances of a set. PGO deletes only what it controls of the instances it scales away
 * (postgrescluster/instance.go:deleteInstance), and their volumes have no owner (postgres.go, K8SPG-328): they stay,
 * and cost, until deleted by hand.
 */
const instanceReplicas: Classifier = (before, after, context) => {
  const verdict = databaseReplicas(before, after, context)!;
  return Number(after) < Number(before) ? { ...verdict, reason: `${verdict.reason}; their volumes stay until deleted by hand` } : verdict;
};

/** pgBackRest `global` options: retention and repository paths matter, the rest is tuning. */
const pgBackRestOption: Classifier = (before, after, context) => {
  const option = context.keys[context.keys.length - 1];
  if (/^repo\d+-retention-full$/.test(option)) return retentionCount(before, after, context);
  if (/^repo\d+-path$/.test(option)) return backupLocation(before, after, context);
  return safe(`pgBackRest option ${option} changed`);
};

const DCS = 'spec.patroni.dynamicConfiguration';

/**
 * Patroni's synchronous mode, applied without a restart (patroni/postgresql/sync.py): turning it off, or strict mode
 * off, lets commits return before a standby has them.
 */
const synchronousSwitch = (what: string) => toggle(
  safe(`${what} turned on: Patroni makes standbys synchronous without a restart`),
  risky(`${what} turned off: commits no longer wait for a standby, and a failover can lose them`),
);

/** `synchronous_node_count`: fewer standbys confirming each commit. */
const synchronousCount: Classifier = (before, after) => (Number(after ?? 1) < Number(before ?? 1)
  ? risky(`fewer synchronous standbys (${before ?? 1} → ${after ?? 1}): each commit is on fewer copies when it returns`)
  : safe(`more synchronous standbys (${before ?? 1} → ${after ?? 1})`));

/** Percona Operator for PostgreSQL (`pgv2.percona.com/v2`). @internal */
export const PERCONA_PG_DIFF_RULES: KindRules = databaseKind({
  apiGroup: 'pgv2.percona.com',
  kind: 'PerconaPGCluster',
  engine: () => 'postgresql',
  fields: [
    { path: 'spec.crVersion', classify: operatorVersion },
    { path: 'spec.postgresVersion', classify: versionChange(POSTGRES_VERSIONS) },
    { path: 'spec.image', classify: imageChange(POSTGRES_VERSIONS) },
    { path: 'spec.pause', classify: paused },
    {
      path: 'spec.instances[]',
      classify: presence(safe('new instance set'), namedItemRemoved('spec.instances', 'instance set', risky('instance set removed: its pods and volumes are deleted'))),
    },
    { path: 'spec.instances[].replicas', classify: instanceReplicas },
    { path: 'spec.instances[].resources', classify: resourcesChanged },
    ...['dataVolumeClaimSpec', 'walVolumeClaimSpec'].flatMap(volume => [
      { path: `spec.instances[].${volume}.resources.requests.storage`, classify: storageSize },
      { path: `spec.instances[].${volume}.storageClassName`, classify: storageClass },
    ]),
    { path: 'spec.instances[].affinity', classify: antiAffinity(kubernetesAntiAffinity) },
    { path: 'spec.instances[].minAvailable', classify: budgetField('minAvailable', podsAt('spec.instances[].replicas')) },
    { path: 'spec.proxy.pgBouncer.replicas', classify: proxyReplicas },
    { path: 'spec.proxy.pgBouncer.affinity', classify: antiAffinity(kubernetesAntiAffinity) },
    { path: 'spec.proxy.pgBouncer.minAvailable', classify: budgetField('minAvailable', podsAt('spec.proxy.pgBouncer.replicas')) },
    { path: `${DCS}.postgresql.parameters`, classify: configurationChanged },
    { path: `${DCS}.synchronous_mode`, classify: synchronousSwitch('synchronous replication') },
    { path: `${DCS}.synchronous_mode_strict`, classify: synchronousSwitch('strict synchronous mode') },
    { path: `${DCS}.synchronous_node_count`, classify: synchronousCount },
    { path: 'spec.proxy.pgBouncer.expose', classify: exposure('the PgBouncer Service') },
    { path: 'spec.expose', classify: exposure('the primary\'s Service') },
    // internal/postgres/users.go:WriteUsersInPostgreSQL never drops a role; the user's Secret is not owned by the cluster.
    { path: 'spec.users[]', classify: presence(safe('new database user'), safe('user removed from the spec: the operator keeps the role and its Secret')) },
    // A new Secret's password becomes the role's (postgres.go:reconcilePostgresUserSecrets): applications reading the old one lose access.
    { path: 'spec.users[].secretName', classify: always(risky('the user\'s Secret changed: its password becomes the role\'s, and clients reading the old Secret lose access')) },
    // Read only before the cluster is bootstrapped (postgrescluster/pgbackrest.go:reconcileCloudBasedDataSource).
    { path: 'spec.dataSource', classify: creationOnly('dataSource') },
    {
      path: 'spec.backups.enabled',
      classify: toggle(safe('backups turned on'), risky('backups turned off: WAL is no longer archived (archive_command becomes true) and the '
        + 'repository host is deleted; the backups already in the storages stay'), true),
    },
    ...backupStorageFields(`${REPOS}[]`, repoRemoved),
    { path: `${REPOS}[].schedules.*`, classify: presence(scheduleAdded, scheduleRemoved) },
    { path: `${REPOS}[].schedules.*`, classify: scheduleTime },
    { path: 'spec.backups.pgbackrest.global.*', classify: pgBackRestOption },
  ],
});
