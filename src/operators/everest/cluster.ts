import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { backupSpec, dataSource } from './backup';
import { EverestEngine } from './engines';
import { EVEREST_CATALOGUES, everestVersionKey } from './versions';
import { ExposeType } from '../../expose';
import * as everest from '../../imports/everest-everest.percona.com';
import { ClusterModel } from '../../model';
import { clusterScoped, clusterScopedName, compact } from '../../objects';
import { ProxyType } from '../../proxy';
import { Quantities } from '../../quantity';

/**
 * Everest takes Service annotations only from a LoadBalancerConfig. Every database gets its own, even without
 * annotations: once set, `loadBalancerConfigName` cannot be cleared (a CEL rule), so naming one always lets a later
 * synthesis drop the annotations or go back to ClusterIP. Everest applies it to LoadBalancer Services only.
 */
export function loadBalancerConfig(scope: Construct, model: ClusterModel): ApiObject {
  const config = new ApiObject(scope, 'LoadBalancerConfig', {
    ...everest.LoadBalancerConfig.GVK,
    metadata: { name: clusterScopedName(model.name, model.namespace) },
    spec: everest.toJson_LoadBalancerConfigSpec({ annotations: model.expose.annotations }),
  });
  clusterScoped(config);
  return config;
}

function resources(q: Quantities) {
  return {
    cpu: everest.DatabaseClusterSpecEngineResourcesCpu.fromString(q.cpu),
    memory: everest.DatabaseClusterSpecEngineResourcesMemory.fromString(q.memory),
  };
}

/**
 * Everest's proxy type of each of ours. A MongoDB replica set has no router, but Everest still types its proxy
 * `mongos` (and writes that back if absent); only `expose` then applies, to the replica set's Service. The other
 * engines' proxies (MaxScale) are not Everest's: its targets do not offer them.
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
      config: flavour.config(model.config),
      userSecretsName: userSecretsName(model),
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

/** Everest's convention for the users' Secret, set explicitly so that Everest writes nothing back. */
export function userSecretsName(model: ClusterModel): string {
  return model.credentialsSecret ?? `everest-secrets-${model.name}`;
}

