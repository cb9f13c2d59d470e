import { ApiObject, Size } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { onDemandBackup, pointInTimeRecovery, scheduledBackup } from './backup';
import { loadBalancer, mariadbSpec, maxscaleSpec } from './cluster';
import { prometheus } from './monitoring';
import { clientService, MARIADB_PORT, names } from './names';
import { originObjects, restoreObject } from './restore';
import {
  MARIADB_RULES, MARIADB_SCHEDULE_RULES, MARIADB_SYNTHESIS_RULES, ON_DEMAND_BACKUP_RULES, RESTORE_RULES, RESTORE_SYNTHESIS_RULES,
} from './rules';
import { MARIADB_OPERATOR_VERSION } from './versions';
import { CronDialect } from '../../cron';
import { EngineType, Operator } from '../../engine';
import * as mdb from '../../imports/mariadb-k8s.mariadb.com';
import { ClusterModel } from '../../model';
import { lazy } from '../../objects';
import { EngineTarget, RenderedCluster } from '../../provider';
import { ProxyType } from '../../proxy';
import { checkRules, Rule } from '../../rules';

/** MariaDB on the MariaDB operator, with MaxScale and its logical and physical backups. */
export const mariadbTarget: EngineTarget = {
  engine: EngineType.MARIADB,
  operator: Operator.MARIADB,
  description: `MariaDB operator ${MARIADB_OPERATOR_VERSION}`,
  proxies: [
    { type: ProxyType.NONE, defaultResources: { cpu: Cpu.millis(600), memory: Size.gibibytes(1) } },
    { type: ProxyType.MAXSCALE, defaultResources: { cpu: Cpu.millis(600), memory: Size.gibibytes(1) } },
  ],
  // api/v1alpha1/base_types.go:CronParser, robfig/cron v3.0.1 with the five standard fields and no descriptors, read
  // by the webhooks (PhysicalBackup.Validate) and the PhysicalBackup controller's own scheduler.
  cronDialect: CronDialect.ROBFIG_V3,
  archivesLogsWithEveryStorage: false,
  // Clients reach the primary through the operator's Service. MaxScale is opt-in: its Business Source License allows
  // production use with fewer than three servers only.
  defaultProxy: () => ProxyType.NONE,
  rules: MARIADB_RULES,
  render(scope: Construct, model: ClusterModel): RenderedCluster {
    checkAtSynthesis(scope, MARIADB_SYNTHESIS_RULES, model);
    const resource = new ApiObject(scope, 'Resource', {
      ...mdb.MariaDb.GVK,
      metadata: { name: model.name, namespace: model.namespace },
      spec: lazy(() => mdb.toJson_MariaDbSpec(mariadbSpec(model))),
    });
    if (model.proxy.type === ProxyType.MAXSCALE) {
      new ApiObject(scope, 'MaxScale', {
        ...mdb.MaxScale.GVK,
        metadata: { name: names.maxscale(model), namespace: model.namespace },
        spec: mdb.toJson_MaxScaleSpec(maxscaleSpec(model)),
      });
    }
    const exposed = loadBalancer(model);
    if (exposed) new k8s.KubeService(scope, 'LoadBalancer', exposed);
    if (model.backup?.pointInTimeRecovery) pointInTimeRecovery(scope, model);
    originObjects(scope, model);
    prometheus(scope, model);
    return {
      engineResource: resource,
      serviceName: clientService(model),
      port: MARIADB_PORT,
      credentialsSecretName: model.credentialsSecret ?? names.rootSecret(model),
    };
  },
  scheduleRules: MARIADB_SCHEDULE_RULES,
  renderSchedule: scheduledBackup,
  renderOnDemandBackup: (scope, model, backup) => {
    checkRules(scope, ON_DEMAND_BACKUP_RULES, backup);
    return onDemandBackup(scope, model, backup);
  },
  renderRestore: (scope, model, restore) => {
    checkRules(scope, RESTORE_RULES, { source: restore.source, model });
    checkAtSynthesis(scope, RESTORE_SYNTHESIS_RULES, { source: restore.source, model });
    return restoreObject(scope, model, restore);
  },
};

/**
 * Checks rules over what constructs added later register (schedules) once the app is complete: cdk8s runs every
 * construct's validations before it serializes an object, and the library's error goes through unchanged.
 */
function checkAtSynthesis<T>(scope: Construct, rules: ReadonlyArray<Rule<T>>, subject: T): void {
  scope.node.addValidation({
    validate: () => {
      checkRules(scope, rules, subject);
      return [];
    },
  });
}
