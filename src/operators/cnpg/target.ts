import { ApiObject, Size } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { objectStores, onDemandBackup, scheduledBackup } from './backup';
import { clusterSpec, poolerSpec } from './cluster';
import { prometheus } from './monitoring';
import { HIBERNATION_ANNOTATION, names, POOLER_LABEL, POSTGRES_PORT } from './names';
import { CNPG_RULES, CNPG_SCHEDULE_RULES } from './rules';
import { CNPG_OPERATOR_VERSION } from './versions';
import { CronDialect } from '../../cron';
import { EngineType, Operator } from '../../engine';
import { invalid } from '../../errors';
import * as cnpg from '../../imports/cnpg-postgresql.cnpg.io';
import { ClusterModel } from '../../model';
import { lazy } from '../../objects';
import { EngineTarget, RenderedCluster } from '../../provider';
import { ProxyType } from '../../proxy';

/** Per app, the construct path of the cluster that rendered each CloudNativePG Cluster and Pooler, by kind, namespace and name. */
const RENDERED = new WeakMap<IConstruct, Map<string, string>>();

/**
 * The Pooler controller skips a Pooler that has the name of any Cluster of its namespace (event `NameClash`,
 * internal/controller/pooler_controller.go:Reconcile), and that Cluster's replica PodDisruptionBudget is named like
 * the Pooler's. Checked both ways, so that whichever cluster comes second is refused.
 */
function refuseNameClash(scope: Construct, model: ClusterModel, pooler: string | undefined): void {
  const rendered = RENDERED.get(scope.node.root) ?? new Map<string, string>();
  RENDERED.set(scope.node.root, rendered);
  const key = (kind: string, name: string) => `${kind}/${model.namespace ?? ''}/${name}`;
  const why = 'CloudNativePG skips a Pooler named like a Cluster of its namespace: rename one of the two clusters, or use ProxyType.NONE';
  const cluster = pooler && rendered.get(key('Cluster', pooler));
  if (cluster) invalid(scope, 'proxy.type', model.proxy.type, `the Pooler ${pooler} has the name of the Cluster of ${cluster}, and ${why}`);
  const other = rendered.get(key('Pooler', model.name));
  if (other) invalid(scope, 'name', model.name, `the Pooler of ${other} has this name, and ${why}`);
  rendered.set(key('Cluster', model.name), scope.node.path);
  if (pooler) rendered.set(key('Pooler', pooler), scope.node.path);
}

/** PostgreSQL on CloudNativePG, backed up by the Barman Cloud plugin. */
export const cnpgTarget: EngineTarget = {
  engine: EngineType.POSTGRES,
  operator: Operator.CLOUDNATIVE_PG,
  description: `CloudNativePG ${CNPG_OPERATOR_VERSION}`,
  proxies: [
    { type: ProxyType.PGBOUNCER, defaultResources: { cpu: Cpu.millis(200), memory: Size.mebibytes(256) } },
    { type: ProxyType.NONE, defaultResources: { cpu: Cpu.millis(200), memory: Size.mebibytes(256) } },
  ],
  // internal/webhook/v1/scheduledbackup_webhook.go:validate and the ScheduledBackup controller use robfig/cron v1.2.0
  // Parse (go.mod), six fields with seconds first.
  cronDialect: CronDialect.ROBFIG_V1,
  archivesLogsWithEveryStorage: true,
  defaultProxy: () => ProxyType.PGBOUNCER,
  rules: CNPG_RULES,
  render(scope: Construct, model: ClusterModel): RenderedCluster {
    const pooler = model.proxy.type === ProxyType.PGBOUNCER ? names.pooler(model) : undefined;
    refuseNameClash(scope, model, pooler);
    const resource = new ApiObject(scope, 'Resource', {
      ...cnpg.Cluster.GVK,
      // 'off' is explicit so that un-pausing works with any apply strategy.
      metadata: { name: model.name, namespace: model.namespace, annotations: { [HIBERNATION_ANNOTATION]: model.paused ? 'on' : 'off' } },
      spec: lazy(() => cnpg.toJson_ClusterSpec(clusterSpec(model))),
    });
    objectStores(scope, model);
    if (pooler) {
      new ApiObject(scope, 'Pooler', {
        ...cnpg.Pooler.GVK,
        metadata: { name: pooler, namespace: model.namespace },
        spec: cnpg.toJson_PoolerSpec(poolerSpec(model)),
      });
      // CNPG makes PDBs for instances only.
      new k8s.KubePodDisruptionBudget(scope, 'PoolerDisruptionBudget', {
        metadata: { name: pooler, namespace: model.namespace },
        spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: { [POOLER_LABEL]: pooler } } },
      });
    }
    prometheus(scope, model, pooler);
    return {
      engineResource: resource,
      serviceName: pooler ?? `${model.name}-rw`,
      port: POSTGRES_PORT,
      credentialsSecretName: model.credentialsSecret ?? `${model.name}-app`,
    };
  },
  scheduleRules: CNPG_SCHEDULE_RULES,
  renderSchedule: scheduledBackup,
  renderOnDemandBackup: onDemandBackup,
  renderRestore: (scope, model) => invalid(scope, 'source', model.name,
    'CloudNativePG has no in-place restore: create a new DatabaseCluster with `restoreFrom` and switch clients to it'),
};
