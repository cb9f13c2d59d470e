import { KubeObject } from '../../diff/manifests';
import {
  antiAffinity, AntiAffinityStrength, backupLocation, backupStorageAdded, configServerReplicas, configurationChanged, creationOnly,
  databaseReplicas, destructive, immutable, kubernetesAntiAffinity, operatorVersion, paused, pointInTimeRecovery, proxyReplicas,
  resourcesChanged, restart, risky, safe, scheduleTarget, shardingToggle, storageClass, storageSize, versionChange,
} from '../../diff/rules/classifiers';
import { Classifier, FieldContext, KindRules, ObjectIndex, Verdict } from '../../diff/rules/rule';
import { databaseKind, databasesInNamespace, proxySwitched, scheduleFields } from '../../diff/rules/tables';
import { sameValue } from '../../diff/values';
import { POSTGRES_VERSIONS } from '../percona-pg/diff';
import { MONGODB_VERSIONS } from '../psmdb/diff';
import { MYSQL_VERSIONS } from '../pxc/diff';

const GROUP = 'everest.percona.com';

/** Everest engine types and the engine each one runs. */
const ENGINES: { [type: string]: string } = { pxc: 'mysql', psmdb: 'mongodb', postgresql: 'postgresql' };
const VERSION_POLICIES = { mysql: MYSQL_VERSIONS, mongodb: MONGODB_VERSIONS, postgresql: POSTGRES_VERSIONS };

function engineOf(cluster: any): string {
  return ENGINES[cluster.spec?.engine?.type] ?? String(cluster.spec?.engine?.type);
}

/** The version rules of the cluster's own engine (PXC and PG: no majors; PSMDB: one major at a time). */
const engineVersion: Classifier = (before, after, context) => {
  const policy = VERSION_POLICIES[engineOf(context.newObject) as keyof typeof VERSION_POLICIES];
  return policy ? versionChange(policy)(before, after, context) : risky('unknown engine type: check the upgrade path by hand');
};

/** The whole engine section: a new engine type is a new database, so its other fields are not compared. */
const engineType: Classifier = (before, after) => (before?.type === after?.type
  ? undefined
  : destructive(`the engine type is immutable (${before?.type} → ${after?.type}): the API server refuses it, and another engine is a new database`));

/** CEL: once set, `loadBalancerConfigName` cannot be cleared unless the expose type is `internal`. */
const loadBalancerConfigName: Classifier = (before, after, context) => {
  if (!before) return safe('LoadBalancerConfig named: its annotations go on the LoadBalancer Service');
  if (after) return safe(`Service annotations now come from LoadBalancerConfig ${after}`);
  return context.newObject?.spec?.proxy?.expose?.type === 'internal'
    ? safe('LoadBalancerConfig no longer named (internal expose)')
    : risky('loadBalancerConfigName cannot be cleared once set: the API server refuses the change (CEL); name an empty LoadBalancerConfig instead');
};

/** The storages a PSMDB cluster's schedules and PITR write to: Everest reconciles only one. */
function backupStorages(cluster: any): Set<string> {
  const backup = cluster?.spec?.backup ?? {};
  return new Set([...(backup.schedules ?? []).map((s: any) => s.backupStorageName), backup.pitr?.backupStorageName].filter(Boolean));
}

/** A schedule's storage: Everest's API server refuses to move one (PSMDB: its active storage; PostgreSQL: any schedule's). */
const scheduleStorage: Classifier = (before, after, context) => {
  if (before === undefined || after === undefined) return undefined;
  const engine = engineOf(context.newObject);
  if (engine === 'mongodb' && backupStorages(context.newObject).size > 1) {
    return destructive('the schedules of a PSMDB cluster now use several storages: Everest backs up to one and fails to reconcile the cluster');
  }
  if (engine === 'mongodb') {
    return risky(`the active backup storage of a PSMDB cluster changed (${before} → ${after}): Everest's API refuses it; earlier backups and the PITR chain stay on the old one`);
  }
  if (engine === 'postgresql') {
    return risky(`a schedule's storage changed (${before} → ${after}): Everest's API refuses it; earlier backups stay in the old pgBackRest repository`);
  }
  return scheduleTarget(before, after, context);
};

/** A data source is read only at creation; its `dataImport` is also immutable (CEL) once set. */
const dataSource: Classifier = (before, after, context) => (before?.dataImport && after?.dataImport && !sameValue(before.dataImport, after.dataImport)
  ? immutable('dataImport runs once, when the cluster is created')(before, after, context)
  : creationOnly('dataSource')(before, after, context));

const shards: Classifier = (before, after) => (Number(after) > Number(before)
  ? safe(`new shard (${before} → ${after})`)
  : destructive(`shards removed (${before} → ${after}): the data on them is gone`));

/** Anti-affinity of the database pods under a PodSchedulingPolicy's `affinityConfig`: the weakest engine section. */
function policyAntiAffinity(affinityConfig: any): AntiAffinityStrength {
  const engines = Object.values<any>(affinityConfig ?? {}).map(section => kubernetesAntiAffinity(section?.engine));
  return engines.length > 0 ? Math.min(...engines) : AntiAffinityStrength.NONE;
}

/** A cluster's policy name, judged by the policy it names in the same output. */
function namedPolicyAntiAffinity(name: unknown, context: FieldContext, side: 'old' | 'new'): AntiAffinityStrength {
  if (typeof name !== 'string') return AntiAffinityStrength.NONE;
  // Cluster-scoped, but a chart's namespace may still be set on it: match by name only.
  const policy = (side === 'old' ? context.oldObjects : context.newObjects).ofKind(GROUP, 'PodSchedulingPolicy').find(p => p.metadata.name === name);
  // A policy defined outside these manifests cannot be judged: count it as Everest's default policy (preferred).
  return policy ? policyAntiAffinity(policy.spec?.affinityConfig) : AntiAffinityStrength.PREFERRED;
}

