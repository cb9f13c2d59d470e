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
