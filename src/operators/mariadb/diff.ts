import { KubeObject } from '../../diff/manifests';
import {
  always, antiAffinity, backupLocation, configurationChanged, creationOnly, databaseReplicas, destructive, imageChange, immutable,
  kubernetesAntiAffinity, paused, presence, proxyReplicas, resourcesChanged, restart, retentionCount, risky, safe, scheduleAdded,
  scheduleDisabled, scheduleRemoved, storageClass, storageSize, switchedSection, toggle, VersionPolicy,
} from '../../diff/rules/classifiers';
import { Classifier, KindRules, ObjectIndex } from '../../diff/rules/rule';
import { databaseKind, databasesInNamespace, proxySwitched } from '../../diff/rules/tables';

const GROUP = 'k8s.mariadb.com';

/**
 * MariaDB versions: a minor line (11.4, 11.8) takes drop-in patch images; the operator rolls the pods onto any other
 * image without running mariadb-upgrade (pkg/builder/container_builder.go:mariadbEnv sets no MARIADB_AUTO_UPGRADE),
 * and MariaDB cannot go back to an older line's data files.
 */
const MARIADB_VERSIONS: VersionPolicy = {
  lineLength: 2,
  majorUpgrade: (from, to) => risky(`MariaDB ${from} → ${to}: the operator rolls the pods onto the new major but does not run `
    + 'mariadb-upgrade, which must follow by hand; cannot be rolled back'),
};

const setOnce = (field: string) => immutable(`${field} is set once (the operator writes its default at the first reconcile and its `
  + 'webhook refuses any change, pkg/webhook/inmutable_webhook.go); recreate the object to change it');

/**
 * The replica count of a MariaDB, by topology: the CRD's CEL rule refuses an even Galera size and the webhook a
 * multi-member topology of one (mariadb_webhook.go:validateHA); a single member paused by the library has 0.
 */
const mariadbReplicas: Classifier = (before, after, context) => {
  const spec = context.newObject?.spec ?? {};
  const [from, to] = [Number(before), Number(after)];
  if (spec.galera?.enabled && to % 2 === 0) return destructive(`an even Galera size (${to}): the CRD's CEL rule refuses it`);
  if ((spec.galera?.enabled || spec.replication?.enabled) && to <= 1) {
    return destructive(`Galera and replication need several members: the webhook refuses ${to} (mariadb_webhook.go:validateHA)`);
  }
  if (to === 0 || from === 0) return paused(from === 0, to === 0, context);
  if (spec.replication?.enabled && to > from && !spec.replication.replica?.bootstrapFrom) {
    return risky(`scale out from ${from} to ${to}: the operator builds new replicas from replication.replica.bootstrapFrom, which is not set, `
      + 'and stops with ScaleOutError (mariadb_controller_scale_out.go)');
  }
  return databaseReplicas(before, after, context);
};

const topologySwitch = (topology: string) => switchedSection(
  destructive(`${topology} turned on for an existing database: the operator has no migration path between topologies`),
  destructive(`${topology} turned off for an existing database: the operator has no migration path between topologies`),
);

/** PodDisruptionBudgets the operator creates from a field and never updates (R73). */
const createdOnce = (object: string) => always(risky('the operator creates the PodDisruptionBudget once and never updates it '
  + `(${object}): delete the PodDisruptionBudget to have it recreated with the new budget`));

/** Seconds of a Go duration (`720h`, `1h30m`, `90s`). */
function durationSeconds(value: unknown): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(String(value));
  return m && m[0] !== '' ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) : NaN;
}

/** A retention period as a Go duration (`maxRetention`), judged like a count of what it keeps. */
const retentionDuration: Classifier = (before, after, context) => {
  const seconds = (value: unknown) => (value === undefined ? undefined : durationSeconds(value));
  const verdict = retentionCount(seconds(before), seconds(after), context);
  return verdict && { ...verdict, reason: verdict.reason.replace(/from \S+ to \S+/, `from ${before} to ${after}`) };
};

