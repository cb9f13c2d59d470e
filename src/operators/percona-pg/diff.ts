import {
  antiAffinity, backupLocation, budgetField, configurationChanged, databaseReplicas, destructive, imageChange,
  kubernetesAntiAffinity, namedItemRemoved, operatorVersion, paused, podsAt, presence, proxyReplicas, resourcesChanged, retentionCount,
  risky, safe, scheduleAdded, scheduleRemoved, scheduleTime, storageClass, storageSize, versionChange, VersionPolicy,
} from '../../diff/rules/classifiers';
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

/** pgBackRest `global` options: retention and repository paths matter, the rest is tuning. */
const pgBackRestOption: Classifier = (before, after, context) => {
  const option = context.keys[context.keys.length - 1];
  if (/^repo\d+-retention-full$/.test(option)) return retentionCount(before, after, context);
  if (/^repo\d+-path$/.test(option)) return backupLocation(before, after, context);
  return safe(`pgBackRest option ${option} changed`);
};

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
    { path: 'spec.instances[].replicas', classify: databaseReplicas },
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
    { path: 'spec.patroni.dynamicConfiguration.postgresql.parameters', classify: configurationChanged },
    ...backupStorageFields(`${REPOS}[]`, repoRemoved),
    { path: `${REPOS}[].schedules.*`, classify: presence(scheduleAdded, scheduleRemoved) },
    { path: `${REPOS}[].schedules.*`, classify: scheduleTime },
    { path: 'spec.backups.pgbackrest.global.*', classify: pgBackRestOption },
  ],
});
