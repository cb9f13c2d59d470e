import { backupSpec } from './backup';
import { mysqldExporter, pmmSpec } from './monitoring';
import { componentLabels, usersSecret } from './names';
import { PXC_CATALOGUE, PXC_IMAGES, PXC_OPERATOR_VERSION } from './versions';
import { mysqldSection } from '../../engines/mysql';
import * as pxc from '../../imports/pxc-pxc.percona.com';
import { ClusterModel } from '../../model';
import { MonitoringKind } from '../../monitoring';
import { compact } from '../../objects';
import { ProxyType } from '../../proxy';
import { requirements } from '../../quantity';
import { podPlacement, PodPlacement } from '../../scheduling';

/** ProxySQL keeps its configuration database there; the size of the operator's cr.yaml. */
const PROXYSQL_VOLUME_SIZE = '2Gi';

/** The client Service of the proxy (HAProxy's primary, ProxySQL's), as `expose` asks for it. */
function service(model: ClusterModel) {
  return compact({
    enabled: true,
    type: model.expose.type,
    loadBalancerSourceRanges: model.expose.sourceRanges.length > 0 ? model.expose.sourceRanges : undefined,
    annotations: Object.keys(model.expose.annotations).length > 0 ? model.expose.annotations : undefined,
  });
}

/**
 * The operator's `affinity` of one component. Without one it requires anti-affinity on the hostname
 * (pxc_types.go:reconcileAffinityOpts, pkg/pxc/statefulset.go:PodAffinity): `none` is how to ask for none.
 */
function affinity(placement: PodPlacement) {
  return placement.affinity ? { advanced: placement.affinity } : { antiAffinityTopologyKey: 'none' };
}

/**
 * ProxySQL's data directory (`proxydata`): the operator refuses ProxySQL without one (pxc_types.go:Validate,
 * "ProxySQL: volumeSpec should be specified"). A claim like the operator's own cr.yaml, on the cluster's class.
 */
function proxysqlVolume(model: ClusterModel): pxc.PerconaXtraDbClusterSpecProxysqlVolumeSpec {
  return {
    persistentVolumeClaim: compact({
      storageClassName: model.storage.storageClassName,
      accessModes: ['ReadWriteOnce'],
      resources: {
        requests: { storage: pxc.PerconaXtraDbClusterSpecProxysqlVolumeSpecPersistentVolumeClaimResourcesRequests.fromString(PROXYSQL_VOLUME_SIZE) },
      },
    }),
  };
}

/** The PerconaXtraDBCluster spec of `model`. */
export function pxcSpec(model: ClusterModel): pxc.PerconaXtraDbClusterSpec {
  const { name, monitoring } = model;
  const proxy = model.proxy.type;
  const proxyComponent = (component: string) => {
    const placement = podPlacement(model.scheduling, componentLabels(name, component));
    return compact({
      enabled: true,
      size: model.proxy.replicas,
      image: component === 'haproxy' ? PXC_IMAGES.haproxy : PXC_IMAGES.proxysql,
      resources: requirements(pxc.PerconaXtraDbClusterSpecHaproxyResourcesLimits, pxc.PerconaXtraDbClusterSpecHaproxyResourcesRequests,
        model.proxy.resources),
      affinity: affinity(placement),
      topologySpreadConstraints: placement.topologySpreadConstraints,
      nodeSelector: placement.nodeSelector,
      tolerations: placement.tolerations,
      podDisruptionBudget: { maxUnavailable: pxc.PerconaXtraDbClusterSpecHaproxyPodDisruptionBudgetMaxUnavailable.fromNumber(1) },
    });
  };
  const placement = podPlacement(model.scheduling, componentLabels(name, 'pxc'));
  return {
    crVersion: PXC_OPERATOR_VERSION,
    secretsName: usersSecret(model),
    // Left out unless paused: a restore pauses the cluster itself (k8s/cluster.go:PauseClusterWithWait), and an explicit
    // `pause: false` would have GitOps self-heal undo that in the middle of the restore.
    pause: model.paused || undefined,
    tls: { enabled: true },
    enableVolumeExpansion: true,
    // SmartUpdate restarts the primary last, but finds it through the proxy: without one the operator refuses it
    // (pxc_types.go:Validate, "ProxySQL or HAProxy should be enabled if SmartUpdate set") and a plain rolling update
    // (pkg/pxc/app/statefulset/node.go:UpdateStrategy) is what is left.
    updateStrategy: proxy === ProxyType.NONE ? 'RollingUpdate' : 'SmartUpdate',
    // Pinned so that neither the operator nor the version service changes the image behind GitOps' back.
    upgradeOptions: { apply: 'never', schedule: '0 4 * * *' },
    unsafeFlags: model.singleNode ? { pxcSize: true, proxySize: true } : undefined,
    pxc: compact({
      size: model.replicas,
      image: model.engine.image ?? PXC_CATALOGUE.entryFor(model.engine)!.image,
      resources: requirements(pxc.PerconaXtraDbClusterSpecPxcResourcesLimits, pxc.PerconaXtraDbClusterSpecPxcResourcesRequests, model.resources),
      configuration: Object.keys(model.config).length > 0 ? mysqldSection(model.config) : undefined,
      volumeSpec: {
        persistentVolumeClaim: compact({
          storageClassName: model.storage.storageClassName,
          accessModes: ['ReadWriteOnce'],
          resources: {
            requests: { storage: pxc.PerconaXtraDbClusterSpecPxcVolumeSpecPersistentVolumeClaimResourcesRequests.fromString(model.storage.size) },
          },
        }),
      },
      affinity: affinity(placement),
      topologySpreadConstraints: placement.topologySpreadConstraints,
      nodeSelector: placement.nodeSelector,
      tolerations: placement.tolerations,
      // The operator makes the PDB: set it explicitly rather than add a second one over the same pods.
      podDisruptionBudget: { maxUnavailable: pxc.PerconaXtraDbClusterSpecPxcPodDisruptionBudgetMaxUnavailable.fromNumber(1) },
      sidecars: monitoring?.kind === MonitoringKind.PROMETHEUS ? [mysqldExporter(model)] : undefined,
    }),
    haproxy: proxy === ProxyType.HAPROXY
      ? { ...proxyComponent('haproxy'), exposePrimary: service(model) }
      : { enabled: false },
    proxysql: proxy === ProxyType.PROXYSQL
      ? { ...proxyComponent('proxysql'), expose: service(model), volumeSpec: proxysqlVolume(model) }
      : { enabled: false },
    backup: backupSpec(model),
    pmm: monitoring?.kind === MonitoringKind.PMM ? pmmSpec(monitoring.pmmOptions!) : undefined,
  };
}