/** The MariaDBs an object names in a reference field, in its namespace. */
function referencing(path: (object: KubeObject) => string | undefined) {
  return (object: KubeObject, objects: ObjectIndex): KubeObject[] => databasesInNamespace(object, objects.ofKind(GROUP, 'MariaDB'),
    (d) => d.metadata.name === path(object));
}
const mariaDbRef = referencing((o) => o.spec?.mariaDbRef?.name);

/** MariaDBs that archive to or bootstrap from a PointInTimeRecovery. */
function pointInTimeUsers(object: KubeObject, objects: ObjectIndex): KubeObject[] {
  return databasesInNamespace(object, objects.ofKind(GROUP, 'MariaDB'), (d) => [d.spec?.pointInTimeRecoveryRef?.name,
    d.spec?.bootstrapFrom?.pointInTimeRecoveryRef?.name].includes(object.metadata.name));
}

/** MariaDB operator `MariaDB` (`k8s.mariadb.com/v1alpha1`). @internal */
export const MARIADB_CLUSTER_RULES: KindRules = databaseKind({
  apiGroup: GROUP,
  kind: 'MariaDB',
  engine: () => 'mariadb',
  fields: [
    { path: 'spec.replicas', classify: mariadbReplicas },
    { path: 'spec.image', classify: imageChange(MARIADB_VERSIONS) },
    { path: 'spec.galera', classify: topologySwitch('Galera') },
    { path: 'spec.replication', classify: topologySwitch('replication') },
    { path: 'spec.galera.config', classify: setOnce('galera.config') },
    { path: 'spec.resources', classify: resourcesChanged },
    { path: 'spec.myCnf', classify: configurationChanged },
    { path: 'spec.storage.size', classify: storageSize },
    { path: 'spec.storage.storageClassName', classify: storageClass },
    { path: 'spec.affinity', classify: antiAffinity(kubernetesAntiAffinity) },
    { path: 'spec.podDisruptionBudget', classify: createdOnce('mariadb_controller.go:reconcilePodDisruptionBudget') },
    { path: 'spec.rootPasswordSecretKeyRef', classify: setOnce('rootPasswordSecretKeyRef (rotate the password inside the Secret instead)') },
    { path: 'spec.serviceAccountName', classify: setOnce('serviceAccountName') },
    { path: 'spec.metrics.username', classify: setOnce('metrics.username') },
    { path: 'spec.metrics', classify: switchedSection(safe('metrics turned on'), risky('metrics turned off: the exporter and its ServiceMonitor go away')) },
    { path: 'spec.tls.enabled', classify: toggle(safe('TLS turned on'), risky('TLS turned off: connections are in plaintext'), true) },
    { path: 'spec.tls.required', classify: toggle(safe('TLS required of every client'), risky('TLS no longer required: clients may connect in plaintext')) },
    { path: 'spec.maxScaleRef', classify: proxySwitched },
    {
      path: 'spec.pointInTimeRecoveryRef',
      classify: presence(safe('point-in-time recovery turned on'), risky('point-in-time recovery turned off: restores only reach the last full backup')),
    },
    {
      path: 'spec.bootstrapFrom',
      // Read only at creation; removing it is harmless, but its source and time are set-once or immutable
      // (mariadb_types.go:BootstrapFrom) and the webhook refuses a change.
      classify: (before, after, context) => (after === undefined
        ? creationOnly('bootstrapFrom')(before, after, context)
        : setOnce('bootstrapFrom (read only when the database is created)')(before, after, context)),
    },
    {
      path: 'spec.cleanupPolicy',
      classify: (_before, after) => (after === 'Delete'
        ? risky('cleanupPolicy Delete: deleting the object now drops the initial database, user and grant in MariaDB')
        : safe('cleanupPolicy Skip: deleting the object keeps what it created in MariaDB')),
    },
  ],
});

/** MariaDB operator `MaxScale`. @internal */
export const MAXSCALE_RULES: KindRules = {
  apiGroup: GROUP,
  kind: 'MaxScale',
  fields: [
    { path: 'spec.replicas', classify: proxyReplicas },
    { path: 'spec.mariaDbRef', classify: immutable('delete and recreate the MaxScale') },
    { path: 'spec.services[].router', classify: immutable('a MaxScale service keeps its router; add a service instead') },
    { path: 'spec.services[].listener.port', classify: immutable('a MaxScale listener keeps its port; add a service instead') },
    { path: 'spec.auth', classify: setOnce('auth') },
    { path: 'spec.affinity', classify: antiAffinity(kubernetesAntiAffinity) },
    { path: 'spec.podDisruptionBudget', classify: createdOnce('maxscale_controller.go:reconcilePDBWithAvailability') },
  ],
  otherFields: restart('MaxScale pods roll'),
  added: safe('MaxScale added'),
  removed: () => risky('MaxScale removed: clients that connect through it lose their endpoint'),
  servedDatabases: mariaDbRef,
};

