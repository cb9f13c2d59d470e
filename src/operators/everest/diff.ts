import { defaultUsersSecret } from './names';
import { KubeObject } from '../../diff/manifests';
import {
  always, antiAffinity, AntiAffinityStrength, backupLocation, backupStorageAdded, configServerReplicas, configurationChanged, creationOnly,
  databaseReplicas, destructive, immutable, kubernetesAntiAffinity, operatorVersion, paused, pointInTimeRecovery, proxyReplicas,
  resourcesChanged, restart, risky, safe, scheduleTarget, shardingToggle, storageClass, storageSize, versionChange,
} from '../../diff/rules/classifiers';
import { Classifier, FieldContext, KindRules, ObjectIndex, Verdict } from '../../diff/rules/rule';
import { databaseKind, databasesInNamespace, proxySwitched, scheduleFields } from '../../diff/rules/tables';
import { sameValue } from '../../diff/values';
import { quantityBytes, cpuCores } from '../../quantity';
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

/**
 * A clone's data source. PXC and PSMDB restore it into a ready cluster whenever it is set and no finished
 * DatabaseClusterRestore named after the cluster exists (pxc|psmdb/applier.go:DataSource,
 * common/helper.go:ReconcileDBRestoreFromDataSource), which a clone has; PostgreSQL ignores it once ready
 * (pg/applier.go:DataSource). Its `dataImport` is immutable (CEL).
 */
const dataSource: Classifier = (before, after, context) => {
  if (before?.dataImport && after?.dataImport && !sameValue(before.dataImport, after.dataImport)) {
    return immutable('dataImport runs once, when the cluster is created')(before, after, context);
  }
  const restoresAgain = engineOf(context.newObject) !== 'postgresql';
  if (before === undefined && after !== undefined && restoresAgain) {
    return destructive('a data source on an existing cluster: Everest restores it over the live data (no clone restore of this cluster '
      + 'has finished), and what was written since the backup is lost');
  }
  const verdict = creationOnly('dataSource')(before, after, context)!;
  return after !== undefined && restoresAgain
    ? { ...verdict, reason: `${verdict.reason}, unless the clone's DatabaseClusterRestore (named after the cluster) is gone: then Everest restores it over the live data` }
    : verdict;
};

/** The users Secret the upstream cluster reads: `userSecretsName`, or Everest's default when unset (databasecluster_controller.go:Reconcile). */
const usersSecret: Classifier = (before, after, context) => {
  const from = before ?? defaultUsersSecret(context.oldObject!.metadata.name);
  const to = after ?? defaultUsersSecret(context.newObject!.metadata.name);
  return from === to
    ? safe(`the same users Secret ${to}, named ${after === undefined ? 'by Everest' : 'explicitly'}`)
    : destructive(`the users Secret changes (${from} → ${to}): Everest points the Percona operator at it, and its passwords are not the `
      + 'running database\'s (the webhook checks the Secret on create only): the operator loses access');
};

/**
 * Engine parameters. Into an empty MySQL config Everest writes its own size-tuned `[mysqld]` section
 * (pxc/provider.go:ensureDefaults), which parameters replace.
 */
const engineConfig: Classifier = (before, after, context) => {
  if (engineOf(context.newObject) !== 'mysql' || (before !== undefined && after !== undefined)) return configurationChanged(before, after, context);
  return restart(before === undefined
    ? 'these parameters replace Everest\'s size-tuned [mysqld] section: rolling restart'
    : 'the parameters go, and Everest writes its size-tuned [mysqld] section instead: rolling restart');
};

/** Everest expose types reachable from outside the Kubernetes cluster. */
const OUTSIDE = ['LoadBalancer', 'NodePort', 'external'];

const exposeType: Classifier = (before, after) => {
  const [from, to] = [before ?? 'ClusterIP', after ?? 'ClusterIP'];
  if (OUTSIDE.includes(to) && !OUTSIDE.includes(from)) return risky(`the database is exposed outside the Kubernetes cluster (${from} → ${to})`);
  if (OUTSIDE.includes(from) && !OUTSIDE.includes(to)) return risky(`the ${from} Service goes (→ ${to}): clients outside the Kubernetes cluster lose the database`);
  return restart(`the Service type changes (${from} → ${to})`);
};

