import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { backupSpec } from './backup';
import { exporterSidecar, pmmSpec } from './monitoring';
import { PSMDB_CONFIG_REPLSET, podLabels, psmdbReplsetNames, usersSecret } from './names';
import { limitsAndRequests } from './resources';
import { PSMDB_CATALOGUE, PSMDB_OPERATOR_VERSION } from './versions';
import { mongodConfiguration } from '../../engines/mongodb';
import { ExposeType } from '../../expose';
import * as psmdb from '../../imports/psmdb-psmdb.percona.com';
import { ClusterModel } from '../../model';
import { MonitoringKind } from '../../monitoring';
import { compact } from '../../objects';
import { podPlacement } from '../../scheduling';

/** Scheduling and the operator's own PDB for the pods of one component. */
function placementOf(model: ClusterModel, labels: { [key: string]: string }) {
  const placement = podPlacement(model.scheduling, labels);
  return {
    affinity: placement.affinity ? { advanced: placement.affinity } : { antiAffinityTopologyKey: 'none' },
    topologySpreadConstraints: placement.topologySpreadConstraints,
    nodeSelector: placement.nodeSelector,
    tolerations: placement.tolerations,
    // The operator makes the PDB: set it explicitly rather than add a second one over the same pods.
    podDisruptionBudget: { maxUnavailable: psmdb.PerconaServerMongoDbSpecReplsetsPodDisruptionBudgetMaxUnavailable.fromNumber(1) },
  };
}

function service(model: ClusterModel) {
  return compact({
    type: model.expose.type,
    loadBalancerSourceRanges: model.expose.sourceRanges.length > 0 ? model.expose.sourceRanges : undefined,
    annotations: Object.keys(model.expose.annotations).length > 0 ? model.expose.annotations : undefined,
  });
}

/**
 * A replica set outside Kubernetes is reached member by member: one load balancer per pod (psmdb/service.go:
 * ExternalService), whose addresses the replica set advertises with `clusterServiceDNSMode: External`
 * (service.go:MongoHost), so that clients follow the primary. Inside Kubernetes the headless Service `<name>-rs0`
 * and the pods' names are enough: no Service per pod.
 */
function exposedPerMember(model: ClusterModel): boolean {
  return !model.sharding && model.expose.type === ExposeType.LOAD_BALANCER;
}

const volumeRequest = psmdb.PerconaServerMongoDbSpecReplsetsVolumeSpecPersistentVolumeClaimResourcesRequests.fromString;

/** One mongod replica set (a shard, or the config servers); the caller names shards. */
function replset(model: ClusterModel, replsetName: string, size: number): psmdb.PerconaServerMongoDbSpecReplsets {
  const component = replsetName === PSMDB_CONFIG_REPLSET ? 'cfg' : 'mongod';
  const exposed = component === 'mongod' && exposedPerMember(model);
  return compact({
    size,
    resources: limitsAndRequests(model.resources),
    // Engine parameters tune the data-bearing members; config servers keep the operator's configuration.
    configuration: component === 'mongod' && Object.keys(model.config).length > 0 ? mongodConfiguration(model.config) : undefined,
    volumeSpec: {
      persistentVolumeClaim: compact({
        storageClassName: model.storage.storageClassName,
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: volumeRequest(model.storage.size) } },
      }),
    },
    ...placementOf(model, podLabels(model.name, component, replsetName)),
    // Sharded clusters are reached through mongos only.
    expose: exposed ? { enabled: true, ...service(model) } : { enabled: false },
    sidecars: model.monitoring?.kind === MonitoringKind.PROMETHEUS ? [exporterSidecar(model)] : undefined,
  });
}

function sharding(model: ClusterModel): psmdb.PerconaServerMongoDbSpecSharding {
  if (!model.sharding) return { enabled: false };
  return {
    enabled: true,
    balancer: { enabled: true },
    configsvrReplSet: replset(model, PSMDB_CONFIG_REPLSET, model.sharding.configServers),
    mongos: {
      size: model.proxy.replicas,
      resources: limitsAndRequests(model.proxy.resources),
      ...placementOf(model, podLabels(model.name, 'mongos')),
      expose: service(model),
    },
  };
}

/** The StorageClasses of an app by name, with whether each lets volumes grow: found once per synthesis. */
const STORAGE_CLASSES = new WeakMap<IConstruct, Map<string, boolean>>();

function storageClassesOf(root: IConstruct): Map<string, boolean> {
  let classes = STORAGE_CLASSES.get(root);
  if (!classes) {
    classes = new Map(root.node.findAll()
      .filter((c): c is ApiObject => c instanceof ApiObject && c.kind === 'StorageClass' && c.apiGroup === 'storage.k8s.io')
      .map((c) => [c.name, c.toJson().allowVolumeExpansion !== false]));
    STORAGE_CLASSES.set(root, classes);
    // Synthesis is one synchronous run: the next one finds the classes again.
    queueMicrotask(() => STORAGE_CLASSES.delete(root));
  }
  return classes;
}

/**
 * Whether the cluster's StorageClass lets volumes grow. A class of this app says so itself; one defined elsewhere
 * is assumed to (every cloud default does). Without it, `enableVolumeExpansion: true` makes the operator patch a
 * grown size back into the cluster's spec (volumes.go:handlePVCResizeFailure), a loop under GitOps.
 */
function volumesExpand(scope: IConstruct, model: ClusterModel): boolean {
  const name = model.storage.storageClassName;
  return name === undefined || storageClassesOf(scope.node.root).get(name) !== false;
}

/** The PerconaServerMongoDB spec of `model`, rendered below `scope`. */
export function psmdbSpec(scope: IConstruct, model: ClusterModel): psmdb.PerconaServerMongoDbSpec {
  return {
    crVersion: PSMDB_OPERATOR_VERSION,
    image: model.engine.image ?? PSMDB_CATALOGUE.entryFor(model.engine)!.image,
    pause: model.paused,
    secrets: { users: usersSecret(model) },
    // TLS on, with certificates the operator issues; preferTLS still lets in-pod tools connect locally.
    tls: { mode: 'preferTLS' },
    clusterServiceDnsMode: exposedPerMember(model) ? 'External' : undefined,
    enableVolumeExpansion: volumesExpand(scope, model),
    // Pinned so that neither the operator nor the version service changes the image behind GitOps' back.
    updateStrategy: 'SmartUpdate',
    upgradeOptions: { apply: 'disabled', schedule: '0 4 * * *', setFcv: true },
    // checkSafeDefaults refuses a one-member replica set without it (unsafeFlags.mongosSize is read nowhere at 1.21.2).
    unsafeFlags: model.singleNode ? { replsetSize: true } : undefined,
    replsets: psmdbReplsetNames(model).map((name) => ({ name, ...replset(model, name, model.replicas) })),
    sharding: sharding(model),
    backup: backupSpec(model),
    pmm: pmmSpec(model),
  };
}
