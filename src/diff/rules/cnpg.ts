import { KubeObject } from '../manifests';
import {
  always, antiAffinity, AntiAffinityStrength, backupLocation, backupStorageAdded, configurationChanged, databaseReplicas,
  destructive, imageChange, kubernetesAntiAffinity, presence, proxyReplicas, resourcesChanged, restart, retentionPeriod, risky, safe, scheduleAdded,
  scheduleDisabled, scheduleRemoved, scheduleTime, storageClass, storageSize, toggle, versionChange, VersionPolicy,
} from './classifiers';
import { FieldContext, KindRules, ObjectIndex, Verdict } from './rule';
import { databaseKind, databasesInNamespace } from './tables';

const GROUP = 'postgresql.cnpg.io';
const BARMAN_CLOUD_GROUP = 'barmancloud.cnpg.io';

/** A new major through `imageName` is an offline in-place pg_upgrade; only one major at a time is accepted as risky. */
const CNPG_POSTGRES_VERSIONS: VersionPolicy = {
  lineLength: 1,
  majorUpgrade: (from, to) => (to === from + 1
    ? risky(`PostgreSQL ${from} → ${to}: offline in-place pg_upgrade, downtime, cannot be rolled back`)
    : destructive(`PostgreSQL ${from} → ${to} skips majors: upgrade one major at a time`)),
};

function cnpgAntiAffinity(affinity: any): AntiAffinityStrength {
  if (affinity?.enablePodAntiAffinity === false) return AntiAffinityStrength.NONE;
  return affinity?.podAntiAffinityType === 'required' ? AntiAffinityStrength.REQUIRED : AntiAffinityStrength.PREFERRED;
}

const walArchivingOff = risky('WAL archiving turned off: point-in-time recovery is off');
const immutable = (kind: string) => always(risky(`immutable: the API server refuses the change; delete and recreate the ${kind}`));

/** Objects that name their Cluster in `spec.cluster.name` (Pooler, ScheduledBackup). */
function namedCluster(object: KubeObject, objects: ObjectIndex): KubeObject[] {
  return databasesInNamespace(object, objects.ofKind(GROUP, 'Cluster'), c => c.metadata.name === object.spec?.cluster?.name);
}

/** Clusters whose barman-cloud plugin archives to the ObjectStore `object`. */
function archivingClusters(object: KubeObject, objects: ObjectIndex): KubeObject[] {
  return databasesInNamespace(object, objects.ofKind(GROUP, 'Cluster'),
    c => (c.spec?.plugins ?? []).some((p: any) => p.parameters?.barmanObjectName === object.metadata.name));
}

/** CloudNativePG `Cluster`. @internal */
export const CNPG_CLUSTER_RULES: KindRules = databaseKind({
  apiGroup: GROUP,
  kind: 'Cluster',
  engine: () => 'postgresql',
  fields: [
    { path: 'spec.instances', classify: databaseReplicas },
    { path: 'spec.imageName', classify: imageChange(CNPG_POSTGRES_VERSIONS) },
    { path: 'spec.imageCatalogRef.major', classify: versionChange(CNPG_POSTGRES_VERSIONS) },
    { path: 'spec.resources', classify: resourcesChanged },
    { path: 'spec.postgresql.parameters', classify: configurationChanged },
    { path: 'spec.storage.size', classify: storageSize },
    { path: 'spec.storage.storageClass', classify: storageClass },
    { path: 'spec.walStorage', classify: presence(safe('WAL volume added'), destructive('walStorage cannot be removed once set')) },
    { path: 'spec.walStorage.size', classify: storageSize },
    { path: 'spec.walStorage.storageClass', classify: storageClass },
    { path: 'spec.affinity', classify: antiAffinity(cnpgAntiAffinity) },
    {
      path: 'spec.enablePDB',
      classify: toggle(safe('PodDisruptionBudgets turned on'), risky('PodDisruptionBudgets removed: a node drain may evict several instances at once'), true),
    },
    {
      path: 'spec.plugins[]',
      classify: presence(safe('plugin added'), (before: any) => (before.isWALArchiver ? walArchivingOff : risky(`plugin ${before.name} removed`))),
    },
    { path: 'spec.plugins[].isWALArchiver', classify: toggle(safe('WAL archiving turned on: point-in-time recovery'), walArchivingOff) },
    { path: 'spec.plugins[].parameters.barmanObjectName', classify: backupLocation },
    { path: 'spec.backup.retentionPolicy', classify: retentionPeriod },
    { path: 'spec.backup.barmanObjectStore.destinationPath', classify: backupLocation },
  ],
});

/** CloudNativePG `Pooler` (PgBouncer). @internal */
export const CNPG_POOLER_RULES: KindRules = {
  apiGroup: GROUP,
  kind: 'Pooler',
  fields: [
    { path: 'spec.instances', classify: proxyReplicas },
    { path: 'spec.template.spec.affinity', classify: antiAffinity(kubernetesAntiAffinity) },
    { path: 'spec.cluster.name', classify: immutable('Pooler') },
    { path: 'spec.type', classify: always(risky('pooler type changed: clients reach other instances (rw, ro, r)')) },
  ],
  otherFields: restart('pooler pods roll'),
  added: safe('new pooler'),
  removed: () => risky('pooler removed: clients that connect through it lose their endpoint'),
  servedDatabases: namedCluster,
};

/** CloudNativePG `ScheduledBackup`. @internal */
export const CNPG_SCHEDULED_BACKUP_RULES: KindRules = {
  apiGroup: GROUP,
  kind: 'ScheduledBackup',
  fields: [
    { path: 'spec.schedule', classify: scheduleTime },
    { path: 'spec.suspend', classify: toggle(scheduleDisabled, safe('backup schedule resumed')) },
    { path: 'spec.cluster.name', classify: immutable('ScheduledBackup') },
  ],
  otherFields: safe('backup settings changed'),
  added: scheduleAdded,
  removed: () => scheduleRemoved,
  servedDatabases: namedCluster,
};

function objectStoreRemoved(object: KubeObject, context: FieldContext): Verdict {
  return archivingClusters(object, context.newObjects).length > 0
    ? destructive(`ObjectStore ${object.metadata.name} removed while a cluster archives to it: WAL archiving and backups fail`)
    : risky(`ObjectStore ${object.metadata.name} removed: its backups can no longer be restored from here`);
}

/** barman-cloud plugin `ObjectStore` (`barmancloud.cnpg.io/v1`). @internal */
export const CNPG_OBJECT_STORE_RULES: KindRules = {
  apiGroup: BARMAN_CLOUD_GROUP,
  kind: 'ObjectStore',
  fields: [
    { path: 'spec.retentionPolicy', classify: retentionPeriod },
    { path: 'spec.configuration.destinationPath', classify: backupLocation },
    { path: 'spec.configuration.endpointURL', classify: backupLocation },
  ],
  otherFields: safe('backup settings changed'),
  added: backupStorageAdded,
  removed: objectStoreRemoved,
  servedDatabases: archivingClusters,
};
