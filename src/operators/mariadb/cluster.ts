import { k8s } from 'cdk8s-plus-28';
import { metricsSpec, maxscaleMetricsSpec } from './monitoring';
import { MARIADB_PORT, MAXSCALE_ADMIN_PORT, names, POD_ROLE_LABEL, podLabels, topologyOf } from './names';
import { bootstrapFrom } from './restore';
import { GALERA_LIB_PATH, MARIADB_CATALOGUE, MARIADB_IMAGES } from './versions';
import { MariadbTopology } from '../../engine';
import { mariadbSection } from '../../engines/mariadb';
import { ExposeType } from '../../expose';
import * as mdb from '../../imports/mariadb-k8s.mariadb.com';
import { ClusterModel } from '../../model';
import { compact } from '../../objects';
import { ProxyType } from '../../proxy';
import { requirements } from '../../quantity';
import { podPlacement } from '../../scheduling';

/** The size of MaxScale's config volume, the operator's default (maxscale_types.go:MaxScaleConfig.SetDefaults). */
const MAXSCALE_CONFIG_VOLUME = '100Mi';

/**
 * The root password: the given Secret's `root-password` key (it must exist: the operator does not fill it in), or
 * the Secret the operator generates, written as it would write it back (mariadb_keys.go:RootPasswordSecretKeyRef).
 * Set-once (R32), so it is always explicit.
 */
function rootPassword(m: ClusterModel): mdb.MariaDbSpecRootPasswordSecretKeyRef {
  return m.credentialsSecret
    ? { name: m.credentialsSecret, key: 'root-password', generate: false }
    : { name: names.rootSecret(m), key: 'password', generate: true };
}

/** The replication user's password: the given Secret's `repl-password`, or the operator's generated one. */
function replicationPassword(m: ClusterModel): mdb.MariaDbSpecReplicationReplicaReplPasswordSecretKeyRef {
  return m.credentialsSecret
    ? { name: m.credentialsSecret, key: 'repl-password', generate: false }
    : { name: names.replicationSecret(m), key: 'password', generate: true };
}

/** Galera: a single volume per pod (the config volume's own claim would take the default StorageClass, R93). */
function galera(m: ClusterModel): mdb.MariaDbSpecGalera | undefined {
  if (topologyOf(m) !== MariadbTopology.GALERA) return undefined;
  return { enabled: true, galeraLibPath: GALERA_LIB_PATH, config: { reuseStorageVolume: true } };
}

function replication(m: ClusterModel): mdb.MariaDbSpecReplication | undefined {
  if (topologyOf(m) !== MariadbTopology.REPLICATION) return undefined;
  return { enabled: true, primary: { autoFailover: true }, replica: { replPasswordSecretKeyRef: replicationPassword(m) } };
}

/** The placement fields of one pod template, for the pods `labels` select. */
function placement(m: ClusterModel, labels: { [key: string]: string }) {
  const p = podPlacement(m.scheduling, labels);
  // The operator's Affinity takes podAntiAffinity terms of labelSelector and topologyKey only, which is what the
  // library writes; `antiAffinityEnabled` is never set (immutable, and on MaxScale it also repels the database pods, R72).
  return compact({
    affinity: p.affinity?.podAntiAffinity && { podAntiAffinity: p.affinity.podAntiAffinity },
    topologySpreadConstraints: p.topologySpreadConstraints,
    nodeSelector: p.nodeSelector,
    tolerations: p.tolerations,
  });
}

/** The operator makes the PodDisruptionBudget itself, once, from this field (R73): set it from the first apply. */
const ONE_AT_A_TIME = { maxUnavailable: mdb.MariaDbSpecPodDisruptionBudgetMaxUnavailable.fromNumber(1) };

/** The MariaDB spec of `model`. */
export function mariadbSpec(m: ClusterModel): mdb.MariaDbSpec {
  const config = Object.keys(m.config).length > 0 ? mariadbSection(m.config) : undefined;
  return compact({
    image: m.engine.image ?? MARIADB_CATALOGUE.entryFor(m.engine)!.image,
    imagePullPolicy: mdb.MariaDbSpecImagePullPolicy.IF_NOT_PRESENT,
    // A paused single-member database is scaled to zero: `suspend` would only stop the operator, not the pods (R57).
    replicas: m.paused ? 0 : m.replicas,
    port: MARIADB_PORT,
    galera: galera(m),
    replication: replication(m),
    maxScaleRef: m.proxy.type === ProxyType.MAXSCALE ? { name: names.maxscale(m) } : undefined,
    rootPasswordSecretKeyRef: rootPassword(m),
    rootEmptyPassword: false,
    serviceAccountName: m.name,
    storage: compact({
      size: mdb.MariaDbSpecStorageSize.fromString(m.storage.size),
      storageClassName: m.storage.storageClassName,
      resizeInUseVolumes: true,
      waitForVolumeResize: true,
      ephemeral: false,
    }),
    resources: requirements(mdb.MariaDbSpecResourcesLimits, mdb.MariaDbSpecResourcesRequests, m.resources),
    myCnf: config,
    myCnfConfigMapKeyRef: config === undefined ? undefined : { name: names.myCnfConfigMap(m), key: 'my.cnf' },
    ...placement(m, podLabels('mariadb', m.name)),
    podDisruptionBudget: m.replicas > 1 ? ONE_AT_A_TIME : undefined,
    // Required, not just offered: the operator's default leaves plaintext open (R149).
    tls: { enabled: true, required: true },
    updateStrategy: { type: mdb.MariaDbSpecUpdateStrategyType.REPLICAS_FIRST_PRIMARY_LAST, autoUpdateDataPlane: false },
    metrics: metricsSpec(m),
    pointInTimeRecoveryRef: m.backup?.pointInTimeRecovery ? { name: names.pointInTimeRecovery(m) } : undefined,
    bootstrapFrom: bootstrapFrom(m),
    // Deleting the MariaDB object must not drop the initial database, user and grant it manages.
    cleanupPolicy: mdb.MariaDbSpecCleanupPolicy.SKIP,
  });
}

