import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { EngineType, Operator } from '../engine';
import { invalid } from '../errors';
import { ProxyType } from '../proxy';
import { Quantities } from '../quantity';
import { podPlacement } from '../scheduling';
import * as pxc from '../imports/pxc-pxc.percona.com';
import { MYSQL_RULES } from './engine-rules';
import { ClusterModel, compact, EngineTarget, lazy, RenderedCluster } from './target';

/** Percona XtraDB Cluster operator 1.18.0: the version whose CRD is vendored and whose images are used. */
export const PXC_OPERATOR_VERSION = '1.18.0';
/** Images the PXC operator 1.18.0 ships (e2e-tests/release_versions). */
export const PXC_IMAGES = {
  pxc: (version: string) => `percona/percona-xtradb-cluster:${version}`,
  haproxy: 'percona/haproxy:2.8.15',
  proxysql: 'percona/proxysql2:2.7.3',
};
const MYSQL_PORT = 3306;

/** Labels the PXC operator puts on the pods of one component (pxc, haproxy, proxysql). */
function componentLabels(name: string, component: string): { [key: string]: string } {
  return { 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': component };
}

function limitsAndRequests(q: Quantities) {
  const l = { cpu: pxc.PerconaXtraDbClusterSpecPxcResourcesLimits.fromString(q.cpu), memory: pxc.PerconaXtraDbClusterSpecPxcResourcesLimits.fromString(q.memory) };
  const r = { cpu: pxc.PerconaXtraDbClusterSpecPxcResourcesRequests.fromString(q.cpu), memory: pxc.PerconaXtraDbClusterSpecPxcResourcesRequests.fromString(q.memory) };
  return { limits: l, requests: r };
}

function proxyResources(q: Quantities) {
  const l = { cpu: pxc.PerconaXtraDbClusterSpecHaproxyResourcesLimits.fromString(q.cpu), memory: pxc.PerconaXtraDbClusterSpecHaproxyResourcesLimits.fromString(q.memory) };
  const r = { cpu: pxc.PerconaXtraDbClusterSpecHaproxyResourcesRequests.fromString(q.cpu), memory: pxc.PerconaXtraDbClusterSpecHaproxyResourcesRequests.fromString(q.memory) };
  return { limits: l, requests: r };
}

/** `[mysqld]` section of my.cnf from the engine parameters. */
function mysqldConfiguration(config: { [key: string]: string }): string | undefined {
  const entries = Object.entries(config);
  if (entries.length === 0) return undefined;
  return ['[mysqld]', ...entries.map(([k, v]) => `${k}=${v}`), ''].join('\n');
}

function service(model: ClusterModel) {
  return compact({
    enabled: true,
    type: model.expose.type,
    loadBalancerSourceRanges: model.expose.sourceRanges.length > 0 ? model.expose.sourceRanges : undefined,
    annotations: Object.keys(model.expose.annotations).length > 0 ? model.expose.annotations : undefined,
  });
}

function pxcSpec(model: ClusterModel): pxc.PerconaXtraDbClusterSpec {
  const { name } = model;
  const proxy = model.proxy.type;
  const proxyComponent = (component: string) => {
    const placement = podPlacement(model.scheduling, componentLabels(name, component));
    return compact({
      enabled: true,
      size: model.proxy.replicas,
      image: component === 'haproxy' ? PXC_IMAGES.haproxy : PXC_IMAGES.proxysql,
      resources: proxyResources(model.proxy.resources),
      affinity: placement.affinity ? { advanced: placement.affinity } : undefined,
      topologySpreadConstraints: placement.topologySpreadConstraints,
      nodeSelector: placement.nodeSelector,
      tolerations: placement.tolerations,
      podDisruptionBudget: { maxUnavailable: pxc.PerconaXtraDbClusterSpecHaproxyPodDisruptionBudgetMaxUnavailable.fromNumber(1) },
    });
  };
  const placement = podPlacement(model.scheduling, componentLabels(name, 'pxc'));
  return {
    crVersion: PXC_OPERATOR_VERSION,
    secretsName: model.credentialsSecret ?? `${name}-secrets`,
    pause: model.paused,
    tls: { enabled: true },
    enableVolumeExpansion: true,
    // Pinned so that neither the operator nor the version service changes the image behind GitOps' back.
    updateStrategy: 'SmartUpdate',
    upgradeOptions: { apply: 'never', schedule: '0 4 * * *' },
    unsafeFlags: model.singleNode ? { pxcSize: true, proxySize: true } : undefined,
    pxc: compact({
      size: model.replicas,
      image: model.engine.image ?? PXC_IMAGES.pxc(model.engine.version),
      resources: limitsAndRequests(model.resources),
      configuration: mysqldConfiguration(model.config),
      volumeSpec: {
        persistentVolumeClaim: compact({
          storageClassName: model.storage.storageClassName,
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: pxc.PerconaXtraDbClusterSpecPxcVolumeSpecPersistentVolumeClaimResourcesRequests.fromString(model.storage.size) } },
        }),
      },
      affinity: placement.affinity ? { advanced: placement.affinity } : { antiAffinityTopologyKey: 'none' },
      topologySpreadConstraints: placement.topologySpreadConstraints,
      nodeSelector: placement.nodeSelector,
      tolerations: placement.tolerations,
      // The operator makes the PDB: set it explicitly rather than add a second one over the same pods.
      podDisruptionBudget: { maxUnavailable: pxc.PerconaXtraDbClusterSpecPxcPodDisruptionBudgetMaxUnavailable.fromNumber(1) },
      expose: proxy === ProxyType.NONE ? service(model) : undefined,
    }),
    haproxy: proxy === ProxyType.HAPROXY
      ? { ...proxyComponent('haproxy'), exposePrimary: service(model) }
      : { enabled: false },
    proxysql: proxy === ProxyType.PROXYSQL
      ? { ...proxyComponent('proxysql'), expose: service(model) }
      : { enabled: false },
  };
}

/** MySQL on the Percona Operator for MySQL based on Percona XtraDB Cluster. */
export const pxcTarget: EngineTarget = {
  engine: EngineType.MYSQL,
  operator: Operator.PERCONA,
  description: `Percona XtraDB Cluster operator ${PXC_OPERATOR_VERSION}`,
  proxyTypes: [ProxyType.HAPROXY, ProxyType.PROXYSQL, ProxyType.NONE],
  defaultProxy: () => ProxyType.HAPROXY,
  rules: MYSQL_RULES,
  render(scope: Construct, model: ClusterModel): RenderedCluster {
    const resource = new ApiObject(scope, 'Resource', {
      ...pxc.PerconaXtraDbCluster.GVK,
      metadata: { name: model.name, namespace: model.namespace },
      spec: lazy(() => pxc.toJson_PerconaXtraDbClusterSpec(pxcSpec(model))),
    });
    const serviceSuffix = { [ProxyType.HAPROXY]: 'haproxy', [ProxyType.PROXYSQL]: 'proxysql' }[model.proxy.type as string] ?? 'pxc';
    return {
      engineResource: resource,
      serviceName: `${model.name}-${serviceSuffix}`,
      port: MYSQL_PORT,
      credentialsSecretName: model.credentialsSecret ?? `${model.name}-secrets`,
    };
  },
  scheduleRules: [],
  renderSchedule: () => undefined,
  renderOnDemandBackup: (scope) => invalid(scope, 'cluster', 'PXC', 'on-demand backups are not implemented yet'),
  renderRestore: (scope) => invalid(scope, 'cluster', 'PXC', 'restores are not implemented yet'),
};