/** Everest `DatabaseCluster` (`everest.percona.com/v1alpha1`). @internal */
export const EVEREST_CLUSTER_RULES: KindRules = databaseKind({
  apiGroup: GROUP,
  kind: 'DatabaseCluster',
  engine: engineOf,
  fields: [
    { path: 'spec.engine', classify: engineType },
    { path: 'spec.engine.version', classify: engineVersion },
    { path: 'spec.engine.crVersion', classify: operatorVersion },
    { path: 'spec.engine.replicas', classify: databaseReplicas },
    { path: 'spec.engine.resources', classify: resourcesChanged },
    { path: 'spec.engine.config', classify: configurationChanged },
    { path: 'spec.engine.storage.size', classify: storageSize },
    { path: 'spec.engine.storage.class', classify: storageClass },
    { path: 'spec.proxy.type', classify: proxySwitched },
    { path: 'spec.proxy.replicas', classify: proxyReplicas },
    { path: 'spec.proxy.expose.loadBalancerConfigName', classify: loadBalancerConfigName },
    { path: 'spec.sharding', classify: shardingToggle },
    { path: 'spec.sharding.shards', classify: shards },
    { path: 'spec.sharding.configServer.replicas', classify: configServerReplicas },
    { path: 'spec.engineFeatures.psmdb.splitHorizonDnsConfigName', classify: immutable('Everest\'s webhook keeps split horizon as it was created') },
    { path: 'spec.dataSource', classify: dataSource },
    { path: 'spec.backup.schedules[].backupStorageName', classify: scheduleStorage },
    { path: 'spec.paused', classify: paused },
    { path: 'spec.podSchedulingPolicyName', classify: antiAffinity(namedPolicyAntiAffinity) },
    ...scheduleFields('spec.backup.schedules', 'backupStorageName', ['retentionCopies']),
    { path: 'spec.backup.pitr', classify: pointInTimeRecovery },
    { path: 'spec.backup.pitr.backupStorageName', classify: scheduleTarget },
  ],
});

function storageUsers(storage: KubeObject, objects: ObjectIndex): KubeObject[] {
  const name = storage.metadata.name;
  return databasesInNamespace(storage, objects.ofKind(GROUP, 'DatabaseCluster'), c => {
    const backup = c.spec?.backup ?? {};
    return (backup.schedules ?? []).some((s: any) => s.backupStorageName === name) || backup.pitr?.backupStorageName === name;
  });
}

function backupStorageRemoved(storage: KubeObject, context: FieldContext): Verdict {
  return storageUsers(storage, context.newObjects).length > 0
    ? destructive(`BackupStorage ${storage.metadata.name} removed while schedules use it: they fail and its backups cannot be restored`)
    : risky(`BackupStorage ${storage.metadata.name} removed: its backups can no longer be restored from here`);
}

/** Everest `BackupStorage`. @internal */
export const EVEREST_BACKUP_STORAGE_RULES: KindRules = {
  apiGroup: GROUP,
  kind: 'BackupStorage',
  fields: ['type', 'bucket', 'region', 'endpointURL'].map(field => ({ path: `spec.${field}`, classify: backupLocation })),
  otherFields: safe('backup storage settings changed'),
  added: backupStorageAdded,
  removed: backupStorageRemoved,
  servedDatabases: storageUsers,
};

function policyUsers(policy: KubeObject, objects: ObjectIndex): KubeObject[] {
  return objects.ofKind(GROUP, 'DatabaseCluster').filter(c => c.spec?.podSchedulingPolicyName === policy.metadata.name);
}

/** Everest `PodSchedulingPolicy` (cluster-scoped). @internal */
export const EVEREST_SCHEDULING_POLICY_RULES: KindRules = {
  apiGroup: GROUP,
  kind: 'PodSchedulingPolicy',
  fields: [{ path: 'spec.affinityConfig', classify: antiAffinity(policyAntiAffinity) }],
  otherFields: restart('the pods of the databases that use the policy are rescheduled'),
  added: safe('new PodSchedulingPolicy'),
  removed: (policy, context) => (policyUsers(policy, context.newObjects).length > 0
    ? risky('PodSchedulingPolicy removed while databases use it: Everest cannot reconcile them')
    : safe('PodSchedulingPolicy removed')),
  servedDatabases: policyUsers,
};

function loadBalancerConfigUsers(config: KubeObject, objects: ObjectIndex): KubeObject[] {
  return objects.ofKind(GROUP, 'DatabaseCluster').filter(c => c.spec?.proxy?.expose?.loadBalancerConfigName === config.metadata.name);
}

/** Everest `LoadBalancerConfig` (cluster-scoped): annotations for the LoadBalancer Services of the clusters that name it. @internal */
export const EVEREST_LOAD_BALANCER_CONFIG_RULES: KindRules = {
  apiGroup: GROUP,
  kind: 'LoadBalancerConfig',
  fields: [],
  otherFields: safe('Service annotations changed: applied to the LoadBalancer Services in place'),
  added: safe('new LoadBalancerConfig'),
  removed: (config, context) => (loadBalancerConfigUsers(config, context.newObjects).length > 0
    ? risky('LoadBalancerConfig removed while databases name it: Everest\'s webhook refuses the deletion, and the clusters fail validation')
    : safe('LoadBalancerConfig removed')),
  servedDatabases: loadBalancerConfigUsers,
};
