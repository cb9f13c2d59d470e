import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { backupSpec, dataSource } from './backup';
import { EverestEngine } from './engines';
import { clusterScopedObjectName, defaultUsersSecret, namesOf } from './names';
import { prerequisite } from './order';
import { EVEREST_CATALOGUES, everestVersionKey } from './versions';
import { invalid } from '../../errors';
import { ExposeType } from '../../expose';
import * as everest from '../../imports/everest-everest.percona.com';
import { ClusterModel } from '../../model';
import { clusterScoped, compact } from '../../objects';
import { ProxyType } from '../../proxy';
import { Quantities } from '../../quantity';

/** Per app, the database (`<namespace>/<name>`) each cluster-scoped name belongs to, by kind. */
const CLUSTER_SCOPED_NAMES = new WeakMap<IConstruct, Map<string, string>>();

/**
 * A cluster-scoped object of one database (its PodSchedulingPolicy or LoadBalancerConfig), applied before it. Two
 * databases whose names would collide (`shop-eu` + `orders` and `shop` + `eu-orders`) are refused: each would
 * overwrite the other's object.
 */
export function clusterScopedObject(scope: Construct, model: ClusterModel, id: string, kind: { apiVersion: string; kind: string },
  spec: unknown): ApiObject {
  const name = clusterScopedObjectName(model.name, model.namespace);
  const owners = namesOf(CLUSTER_SCOPED_NAMES, scope);
  const owner = `${model.namespace ?? ''}/${model.name}`;
  const known = owners.get(`${kind.kind}/${name}`);
  if (known !== undefined && known !== owner) {
    invalid(scope, 'name', model.name, `the ${kind.kind} of this database would be named ${name}, like the one of database ${known}: rename one of them`);
  }
  owners.set(`${kind.kind}/${name}`, owner);
  const object = prerequisite(new ApiObject(scope, id, { ...kind, metadata: { name }, spec }));
  clusterScoped(object);
  return object;
}

/**
 * Everest takes Service annotations only from a LoadBalancerConfig. Every database gets its own, even without
 * annotations: once set, `loadBalancerConfigName` cannot be cleared (a CEL rule), so naming one always lets a later
 * synthesis drop the annotations or go back to ClusterIP. Everest applies it to LoadBalancer Services only.
 */
export function loadBalancerConfig(scope: Construct, model: ClusterModel): ApiObject {
  return clusterScopedObject(scope, model, 'LoadBalancerConfig', everest.LoadBalancerConfig.GVK,
    everest.toJson_LoadBalancerConfigSpec({ annotations: model.expose.annotations }));
}

function resources(q: Quantities) {
  return {
    cpu: everest.DatabaseClusterSpecEngineResourcesCpu.fromString(q.cpu),
    memory: everest.DatabaseClusterSpecEngineResourcesMemory.fromString(q.memory),
  };
}

/**
 * Everest's proxy type of each of ours. A MongoDB replica set has no router, but Everest's API server takes only
 * `mongos` as a MongoDB proxy type (validation/database_cluster.go:validateProxyType); only `expose` then applies,
 * to the replica set's Service. The other engines' proxies (MaxScale) are not Everest's: its targets do not offer them.
 */
const EVEREST_PROXY_TYPES: { readonly [P in ProxyType]?: everest.DatabaseClusterSpecProxyType } = {
  [ProxyType.HAPROXY]: everest.DatabaseClusterSpecProxyType.HAPROXY,
  [ProxyType.PROXYSQL]: everest.DatabaseClusterSpecProxyType.PROXYSQL,
  [ProxyType.PGBOUNCER]: everest.DatabaseClusterSpecProxyType.PGBOUNCER,
  [ProxyType.MONGOS]: everest.DatabaseClusterSpecProxyType.MONGOS,
  [ProxyType.NONE]: everest.DatabaseClusterSpecProxyType.MONGOS,
};

function proxySpec(model: ClusterModel, loadBalancerConfigName: string): everest.DatabaseClusterSpecProxy {
  const expose: everest.DatabaseClusterSpecProxyExpose = compact({
    type: model.expose.type === ExposeType.LOAD_BALANCER
      ? everest.DatabaseClusterSpecProxyExposeType.LOAD_BALANCER
      : everest.DatabaseClusterSpecProxyExposeType.CLUSTER_IP,
    ipSourceRanges: model.expose.sourceRanges.length > 0 ? model.expose.sourceRanges : undefined,
    loadBalancerConfigName,
  });
  const type = EVEREST_PROXY_TYPES[model.proxy.type]!;
  if (model.proxy.type === ProxyType.NONE) return { type, expose };
  return { type, replicas: model.proxy.replicas, resources: resources(model.proxy.resources), expose };
}

export function databaseClusterSpec(flavour: EverestEngine, model: ClusterModel, names: {
  readonly podSchedulingPolicy: string;
  readonly loadBalancerConfig: string;
  readonly monitoringConfig?: string;
}): everest.DatabaseClusterSpec {
  return compact({
    engine: compact({
      type: flavour.type,
      version: everestVersionKey(EVEREST_CATALOGUES[flavour.engine]!.entryFor(model.engine)!),
      crVersion: flavour.crVersion,
      replicas: model.replicas,
      resources: resources(model.resources),
      storage: compact({
        size: everest.DatabaseClusterSpecEngineStorageSize.fromString(model.storage.size),
        class: model.storage.storageClassName,
      }),
      config: flavour.config(model),
      userSecretsName: model.credentialsSecret,
    }),
    proxy: proxySpec(model, names.loadBalancerConfig),
    sharding: model.sharding && { enabled: true, shards: model.sharding.shards, configServer: { replicas: model.sharding.configServers } },
    backup: backupSpec(model),
    dataSource: model.restoreFrom && dataSource(model.restoreFrom, everest.DatabaseClusterSpecDataSourcePitrType.DATE),
    monitoring: names.monitoringConfig ? { monitoringConfigName: names.monitoringConfig } : undefined,
    podSchedulingPolicyName: names.podSchedulingPolicy,
    paused: model.paused,
  });
}

/**
 * The users Secret: the one given, which must exist before the DatabaseCluster is created (the webhook looks it up,
 * databasecluster_webhook.go:ValidateCreate), or Everest's default, which `userSecretsName` leaves unset so that
 * Everest names it (databasecluster_controller.go:Reconcile) and the Percona operator creates it.
 */
export function usersSecret(model: ClusterModel): string {
  return model.credentialsSecret ?? defaultUsersSecret(model.name);
}
