import { ApiObject, Size } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
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

/**
 * The Pooler controller skips a Pooler that has the name of any Cluster of its namespace (event `NameClash`,
 * internal/controller/pooler_controller.go:Reconcile), and that Cluster's replica PodDisruptionBudget is named like
 * the Pooler's.
 */
function refuseClusterNamedLike(scope: Construct, model: ClusterModel, pooler: string): void {
  const clash = scope.node.root.node.findAll().find((c) => c instanceof ApiObject && c.apiVersion === cnpg.Cluster.GVK.apiVersion
    && c.kind === cnpg.Cluster.GVK.kind && c.name === pooler && c.metadata.namespace === model.namespace);
  if (clash) {
    invalid(scope, 'proxy.type', model.proxy.type, `the Pooler ${pooler} has the name of the CloudNativePG Cluster of ${clash.node.scope!.node.path}, `
      + 'and CloudNativePG skips a Pooler named like a Cluster of its namespace: rename one of the two clusters, or use ProxyType.NONE');
  }
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
    const resource = new ApiObject(scope, 'Resource', {
      ...cnpg.Cluster.GVK,
      // 'off' is explicit so that un-pausing works with any apply strategy.
      metadata: { name: model.name, namespace: model.namespace, annotations: { [HIBERNATION_ANNOTATION]: model.paused ? 'on' : 'off' } },
      spec: lazy(() => cnpg.toJson_ClusterSpec(clusterSpec(model))),
    });
    objectStores(scope, model);
    const pooler = model.proxy.type === ProxyType.PGBOUNCER ? names.pooler(model) : undefined;
    if (pooler) {
      new ApiObject(scope, 'Pooler', {
        ...cnpg.Pooler.GVK,
        metadata: { name: pooler, namespace: model.namespace },
        // At synthesis, when every cluster of the app exists.
        spec: lazy(() => {
          refuseClusterNamedLike(scope, model, pooler);
          return cnpg.toJson_PoolerSpec(poolerSpec(model));
        }),
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
