import { Size, ApiObject } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { onDemandBackup } from './backup';
import { pxcSpec } from './cluster';
import { prometheus } from './monitoring';
import { MYSQL_PORT, usersSecret } from './names';
import { restoreObject } from './restore';
import { PXC_RULES, PXC_SCHEDULE_RULES, RESTORE_NAME_RULES, restoreRules } from './rules';
import { PXC_OPERATOR_VERSION } from './versions';
import { CronDialect } from '../../cron';
import { EngineType, Operator } from '../../engine';
import * as pxc from '../../imports/pxc-pxc.percona.com';
import { ClusterModel } from '../../model';
import { lazy } from '../../objects';
import { EngineTarget, RenderedCluster } from '../../provider';
import { ProxyType } from '../../proxy';
import { checkRules } from '../../rules';

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
    const resource = new ApiObject(scope, 'Resource', {
      ...pxc.PerconaXtraDbCluster.GVK,
      metadata: { name: model.name, namespace: model.namespace },
      spec: lazy(() => pxc.toJson_PerconaXtraDbClusterSpec(pxcSpec(model))),
    });
    prometheus(scope, model);
    // A clone: the operator stops the new cluster, restores into it and starts it again, once; the restore object
    // stays Succeeded. It comes after the cluster in the output, since a restore of a missing cluster fails, and so
    // does one whose users Secret is missing: with an operator-generated Secret that is a race, which a clone avoids
    // by naming an existing `credentialsSecret`.
    if (model.restoreFrom) {
      checkRules(scope, restoreRules('restoreFrom'), model.restoreFrom);
      // Short, so that its Jobs' names fit (see RESTORE_NAME_RULES) for any cluster name PXC accepts.
      restoreObject(scope, 'InitialRestore', model, `${model.name}-clone`, model.restoreFrom);
    }
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
  renderOnDemandBackup: onDemandBackup,
  renderRestore: (scope, model, restore) => {
    checkRules(scope, RESTORE_NAME_RULES, { name: restore.name, model });
    checkRules(scope, restoreRules('source'), restore.source);
    return restoreObject(scope, 'Resource', model, restore.name, restore.source);
  },
};
