import {
  always, antiAffinity, backupStorageRemoved, configServerReplicas, configurationChanged, databaseReplicas, destructive, disruptionBudget,
  imageChange, namedItemRemoved, operatorVersion, paused, podsAt, pointInTimeRecovery, presence, proxyReplicas, resourcesChanged, restart, risky,
  safe, shardingToggle, storageClass, storageSize, toggle, VersionPolicy,
} from '../../diff/rules/classifiers';
import { exposure } from '../../diff/rules/exposure';
import { Classifier, FieldRule, KindRules } from '../../diff/rules/rule';
import { backupStorageFields, databaseKind, scheduleFields } from '../../diff/rules/tables';
import { quantityBytes } from '../../quantity';
import { perconaAntiAffinity } from '../percona/diff';

/** MongoDB version changes under the PSMDB operator (and Everest, which runs it). @internal */
export const MONGODB_VERSIONS: VersionPolicy = {
  lineLength: 2,
  majorUpgrade: (from, to) => (to === from + 1
    ? risky(`major upgrade ${from} → ${to}: cannot be rolled back once the feature compatibility version is raised`)
    : destructive(`MongoDB majors upgrade one at a time (${from} → ${from + 1}); ${from} → ${to} is refused`)),
};

/**
 * Growth is applied only with `enableVolumeExpansion` (volumes.go:resizeVolumesIfNeeded keeps the old size
 * otherwise), which the library turns off on a StorageClass of the app that cannot expand.
 */
const volumeSize: Classifier = (before, after, context) => (
  quantityBytes(after) > quantityBytes(before) && context.newObject?.spec?.enableVolumeExpansion !== true
    ? risky('storage growth is not applied: enableVolumeExpansion is off (the StorageClass cannot expand), and the operator keeps the volumes\' size')
    : storageSize(before, after, context));

/** The fields of one replica set, for `spec.replsets[]` and the config servers alike. */
function replsetFields(replset: string): FieldRule[] {
  const pvc = `${replset}.volumeSpec.persistentVolumeClaim`;
  return [
    { path: `${replset}.size`, classify: databaseReplicas },
    { path: `${replset}.resources`, classify: resourcesChanged },
    { path: `${replset}.configuration`, classify: configurationChanged },
    { path: `${pvc}.resources.requests.storage`, classify: volumeSize },
    { path: `${pvc}.storageClassName`, classify: storageClass },
    // psmdb_controller.go:createOrUpdate updates the StatefulSet, whose volume claim templates the API server keeps.
    { path: `${pvc}.accessModes`, classify: always(destructive('the API server refuses to change a StatefulSet\'s volume claims: the operator stays in error')) },
    { path: `${replset}.affinity`, classify: antiAffinity(perconaAntiAffinity) },
    { path: `${replset}.podDisruptionBudget`, classify: disruptionBudget(podsAt(`${replset}.size`)) },
    { path: `${replset}.expose`, classify: exposure('the per-member Services') },
  ];
}

function tasksUse(storage: string, cluster: any): boolean {
  return (cluster.spec?.backup?.tasks ?? []).some((t: any) => t.storageName === storage);
}

/** psmdb_defaults.go:checkSafeDefaults refuses a replica set of fewer than 2 or an even number of members without the flag. */
const unsafeFlags: Classifier = (before, after, context) => {
  if (before?.replsetSize !== true || after?.replsetSize === true) return safe('unsafe flags changed');
  const spec = context.newObject?.spec;
  const replsets = [...(spec?.replsets ?? []), ...(spec?.sharding?.enabled ? [spec.sharding.configsvrReplSet] : [])];
  const sizes: number[] = replsets.map((rs: any) => rs?.size);
  return sizes.some((size) => size < 2 || size % 2 === 0)
    ? destructive('unsafeFlags.replsetSize removed while a replica set has fewer than 3 or an even number of members: the operator stays in error')
    : safe('unsafeFlags.replsetSize removed');
};

