import { recoverySource } from './backup';
import { APP_DATABASE, BARMAN_PLUGIN, instanceLabels, names, POOLER_LABEL, RECOVERY_SOURCE } from './names';
import { CNPG_CATALOGUE } from './versions';
import { ExposeType } from '../../expose';
import * as cnpg from '../../imports/cnpg-postgresql.cnpg.io';
import { ClusterModel } from '../../model';
import { compact } from '../../objects';
import { ProxyType } from '../../proxy';
import { Quantities } from '../../quantity';
import { toUtcRfc3339 } from '../../restore-rules';
import { AntiAffinity, podPlacement } from '../../scheduling';

function resources(q: Quantities): cnpg.ClusterSpecResources {
  return {
    limits: { cpu: cnpg.ClusterSpecResourcesLimits.fromString(q.cpu), memory: cnpg.ClusterSpecResourcesLimits.fromString(q.memory) },
    requests: { cpu: cnpg.ClusterSpecResourcesRequests.fromString(q.cpu), memory: cnpg.ClusterSpecResourcesRequests.fromString(q.memory) },
  };
}

function poolerResources(q: Quantities): cnpg.PoolerSpecTemplateSpecContainersResources {
  const limits = cnpg.PoolerSpecTemplateSpecContainersResourcesLimits.fromString;
  const requests = cnpg.PoolerSpecTemplateSpecContainersResourcesRequests.fromString;
  return { limits: { cpu: limits(q.cpu), memory: limits(q.memory) }, requests: { cpu: requests(q.cpu), memory: requests(q.memory) } };
}

function loadBalancer(m: ClusterModel) {
  if (m.expose.type !== ExposeType.LOAD_BALANCER) return undefined;
  return {
    annotations: Object.keys(m.expose.annotations).length > 0 ? { ...m.expose.annotations } : undefined,
    spec: compact({
      type: ExposeType.LOAD_BALANCER as string,
      loadBalancerSourceRanges: m.expose.sourceRanges.length > 0 ? m.expose.sourceRanges : undefined,
    }),
  };
}

/**
 * initdb for a new database, recovery for a clone: CloudNativePG takes exactly one bootstrap method
 * (cluster_webhook.go:validateBootstrapMethod), with both the database and its owner (validateApplicationDatabase).
 */
function bootstrap(m: ClusterModel): cnpg.ClusterSpecBootstrap {
  // CNPG wants a kubernetes.io/basic-auth Secret (username `app`, password) for the app user; without one it makes `<name>-app`.
  const secret = m.credentialsSecret ? { name: m.credentialsSecret } : undefined;
  const source = m.restoreFrom;
  if (!source) {
    // The encoding and locales are the defaulting webhook's (api/v1/cluster_defaults.go:defaultInitDB), written out
    // so that the stored object is the rendered one.
    return { initdb: compact({ database: APP_DATABASE, owner: APP_DATABASE, encoding: 'UTF8', localeCollate: 'C', localeCType: 'C', secret }) };
  }
  // Plugin recovery needs `source`, an external cluster with the plugin (api/v1/cluster_funcs.go:GetRecoverySourcePlugin);
  // the plugin finds the base backup in the Barman catalog: by its ID, restored to the end of that backup
  // (`targetImmediate`, which the webhook only takes with a backupID, validateRecoveryTarget), or the latest one
  // before an instant.
  const recoveryTarget = source.backupName !== undefined
    ? { backupId: source.backupName, targetImmediate: true }
    : { targetTime: toUtcRfc3339(source.time!) };
  return { recovery: compact({ database: APP_DATABASE, owner: APP_DATABASE, secret, source: RECOVERY_SOURCE, recoveryTarget }) };
}

function postgresql(m: ClusterModel): cnpg.ClusterSpecPostgresql | undefined {
  // A plain copy: cdk8s cannot serialize a map without a prototype.
  const parameters = Object.keys(m.config).length > 0 ? { ...m.config } : undefined;
  // Quorum commit on any `number` standbys; `required` never falls back to asynchronous replication.
  const synchronous = m.synchronousReplicas > 0 ? {
    method: cnpg.ClusterSpecPostgresqlSynchronousMethod.ANY,
    number: m.synchronousReplicas,
    dataDurability: cnpg.ClusterSpecPostgresqlSynchronousDataDurability.REQUIRED,
  } : undefined;
  return parameters || synchronous ? compact({ parameters, synchronous }) : undefined;
}