/** MariaDB operator `PhysicalBackup`: one per schedule. @internal */
export const PHYSICAL_BACKUP_RULES: KindRules = {
  apiGroup: GROUP,
  kind: 'PhysicalBackup',
  fields: [
    {
      path: 'spec.schedule.cron',
      classify: immutable('a PhysicalBackup keeps its cron expression (physicalbackup_types.go:PhysicalBackupSchedule): delete and '
        + 'recreate it, its backups stay in the storage'),
    },
    { path: 'spec.schedule.suspend', classify: toggle(scheduleDisabled, safe('backup schedule resumed')) },
    { path: 'spec.storage', classify: immutable('the backups of a PhysicalBackup stay where they are: delete and recreate it to write elsewhere') },
    { path: 'spec.mariaDbRef', classify: immutable('delete and recreate the PhysicalBackup') },
    { path: 'spec.maxRetention', classify: retentionDuration },
  ],
  otherFields: safe('backup settings changed'),
  added: scheduleAdded,
  removed: () => scheduleRemoved,
  servedDatabases: mariaDbRef,
};

/** MariaDB operator `Backup`: an on-demand logical backup. @internal */
export const LOGICAL_BACKUP_RULES: KindRules = {
  apiGroup: GROUP,
  kind: 'Backup',
  fields: [
    { path: 'spec.storage', classify: immutable('a Backup keeps its storage (backup_types.go): take a new backup instead') },
    { path: 'spec.mariaDbRef', classify: immutable('take a new backup instead') },
    { path: 'spec.maxRetention', classify: setOnce('maxRetention') },
  ],
  otherFields: safe('backup settings changed'),
  added: safe('new on-demand backup: taken when applied'),
  removed: () => risky('backup object removed: its file stays in the storage, but restores find a backup through its object'),
  servedDatabases: mariaDbRef,
};

/** MariaDB operator `Restore`: an in-place restore. @internal */
export const RESTORE_KIND_RULES: KindRules = {
  apiGroup: GROUP,
  kind: 'Restore',
  fields: [
    { path: 'spec.backupRef', classify: setOnce('backupRef') },
    { path: 'spec.mariaDbRef', classify: immutable('create a new Restore') },
  ],
  otherFields: safe('restore settings changed'),
  added: risky('in-place restore: applying it replaces the database\'s data with the backup\'s'),
  removed: () => safe('restore object removed'),
  servedDatabases: mariaDbRef,
};

/** MariaDB operator `PointInTimeRecovery`: a binlog archive. @internal */
export const POINT_IN_TIME_RECOVERY_RULES: KindRules = {
  apiGroup: GROUP,
  kind: 'PointInTimeRecovery',
  fields: [
    { path: 'spec.compression', classify: immutable('the archive keeps its compression: delete and recreate the PointInTimeRecovery') },
    { path: 'spec.storage', classify: backupLocation },
    { path: 'spec.physicalBackupRef', classify: always(risky('binlogs are now replayed on another PhysicalBackup\'s backups')) },
  ],
  otherFields: safe('point-in-time recovery settings changed'),
  added: safe('binlog archive added'),
  removed: () => risky('binlog archive removed: point-in-time restores lose their binlogs'),
  servedDatabases: pointInTimeUsers,
};

/** The guard's tables of every kind the MariaDB target renders. @internal */
export const MARIADB_DIFF_RULES: ReadonlyArray<KindRules> = [
  MARIADB_CLUSTER_RULES, MAXSCALE_RULES, PHYSICAL_BACKUP_RULES, LOGICAL_BACKUP_RULES, RESTORE_KIND_RULES, POINT_IN_TIME_RECOVERY_RULES,
];