/**
 * The network bits of an IPv4 or IPv6 CIDR, IPv4 as IPv4-mapped IPv6 (`::ffff:a.b.c.d`) so that both families
 * compare on one scale; undefined when it is not one.
 */
function networkBits(cidr: string): string | undefined {
  const [address, prefix] = cidr.split('/');
  const binary = (part: string, radix: number, width: number) => parseInt(part || '0', radix).toString(2).padStart(width, '0');
  if (address.includes(':')) {
    const [head, tail] = address.split('::');
    const groups = (part: string | undefined) => (part ? part.split(':') : []);
    const all = tail === undefined ? groups(head) : [...groups(head), ...Array(8 - groups(head).length - groups(tail).length).fill('0'), ...groups(tail)];
    return all.length === 8 ? all.map((group) => binary(group, 16, 16)).join('').slice(0, Number(prefix)) : undefined;
  }
  const octets = address.split('.');
  return octets.length === 4 ? `${'0'.repeat(80)}${'1'.repeat(16)}${octets.map((octet) => binary(octet, 10, 8)).join('')}`.slice(0, 96 + Number(prefix)) : undefined;
}

/** Whether `outer` holds every address of `inner`. */
function cidrCovers(outer: string, inner: string): boolean {
  const [o, i] = [networkBits(outer), networkBits(inner)];
  return o !== undefined && i !== undefined && i.startsWith(o);
}

/** The sources a LoadBalancer accepts: no list is everyone (Everest sets no loadBalancerSourceRanges). */
const sourceRanges: Classifier = (before, after, context) => {
  if (context.newObject?.spec?.proxy?.expose?.type !== 'LoadBalancer') return safe('source ranges apply to a LoadBalancer only');
  const [from, to]: string[][] = [before ?? [], after ?? []];
  const wider = to.length === 0 ? ['0.0.0.0/0', '::/0'] : to.filter(range => !from.some(old => cidrCovers(old, range)));
  if (from.length > 0 && wider.length > 0) return risky(`the LoadBalancer now also accepts connections from ${wider.join(', ')}`);
  return safe('the LoadBalancer accepts connections from fewer sources');
};

/**
 * The requests Everest gives HAProxy pods by the engine's memory (pxc/haproxy_configs.go, Engine.Size(): small under
 * 8G, medium under 32G, large above).
 */
const HAPROXY_REQUESTS = [
  { fromBytes: 32e9, cpu: '818m', memory: '2.84Gi' },
  { fromBytes: 8e9, cpu: '532m', memory: '778Mi' },
  { fromBytes: 0, cpu: '190m', memory: '195Mi' },
];

/**
 * HAProxy resources. On a running cluster Everest sets a changed proxy CPU or memory as the limit only, and keeps its
 * size-based request for it (pxc/applier.go:applyHAProxyCfg sets requests from the spec for new clusters or where
 * they already match): a limit below that request is a pod spec Kubernetes refuses, and the HAProxy pods are not updated.
 */
const proxyResources: Classifier = (before, after, context) => {
  const cluster = context.newObject?.spec;
  if (cluster?.engine?.type !== 'pxc' || cluster?.proxy?.type !== 'haproxy') return resourcesChanged(before, after, context);
  const requests = HAPROXY_REQUESTS.find(size => quantityBytes(cluster.engine.resources?.memory ?? 0) >= size.fromBytes)!;
  const below = [
    before?.cpu !== after?.cpu && after?.cpu !== undefined && cpuCores(String(after.cpu)) < cpuCores(requests.cpu) ? `CPU ${after.cpu} < ${requests.cpu}` : undefined,
    before?.memory !== after?.memory && after?.memory !== undefined && quantityBytes(after.memory) < quantityBytes(requests.memory)
      ? `memory ${after.memory} < ${requests.memory}` : undefined,
  ].filter(Boolean);
  return below.length > 0
    ? destructive(`Everest keeps its size-based HAProxy request when proxy resources change on a running cluster, and the new limit is below it (${below.join(', ')}): `
      + 'Kubernetes refuses such pods, so the HAProxy pods are never updated')
    : resourcesChanged(before, after, context);
};

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
    { path: 'spec.engine.config', classify: engineConfig },
    { path: 'spec.engine.userSecretsName', classify: usersSecret },
    { path: 'spec.engine.storage.size', classify: storageSize },
    { path: 'spec.engine.storage.class', classify: storageClass },
    { path: 'spec.proxy.type', classify: proxySwitched },
    { path: 'spec.proxy.replicas', classify: proxyReplicas },
    { path: 'spec.proxy.resources', classify: proxyResources },
    { path: 'spec.proxy.expose.type', classify: exposeType },
    { path: 'spec.proxy.expose.ipSourceRanges', classify: sourceRanges },
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