/**
 * The MaxScale spec: routed by MaxScale's own read-write split on 3306, its monitor and servers left to the
 * operator (it rewrites them, R38), its GUI Service off, its config volume on the database's StorageClass (the
 * operator's default claim has none, R93), and its users with the names and generated Secrets the operator would
 * freeze at creation.
 */
export function maxscaleSpec(m: ClusterModel): mdb.MaxScaleSpec {
  const name = names.maxscale(m);
  const generated = (suffix: string) => ({ name: `${name}-${suffix}`, key: 'password', generate: true });
  const ha = m.proxy.replicas > 1;
  const metrics = maxscaleMetricsSpec(m);
  return compact({
    mariaDbRef: { name: m.name },
    replicas: m.proxy.replicas,
    image: MARIADB_IMAGES.maxscale,
    resources: requirements(mdb.MaxScaleSpecResourcesLimits, mdb.MaxScaleSpecResourcesRequests, m.proxy.resources),
    services: [{ name: 'rw-router', router: mdb.MaxScaleSpecServicesRouter.READWRITESPLIT, listener: { port: MARIADB_PORT } }],
    admin: { port: MAXSCALE_ADMIN_PORT, guiEnabled: false },
    config: {
      volumeClaimTemplate: compact({
        storageClassName: m.storage.storageClassName,
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: mdb.MaxScaleSpecConfigVolumeClaimTemplateResourcesRequests.fromString(MAXSCALE_CONFIG_VOLUME) } },
      }),
    },
    auth: compact({
      generate: true,
      adminUsername: 'mariadb-operator',
      adminPasswordSecretKeyRef: generated('admin'),
      deleteDefaultAdmin: true,
      clientUsername: `${name}-client`,
      clientPasswordSecretKeyRef: generated('client'),
      serverUsername: `${name}-server`,
      serverPasswordSecretKeyRef: generated('server'),
      monitorUsername: `${name}-monitor`,
      monitorPasswordSecretKeyRef: generated('monitor'),
      syncUsername: ha ? `${name}-sync` : undefined,
      syncPasswordSecretKeyRef: ha ? generated('sync') : undefined,
      metricsUsername: metrics ? 'metrics' : undefined,
      metricsPasswordSecretKeyRef: metrics ? generated('metrics') : undefined,
    }),
    ...placement(m, podLabels('maxscale', name)),
    podDisruptionBudget: ha ? { maxUnavailable: mdb.MaxScaleSpecPodDisruptionBudgetMaxUnavailable.fromNumber(1) } : undefined,
    metrics,
  });
}

/**
 * The library's own LoadBalancer Service in front of the client endpoint: MaxScale's pods, else the primary pod (the
 * label the operator keeps on it). Owning it means later changes of source ranges and annotations apply (the
 * operator's Service templates apply them only when it creates the Service, R70), and MaxScale's admin port stays
 * off the load balancer (the operator's MaxScale Service publishes it, R71).
 */
export function loadBalancer(m: ClusterModel): k8s.KubeServiceProps | undefined {
  if (m.expose.type !== ExposeType.LOAD_BALANCER) return undefined;
  const selector = m.proxy.type === ProxyType.MAXSCALE
    ? podLabels('maxscale', names.maxscale(m))
    : { ...podLabels('mariadb', m.name), [POD_ROLE_LABEL]: 'primary' };
  return {
    metadata: compact({
      name: names.loadBalancer(m),
      namespace: m.namespace,
      annotations: Object.keys(m.expose.annotations).length > 0 ? { ...m.expose.annotations } : undefined,
    }),
    spec: compact({
      type: ExposeType.LOAD_BALANCER,
      selector,
      ports: [{ name: 'mariadb', port: MARIADB_PORT, targetPort: k8s.IntOrString.fromNumber(MARIADB_PORT) }],
      loadBalancerSourceRanges: m.expose.sourceRanges.length > 0 ? [...m.expose.sourceRanges] : undefined,
    }),
  };
}

