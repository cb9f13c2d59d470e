import { HIBERNATION_ANNOTATION } from './names';
import { KubeObject } from '../../diff/manifests';
import {
  always, antiAffinity, AntiAffinityStrength, backupLocation, backupStorageAdded, configurationChanged, creationOnly, databaseReplicas,
  destructive, imageChange, immutable, kubernetesAntiAffinity, presence, proxyReplicas, resourcesChanged, restart, retentionPeriod, risky,
  safe, scheduleAdded, scheduleDisabled, scheduleRemoved, scheduleTime, storageClass, storageSize, switchedSection, toggle, versionChange,
  VersionPolicy,
} from '../../diff/rules/classifiers';
import { Classifier, FieldContext, FieldRule, KindRules, ObjectIndex, Verdict } from '../../diff/rules/rule';
import { databaseKind, databasesInNamespace } from '../../diff/rules/tables';
import { parseVersion, sameValue, splitImage } from '../../diff/values';

const GROUP = 'postgresql.cnpg.io';
const BARMAN_CLOUD_GROUP = 'barmancloud.cnpg.io';

/**
 * Major versions through `imageName` or `imageCatalogRef.major`, as cluster_webhook.go:validateImageChange admits them:
 * a downgrade is refused (the generic downgrade verdict), an upgrade to 14 or 15 is refused (no in-place path: a new
 * cluster and a logical copy), any upgrade to 16 or later, jumps included, is an offline pg_upgrade
 * (pkg/reconciler/majorupgrade/reconciler.go).
 */
const CNPG_POSTGRES_VERSIONS: VersionPolicy = {
  lineLength: 1,
  majorUpgrade: (from, to) => (to < 16
    ? destructive(`PostgreSQL ${from} → ${to}: CloudNativePG's webhook refuses major upgrades to versions below 16 (validateImageChange): `
      + 'create a new cluster and copy the data logically')
    : risky(`PostgreSQL ${from} → ${to}: offline in-place pg_upgrade (every instance stops, replicas are cloned again), cannot be `
      + 'rolled back once the upgrade Job completed; WAL archiving moves to the new major\'s server name: take a backup right after')),
};

/**
 * cluster_webhook.go:validateConfigurationChange: with `primaryUpdateMethod: switchover` (the library's), an
 * `imageName` change together with any `postgresql.parameters` change is refused.
 */
function parametersChangedWithImage(context: FieldContext): Verdict | undefined {
  const parameters = (object: KubeObject | undefined) => object?.spec?.postgresql?.parameters ?? {};
  const { oldObject, newObject } = context;
  if (newObject?.spec?.primaryUpdateMethod !== 'switchover' || sameValue(parameters(oldObject), parameters(newObject))) return undefined;
  return risky('CloudNativePG\'s webhook refuses an image change together with a parameter change when primaryUpdateMethod is '
    + 'switchover (validateConfigurationChange): apply the version change and the configuration change one after the other');
}

/** validateImageChange refuses a lower major than the data directory's: only a restore into a new cluster goes back. */
function majorDowngrade(from: string | undefined, to: string | undefined): Verdict | undefined {
  return from !== undefined && to !== undefined && Number(to) < Number(from)
    ? destructive(`PostgreSQL ${from} → ${to}: CloudNativePG's webhook refuses a major downgrade (validateImageChange); `
      + 'the old major comes back only by restoring one of its backups into a new cluster')
    : undefined;
}

/** `spec.imageName`: the webhook's rules (parameters with the image, major downgrade) first, then the tags' versions. */
const imageNameChange: Classifier = (before, after, context) => parametersChangedWithImage(context)
  ?? majorDowngrade(imageMajor({ imageName: before }), imageMajor({ imageName: after }))
  ?? imageChange(CNPG_POSTGRES_VERSIONS)(before, after, context);

/** `spec.imageCatalogRef.major`. */
const catalogMajorChange: Classifier = (before, after, context) => majorDowngrade(String(before), String(after))
  ?? versionChange(CNPG_POSTGRES_VERSIONS)(before, after, context);

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
  // `imageName` changes (to or from empty): the webhook's rule on parameters applies.
  const refused = parametersChangedWithImage(context);
  if (refused) return refused;
  const [fromMajor, toMajor] = [imageMajor(before), imageMajor(after)];
  if (!fromMajor || !toMajor) return risky(`${from} → ${to}: the PostgreSQL majors cannot be compared, check the image by hand`);
  if (fromMajor === toMajor) return restart(`${from} → ${to} within PostgreSQL ${toMajor}: rolling restart on the new image`);
  const verdict = catalogMajorChange(fromMajor, toMajor, context)!;
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

