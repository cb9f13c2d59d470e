import { createHash } from 'node:crypto';
import { IConstruct } from 'constructs';
import { invalid } from '../../errors';
import { isDns1035Label } from '../../names';

/**
 * The names Everest derives, and the names the library gives Everest's objects.
 *
 * Everest's API server takes names of its own objects only as RFC 1035 labels of at most 22 characters
 * (utils/validators.go:ValidateEverestResourceName), for DatabaseClusters on every create and update (every save
 * from Everest's UI), BackupStorages and MonitoringConfigs on create.
 */
export const EVEREST_NAME_MAX_LENGTH = 22;

/** Whether `name` is a name Everest's API server takes (ValidateEverestResourceName). */
export function isEverestResourceName(name: string): boolean {
  return isDns1035Label(name, EVEREST_NAME_MAX_LENGTH);
}

/**
 * The users Secret Everest names when `spec.engine.userSecretsName` is empty: `everest-secrets-<cluster>`
 * (databasecluster_controller.go:Reconcile, consts.EverestSecretsPrefix); the underlying Percona operator creates
 * it with generated passwords.
 */
export function defaultUsersSecret(cluster: string): string {
  return `everest-secrets-${cluster}`;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/**
 * The name of a cluster-scoped object that belongs to one database (its PodSchedulingPolicy and LoadBalancerConfig):
 * `<namespace>-<database>`, the namespace making it unique across namespaces. The LoadBalancerConfig webhook
 * (loadbalancerconfig_webhook.go:validateLoadBalancerConfig) and the API server's PodSchedulingPolicy check
 * (validation/pod_scheduling_policy.go:validatePSPCR) take RFC 1035 labels only: when the namespace starts with a
 * digit or both together exceed 63 characters, the name is `<database>-<8 hex digits of the namespace's SHA-256>`.
 */
export function clusterScopedObjectName(database: string, namespace: string | undefined): string {
  if (namespace === undefined) return database;
  const readable = `${namespace}-${database}`;
  return isDns1035Label(readable) ? readable : `${database}-${shortHash(namespace)}`;
}

/**
 * The MonitoringConfig of one PMM credentials Secret in a namespace. Everest makes each MonitoringConfig the
 * controller owner of its Secret (monitoringconfig_controller.go:Reconcile), so clusters that share a Secret share
 * its MonitoringConfig, named like the Secret (as Everest's own API server names the Secret of a MonitoringConfig
 * it creates) when that is a name Everest takes, else `pmm-<8 hex digits of the Secret name's SHA-256>`.
 */
export function monitoringConfigName(credentialsSecret: string): string {
  return isEverestResourceName(credentialsSecret) ? credentialsSecret : `pmm-${shortHash(credentialsSecret)}`;
}

/** Per app, what each name of one table is taken by. */
export function namesOf<V>(table: WeakMap<IConstruct, Map<string, V>>, scope: IConstruct): Map<string, V> {
  const root = scope.node.root;
  const names = table.get(root) ?? new Map<string, V>();
  table.set(root, names);
  return names;
}

/** Per app, the Everest object that owns each `<namespace>/<Secret>`. */
const SECRET_OWNERS = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Records that `owner` (`BackupStorage s3`, `MonitoringConfig pmm-token`) names the credentials Secret `secret` in
 * `namespace`. Everest makes each BackupStorage (backupstorage_controller.go:Reconcile) and MonitoringConfig
 * (monitoringconfig_controller.go:Reconcile) the controller owner of its Secret when the Secret has none, so
 * deleting the object garbage-collects the Secret: a second Everest object naming the same Secret would lose its
 * credentials with the first, and is refused under `prop`.
 */
export function claimCredentialsSecret(scope: IConstruct, prop: string, namespace: string | undefined, secret: string, owner: string): void {
  const owners = namesOf(SECRET_OWNERS, scope);
  const key = `${namespace ?? ''}/${secret}`;
  const known = owners.get(key);
  if (known !== undefined && known !== owner) {
    invalid(scope, prop, secret, `${known} already names this Secret in namespace ${namespace ?? '(default)'}, and Everest makes that object `
      + 'the controller owner of its credentials Secret: removing it would delete the Secret this one reads. Give each its own Secret');
  }
  owners.set(key, owner);
}
