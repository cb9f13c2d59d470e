import { Size, ApiObject } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { onDemandBackup } from './backup';
import { pxcSpec } from './cluster';
import { prometheus } from './monitoring';
import { MYSQL_PORT, usersSecret } from './names';
import { restoreObject } from './restore';
import { BACKUP_NAME_RULES, CLONE_RULES, PXC_RULES, PXC_SCHEDULE_RULES, RESTORE_NAME_RULES, RESTORE_SOURCE_RULES } from './rules';
import { PXC_OPERATOR_VERSION } from './versions';
import { CronDialect } from '../../cron';
import { EngineType, Operator } from '../../engine';
import * as pxc from '../../imports/pxc-pxc.percona.com';
import { ClusterModel } from '../../model';
import { lazy } from '../../objects';
import { EngineTarget, RenderedCluster } from '../../provider';
import { ProxyType } from '../../proxy';
import { checkRules, Validation } from '../../rules';

/** MySQL on the Percona Operator for MySQL based on Percona XtraDB Cluster. */
export const pxcTarget: EngineTarget = {
  engine: EngineType.MYSQL,
  operator: Operator.PERCONA,
  description: `Percona XtraDB Cluster operator ${PXC_OPERATOR_VERSION}`,
  proxies: [
    { type: ProxyType.HAPROXY, defaultResources: { cpu: Cpu.millis(200), memory: Size.mebibytes(256) } },
    { type: ProxyType.PROXYSQL, defaultResources: { cpu: Cpu.millis(600), memory: Size.gibibytes(1) } },
    { type: ProxyType.NONE, defaultResources: { cpu: Cpu.millis(200), memory: Size.mebibytes(256) } },
  ],
  // pkg/controller/pxc/controller.go:(*CronRegistry).AddFuncWithSeconds parses with robfig/cron v3 ParseStandard.
  cronDialect: CronDialect.ROBFIG_V3,
  archivesLogsWithEveryStorage: false,
  defaultProxy: () => ProxyType.HAPROXY,
  rules: PXC_RULES,
  render(scope: Construct, model: ClusterModel): RenderedCluster {
    // Checked here, after the engine-neutral checks of the restore source.
    if (model.restoreFrom) checkRules(scope, CLONE_RULES, model.restoreFrom);
    const resource = new ApiObject(scope, 'Resource', {
      ...pxc.PerconaXtraDbCluster.GVK,
      metadata: { name: model.name, namespace: model.namespace },
      spec: lazy(() => pxc.toJson_PerconaXtraDbClusterSpec(pxcSpec(model))),
    });
    prometheus(scope, model);
    const serviceSuffix = { [ProxyType.HAPROXY]: 'haproxy', [ProxyType.PROXYSQL]: 'proxysql' }[model.proxy.type as string] ?? 'pxc';
    return {
      engineResource: resource,
      serviceName: `${model.name}-${serviceSuffix}`,
      port: MYSQL_PORT,
      credentialsSecretName: usersSecret(model),
    };
  },
  scheduleRules: PXC_SCHEDULE_RULES,
  // The schedules live in the cluster's own spec, read at synthesis.
  renderSchedule: () => undefined,
  renderOnDemandBackup: (scope, model, backup) => {
    checkRules(scope, BACKUP_NAME_RULES, backup);
    return onDemandBackup(scope, model, backup);
  },
  renderRestore: (scope, model, restore) => {
    new Validation(scope).check(RESTORE_NAME_RULES, { name: restore.name, model }).check(RESTORE_SOURCE_RULES, restore.source).done();
    return restoreObject(scope, model, restore.name, restore.source);
  },
};