/**
 * A LoadBalancer Service template (the Pooler's `serviceTemplate`, internal/controller/pooler_update.go:reconcileService;
 * an item of the Cluster's `managed.services.additional`, internal/controller/cluster_create.go:reconcileManagedServices;
 * both update the Service in place), judged by who can reach the database; other Service changes go to later rules.
 */
const loadBalancerExposure: Classifier = (before, after) => {
  const template = (value: any) => value?.serviceTemplate ?? value;
  const balanced = (value: any) => template(value)?.spec?.type === 'LoadBalancer';
  const ranges = (value: any): string[] => template(value)?.spec?.loadBalancerSourceRanges ?? [];
  const admitted = (value: any) => (ranges(value).length > 0 ? ranges(value).join(', ') : 'every address');
  if (!balanced(before) && !balanced(after)) return undefined;
  if (!balanced(before)) return risky(`exposed through a LoadBalancer to ${admitted(after)}`);
  if (!balanced(after)) return risky('no longer behind a LoadBalancer: clients outside the Kubernetes cluster lose their endpoint');
  const opened = ranges(after).length === 0 ? ranges(before).length > 0 : ranges(after).some((r) => !ranges(before).includes(r));
  if (opened) return risky(`the LoadBalancer is opened wider: it now admits ${admitted(after)} (was ${admitted(before)})`);
  if (!sameValue(template(before)?.metadata?.annotations, template(after)?.metadata?.annotations)) {
    return risky('LoadBalancer annotations changed: the cloud may replace the load balancer or change who can reach it');
  }
  return safe(`the LoadBalancer admits fewer addresses: ${admitted(after)}`);
};

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
    { path: 'spec.imageName', classify: imageNameChange },
    { path: 'spec.imageCatalogRef.major', classify: catalogMajorChange },
    { path: 'spec.resources', classify: resourcesChanged },
    {
      path: 'spec.postgresql.parameters.wal_level',
      classify: (_before, after) => (after === 'minimal'
        ? risky('CloudNativePG\'s webhook refuses wal_level minimal on an existing cluster (validateWALLevelChange)') : undefined),
    },
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
    // cluster_webhook.go:validateUnixPermissionIdentifierChange.
    { path: 'spec.postgresUID', classify: immutable('the data files belong to the old UID') },
    { path: 'spec.postgresGID', classify: immutable('the data files belong to the old GID') },
    // cluster_webhook.go:validateReplicationSlotsChange.
    { path: 'spec.replicationSlots.highAvailability.slotPrefix', classify: immutable('replication slots keep their prefix while highAvailability is enabled') },
    {
      path: 'metadata.annotations.*',
      // pkg/reconciler/hibernation: `on` deletes every instance pod (the volumes stay), `off` recreates them.
      classify: (before, after, context) => (context.keys[0] !== HIBERNATION_ANNOTATION || (before === 'on') === (after === 'on') ? undefined
        : after === 'on' ? risky('hibernation: CloudNativePG deletes every instance pod (the volumes stay); clients lose the database')
          : safe('hibernation ends: the instances start again')),
    },
    { path: 'spec.bootstrap', classify: creationOnly('bootstrap') },
    { path: 'spec.replica', classify: replicaMode },
    { path: 'spec.managed.services.additional[]', classify: loadBalancerExposure },
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
    {
      path: 'spec.plugins[].parameters.serverName',
      classify: always(risky('WAL archiving and backups continue under another Barman server name: earlier backups stay under the old '
        + 'one, for a clone of their own major')),
    },
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
    { path: 'spec.serviceTemplate', classify: loadBalancerExposure },
    // api/v1/pooler_types.go:PoolerSpec.ServiceAccountName: XValidation `self == oldSelf`.
    { path: 'spec.serviceAccountName', classify: recreate('Pooler') },
    { path: 'spec.type', classify: always(risky('pooler type changed: clients reach other instances (rw, ro, r)')) },
    {
      path: 'spec.pgbouncer.poolMode',
      classify: always(risky('pool mode changed: in transaction mode, session state (prepared statements, SET, advisory locks) no longer '
        + 'follows a client')),
    },
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

/** CloudNativePG `Backup`: one backup, taken once when the object is applied. @internal */
export const CNPG_BACKUP_RULES: KindRules = {
  apiGroup: GROUP,
  kind: 'Backup',
  fields: [],
  // CRD CEL `oldSelf == self` on spec: "BackupSpec is immutable once set".
  otherFields: risky('immutable: the API server refuses the change (BackupSpec is immutable once set); give the backup a new name'),
  added: safe('on-demand backup: taken once, when applied'),
  removed: () => safe('Backup object removed: the backup itself stays in the object store until retention removes it'),
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