/** Service annotations that decide who reaches a cloud load balancer (internal or internet-facing, allowed sources). */
const REACH_ANNOTATION = /internal|scheme|load-?balancer-type|source-ranges/i;

const loadBalancerAnnotation: Classifier = (before, after, context) => {
  const key = context.keys[context.keys.length - 1];
  return REACH_ANNOTATION.test(key)
    ? risky(`Service annotation ${key} changed (${before ?? '(none)'} → ${after ?? '(none)'}): it decides who can reach the load balancer`)
    : safe(`Service annotations changed (${key}): applied to the LoadBalancer Services in place`);
};

/** Everest `LoadBalancerConfig` (cluster-scoped): annotations for the LoadBalancer Services of the clusters that name it. @internal */
export const EVEREST_LOAD_BALANCER_CONFIG_RULES: KindRules = {
  apiGroup: GROUP,
  kind: 'LoadBalancerConfig',
  fields: [{ path: 'spec.annotations.*', classify: loadBalancerAnnotation }],
  otherFields: safe('Service annotations changed: applied to the LoadBalancer Services in place'),
  added: safe('new LoadBalancerConfig'),
  removed: (config, context) => (loadBalancerConfigUsers(config, context.newObjects).length > 0
    ? risky('LoadBalancerConfig removed while databases name it: Everest\'s webhook refuses the deletion, and the clusters fail validation')
    : safe('LoadBalancerConfig removed')),
  servedDatabases: loadBalancerConfigUsers,
};

/** The database a backup or restore object names. */
function namedDatabase(object: KubeObject, objects: ObjectIndex): KubeObject[] {
  return databasesInNamespace(object, objects.ofKind(GROUP, 'DatabaseCluster'), c => c.metadata.name === (object as any).spec?.dbClusterName);
}

/** Everest's webhooks refuse any change to a backup's or restore's spec (ValidateUpdate: "spec: Forbidden: is immutable"). */
const ONE_SHOT = destructive('Everest\'s webhook refuses any change to its spec (immutable): the apply fails; a new object under another name is the way');

/** A kind whose object runs once: its spec cannot change, and it belongs to the cluster it names. */
function oneShotKind(kind: string, added: Verdict, removed: KindRules['removed']): KindRules {
  return {
    apiGroup: GROUP,
    kind,
    fields: [{ path: 'spec', classify: always(ONE_SHOT) }],
    otherFields: safe(`${kind} metadata changed`),
    added,
    removed,
    servedDatabases: namedDatabase,
  };
}

/** Everest `DatabaseClusterBackup`: one on-demand backup. @internal */
export const EVEREST_BACKUP_RULES: KindRules = oneShotKind('DatabaseClusterBackup', safe('new on-demand backup'),
  // databaseclusterbackup_controller.go:handleStorageProtectionFinalizer keeps the data of a protected backup.
  (backup) => ((backup.metadata as any).finalizers ?? []).includes('everest.percona.com/dbb-storage-protection')
    ? safe('backup object removed: its data stays in the storage (dbb-storage-protection)')
    : risky('backup object removed: Everest deletes the backup from the storage with it'));

/** Everest `DatabaseClusterRestore`: one restore, run when the object is created. @internal */
export const EVEREST_RESTORE_RULES: KindRules = oneShotKind('DatabaseClusterRestore',
  destructive('a restore: Everest replaces the database\'s data with the backup, and what was written since is lost'),
  () => safe('restore object removed: the restored data stays'));