export function clusterSpec(m: ClusterModel): cnpg.ClusterSpec {
  const { scheduling } = m;
  const placement = podPlacement(scheduling, instanceLabels(m));
  const recovery = recoverySource(m);
  const exposed = m.proxy.type === ProxyType.NONE ? loadBalancer(m) : undefined;
  return compact({
    instances: m.replicas,
    imageName: m.engine.image ?? CNPG_CATALOGUE.entryFor(m.engine)!.image,
    postgresql: postgresql(m),
    storage: compact({ size: m.storage.size, storageClass: m.storage.storageClassName, resizeInUseVolumes: true }),
    resources: resources(m.resources),
    // CNPG builds the anti-affinity term itself over its own labels; its defaulting webhook writes the type back
    // when it is empty, so it is set even when anti-affinity is off.
    affinity: compact({
      enablePodAntiAffinity: scheduling.antiAffinity !== AntiAffinity.NONE,
      podAntiAffinityType: scheduling.antiAffinity === AntiAffinity.REQUIRED ? 'required' : 'preferred',
      topologyKey: scheduling.topologyKey,
      nodeSelector: placement.nodeSelector,
      tolerations: placement.tolerations,
    }),
    topologySpreadConstraints: placement.topologySpreadConstraints,
    // CNPG makes the instance PDBs itself; a one-instance development cluster must go without them to let nodes drain.
    enablePdb: !m.singleNode,
    primaryUpdateStrategy: cnpg.ClusterSpecPrimaryUpdateStrategy.UNSUPERVISED,
    primaryUpdateMethod: cnpg.ClusterSpecPrimaryUpdateMethod.SWITCHOVER,
    enableSuperuserAccess: false,
    // What the defaulting webhook would write (api/v1/cluster_defaults.go:setDefaults, setProbes), set explicitly so
    // that the stored Cluster is the rendered one.
    logLevel: cnpg.ClusterSpecLogLevel.INFO,
    replicationSlots: { highAvailability: { enabled: true, slotPrefix: '_cnpg_' }, synchronizeReplicas: { enabled: true } },
    probes: { liveness: { isolationCheck: { enabled: true, requestTimeout: 1000, connectionTimeout: 1000 } } },
    // TLS needs nothing: CNPG always serves TLS with certificates from its own CA.
    bootstrap: bootstrap(m),
    externalClusters: recovery && [{
      name: RECOVERY_SOURCE,
      plugin: { name: BARMAN_PLUGIN, parameters: { barmanObjectName: names.recoveryObjectStore(m), serverName: recovery.serverName } },
    }],
    // WAL archiving is what makes any Barman backup recoverable, so it is on whenever there is a backup storage:
    // every CNPG cluster with backups can be recovered to any instant.
    plugins: m.backup && [{
      name: BARMAN_PLUGIN,
      enabled: true,
      isWalArchiver: true,
      parameters: { barmanObjectName: names.objectStore(m, m.backup.storage), serverName: names.archiveServerName(m.name, m.engine.majorVersion) },
    }],
    managed: exposed && {
      services: {
        additional: [{
          selectorType: cnpg.ClusterSpecManagedServicesAdditionalSelectorType.RW,
          serviceTemplate: { metadata: compact({ name: names.loadBalancer(m), annotations: exposed.annotations }), spec: exposed.spec },
        }],
      },
    },
  });
}

export function poolerSpec(m: ClusterModel): cnpg.PoolerSpec {
  const placement = podPlacement(m.scheduling, { [POOLER_LABEL]: names.pooler(m) });
  const exposed = loadBalancer(m);
  return compact({
    cluster: { name: m.name },
    type: cnpg.PoolerSpecType.RW,
    // A hibernated cluster has no instance to connect to: its PgBouncer pods stop too.
    instances: m.paused ? 0 : m.proxy.replicas,
    pgbouncer: { poolMode: cnpg.PoolerSpecPgbouncerPoolMode.SESSION },
    // CNPG spreads no Pooler pods by itself (docs: scheduling.md).
    template: {
      spec: compact({
        containers: [{ name: 'pgbouncer', resources: poolerResources(m.proxy.resources) }],
        affinity: placement.affinity,
        topologySpreadConstraints: placement.topologySpreadConstraints,
        nodeSelector: placement.nodeSelector,
        tolerations: placement.tolerations,
      }),
    },
    serviceTemplate: exposed && compact({ metadata: exposed.annotations && { annotations: exposed.annotations }, spec: exposed.spec }),
  });
}