/** The TLS mode (containerArgs `--tlsMode`); `disabled` needs unsafeFlags.tls (psmdb_defaults.go:CheckNSetDefaults). */
const tlsMode: Classifier = (_before, after, context) => {
  if (after === 'disabled' && context.newObject?.spec?.unsafeFlags?.tls !== true) {
    return destructive('TLS disabled without unsafeFlags.tls: the operator refuses it and stays in error');
  }
  if (after === 'requireTLS') return risky('requireTLS: every plain connection is refused, the exporter sidecar\'s included');
  return restart('TLS mode changed: rolling restart');
};

/** Percona Server for MongoDB operator (`psmdb.percona.com/v1`). @internal */
export const PSMDB_DIFF_RULES: KindRules = databaseKind({
  apiGroup: 'psmdb.percona.com',
  kind: 'PerconaServerMongoDB',
  engine: () => 'mongodb',
  fields: [
    { path: 'spec.crVersion', classify: operatorVersion },
    { path: 'spec.image', classify: imageChange(MONGODB_VERSIONS) },
    { path: 'spec.pause', classify: paused },
    {
      path: 'spec.replsets[]',
      classify: presence(safe('new replica set (shard)'), namedItemRemoved('spec.replsets', 'replica set', destructive('replica set removed: the data on it is gone'))),
    },
    ...replsetFields('spec.replsets[]'),
    { path: 'spec.sharding', classify: shardingToggle },
    { path: 'spec.sharding.configsvrReplSet.size', classify: configServerReplicas },
    ...replsetFields('spec.sharding.configsvrReplSet'),
    { path: 'spec.sharding.mongos.size', classify: proxyReplicas },
    { path: 'spec.sharding.mongos.affinity', classify: antiAffinity(perconaAntiAffinity) },
    { path: 'spec.sharding.mongos.podDisruptionBudget', classify: disruptionBudget(podsAt('spec.sharding.mongos.size')) },
    { path: 'spec.sharding.mongos.expose', classify: exposure('the mongos Service') },
    // service.go:MongoHost: the addresses the replica set advertises, which the operator reconfigures.
    {
      path: 'spec.clusterServiceDNSMode',
      classify: always(risky('the replica set advertises other member addresses (internal names or load balancers): clients must use the new ones')),
    },
    { path: 'spec.tls.mode', classify: tlsMode },
    // secrets.go:reconcileUsersSecret fills a Secret's missing keys with new passwords, which users.go sets in MongoDB.
    {
      path: 'spec.secrets.users',
      classify: always(risky('the system users\' passwords come from another Secret: keys it lacks get new passwords, which the operator sets in MongoDB')),
    },
    { path: 'spec.enableVolumeExpansion', classify: toggle(safe('volume expansion on'), risky('volume expansion off: storage growth is no longer applied')) },
    { path: 'spec.unsafeFlags', classify: unsafeFlags },
    {
      path: 'spec.upgradeOptions.setFCV',
      classify: toggle(risky('the operator raises the feature compatibility version after each major upgrade: no way back'), safe('FCV no longer raised automatically')),
    },
    {
      // psmdb_controller.go:Reconcile runs reconcileBackupTasks, the only place that removes schedules, with backups on only.
      path: 'spec.backup.enabled',
      classify: toggle(safe('backups turned on'), risky('backups turned off: no PITR, and the operator keeps firing the schedules it registered '
        + 'until it restarts, making backups that cannot complete'), true),
    },
    ...backupStorageFields('spec.backup.storages.*', backupStorageRemoved(tasksUse)),
    // pbm.go:reconcilePBMConfig: the main storage is PBM's configuration storage and receives the oplog.
    {
      path: 'spec.backup.storages.*.main',
      classify: always(risky('the main storage changes: PBM resyncs and writes the oplog (PITR) to the new one; earlier instants stay on the old one')),
    },
    ...scheduleFields('spec.backup.tasks', 'storageName', ['keep', 'retention.count']),
    // backup.go:createOrUpdateBackupTask re-registers a task only when its schedule or storage changes.
    { path: 'spec.backup.tasks[].type', classify: always(risky('not applied until the task\'s schedule or storage changes, or the operator restarts')) },
    { path: 'spec.backup.pitr', classify: pointInTimeRecovery },
  ],
});
