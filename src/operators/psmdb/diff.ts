import {
  antiAffinity, backupStorageRemoved, configServerReplicas, configurationChanged, databaseReplicas, destructive, disruptionBudget,
  imageChange, namedItemRemoved, operatorVersion, paused, podsAt, pointInTimeRecovery, presence, proxyReplicas, resourcesChanged, risky,
  safe, shardingToggle, storageClass, storageSize, toggle, VersionPolicy,
} from '../../diff/rules/classifiers';
import { FieldRule, KindRules } from '../../diff/rules/rule';
import { backupStorageFields, databaseKind, scheduleFields } from '../../diff/rules/tables';
import { perconaAntiAffinity } from '../percona/diff';

/** MongoDB version changes under the PSMDB operator (and Everest, which runs it). @internal */
export const MONGODB_VERSIONS: VersionPolicy = {
  lineLength: 2,
  majorUpgrade: (from, to) => (to === from + 1
    ? risky(`major upgrade ${from} → ${to}: cannot be rolled back once the feature compatibility version is raised`)
    : destructive(`MongoDB majors upgrade one at a time (${from} → ${from + 1}); ${from} → ${to} is refused`)),
};

/** The fields of one replica set, for `spec.replsets[]` and the config servers alike. */
function replsetFields(replset: string): FieldRule[] {
  const pvc = `${replset}.volumeSpec.persistentVolumeClaim`;
  return [
    { path: `${replset}.size`, classify: databaseReplicas },
    { path: `${replset}.resources`, classify: resourcesChanged },
    { path: `${replset}.configuration`, classify: configurationChanged },
    { path: `${pvc}.resources.requests.storage`, classify: storageSize },
    { path: `${pvc}.storageClassName`, classify: storageClass },
    { path: `${replset}.affinity`, classify: antiAffinity(perconaAntiAffinity) },
    { path: `${replset}.podDisruptionBudget`, classify: disruptionBudget(podsAt(`${replset}.size`)) },
  ];
}

function tasksUse(storage: string, cluster: any): boolean {
  return (cluster.spec?.backup?.tasks ?? []).some((t: any) => t.storageName === storage);
}

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
    { path: 'spec.backup.enabled', classify: toggle(safe('backups turned on'), risky('backups turned off: no scheduled backups and no PITR'), true) },
    ...backupStorageFields('spec.backup.storages.*', backupStorageRemoved(tasksUse)),
    ...scheduleFields('spec.backup.tasks', 'storageName', ['keep', 'retention.count']),
    { path: 'spec.backup.pitr', classify: pointInTimeRecovery },
  ],
});
