import { KubeObject } from '../../diff/manifests';
import {
  always, antiAffinity, AntiAffinityStrength, backupLocation, backupStorageAdded, configurationChanged, creationOnly, databaseReplicas,
  destructive, imageChange, immutable, kubernetesAntiAffinity, presence, proxyReplicas, resourcesChanged, restart, retentionPeriod, risky,
  safe, scheduleAdded, scheduleDisabled, scheduleRemoved, scheduleTime, storageClass, storageSize, switchedSection, toggle, versionChange,
  VersionPolicy,
} from '../../diff/rules/classifiers';
import { Classifier, FieldContext, FieldRule, KindRules, ObjectIndex, Verdict } from '../../diff/rules/rule';
import { databaseKind, databasesInNamespace } from '../../diff/rules/tables';
import { parseVersion, splitImage } from '../../diff/values';

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
const recreate = (kind: string) => immutable(`delete and recreate the ${kind}`);

/** The PostgreSQL major of `imageName` (from its tag) or `imageCatalogRef` (its `major`). */
function imageMajor(images: { imageName?: string; imageCatalogRef?: { major?: number } }): string | undefined {
  if (images.imageCatalogRef) return images.imageCatalogRef.major === undefined ? undefined : String(images.imageCatalogRef.major);
  return parseVersion(splitImage(images.imageName ?? '').tag)?.release[0].toString();
}

/** A switch between `imageName` and `imageCatalogRef` (mutually exclusive), judged by the majors on both sides. */
const imageSourceSwitch: Classifier = (before, after, context) => {
  const source = (images: any) => (images?.imageCatalogRef ? 'imageCatalogRef' : images?.imageName ? 'imageName' : undefined);
  const [from, to] = [source(before), source(after)];
  if (!from || !to || from === to) return undefined;
  const [fromMajor, toMajor] = [imageMajor(before), imageMajor(after)];
  if (!fromMajor || !toMajor) return risky(`${from} → ${to}: the PostgreSQL majors cannot be compared, check the image by hand`);
  if (fromMajor === toMajor) return restart(`${from} → ${to} within PostgreSQL ${toMajor}: rolling restart on the new image`);
  const verdict = versionChange(CNPG_POSTGRES_VERSIONS)(fromMajor, toMajor, context)!;
  return { ...verdict, reason: `${verdict.reason} (${from} → ${to})` };
};

/** Synchronous replication, by the standbys that must confirm a commit (`preferred` durability may confirm on none). */
const synchronousReplication: Classifier = (before, after) => {
  if (!after) return risky('synchronous replication turned off: a failover may lose committed transactions');
  if (!before) return safe('synchronous replication turned on: commits wait for standbys');
  const guaranteed = (sync: any) => (sync.dataDurability === 'preferred' ? 0 : Number(sync.number ?? 0));
  if (guaranteed(after) < guaranteed(before)) {
    return risky(`synchronous replication weakened (${guaranteed(before)} → ${guaranteed(after)} standbys must confirm a commit): a failover may lose committed transactions`);
  }
  return safe('synchronous replication changed: applied by a configuration reload');
};

/** The volume fields of `storage`, `walStorage` and each tablespace's `storage`. */
function volumeFields(volume: string): FieldRule[] {
  return [
    { path: `${volume}.size`, classify: storageSize },
    { path: `${volume}.storageClass`, classify: storageClass },
    { path: `${volume}.pvcTemplate.resources.requests.storage`, classify: storageSize },
    { path: `${volume}.pvcTemplate.storageClassName`, classify: storageClass },
  ];
}

const replicaMode = switchedSection(
  risky('replica mode on: the cluster is demoted and stops accepting writes, it follows its source'),
  risky('replica mode off: the cluster is promoted and accepts writes; if its source is still a primary, the two diverge'),
);

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
    { path: 'spec', only: ['imageName', 'imageCatalogRef'], classify: imageSourceSwitch },
    { path: 'spec.imageName', classify: imageChange(CNPG_POSTGRES_VERSIONS) },
    { path: 'spec.imageCatalogRef.major', classify: versionChange(CNPG_POSTGRES_VERSIONS) },
    { path: 'spec.resources', classify: resourcesChanged },
    { path: 'spec.postgresql.parameters', classify: configurationChanged },
    { path: 'spec.postgresql.synchronous', classify: synchronousReplication },
    ...volumeFields('spec.storage'),
    {
      path: 'spec.walStorage',
      classify: presence(safe('WAL volume added'), destructive('walStorage cannot be removed once set: the webhook refuses it, and the WAL volume holds the WAL not yet archived')),
    },
    ...volumeFields('spec.walStorage'),
    {
      path: 'spec.tablespaces[]',
      classify: presence(safe('new tablespace'), destructive('a tablespace cannot be removed: the webhook refuses it, and its volume holds the tables in it')),
    },
    ...volumeFields('spec.tablespaces[].storage'),
    { path: 'spec.serviceAccountName', classify: immutable('keep the old name, or recreate the cluster from a backup') },
    { path: 'spec.bootstrap', classify: creationOnly('bootstrap') },
    { path: 'spec.replica', classify: replicaMode },
    { path: 'spec.replica.source', classify: always(risky('replica source changed: the cluster follows another external cluster')) },
    { path: 'spec.replica.primary', classify: always(risky('primary of the distributed topology changed: a demotion or a promotion')) },
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
    { path: 'spec.cluster.name', classify: recreate('Pooler') },
    // api/v1/pooler_types.go:PoolerSpec.ServiceAccountName: XValidation `self == oldSelf`.
    { path: 'spec.serviceAccountName', classify: recreate('Pooler') },
    { path: 'spec.type', classify: always(risky('pooler type changed: clients reach other instances (rw, ro, r)')) },
  ],
  otherFields: restart('pooler pods roll'),
  added: safe('new pooler'),
  removed: () => risky('pooler removed: clients that connect through it lose their endpoint'),
  servedDatabases: namedCluster,
  // CloudNativePG makes no PodDisruptionBudget for Pooler pods: the library's own covers `instances` (1 by default).
  podCount: (pooler) => Number(pooler.spec?.instances ?? 1),
};

/** CloudNativePG `ScheduledBackup`. @internal */
export const CNPG_SCHEDULED_BACKUP_RULES: KindRules = {
  apiGroup: GROUP,
  kind: 'ScheduledBackup',
  fields: [
    { path: 'spec.schedule', classify: scheduleTime },
    { path: 'spec.suspend', classify: toggle(scheduleDisabled, safe('backup schedule resumed')) },
    { path: 'spec.cluster.name', classify: recreate('ScheduledBackup') },
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
