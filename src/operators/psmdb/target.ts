import { ApiObject, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { onDemandBackup, onDemandBackupsOf } from './backup';
import { psmdbSpec } from './cluster';
import { prometheus } from './monitoring';
import { MONGODB_PORT, usersSecret } from './names';
import { restoreObject } from './restore';
import { checkAtSynthesis, ON_DEMAND_RULES, PSMDB_RULES, RESTORE_RULES, SCHEDULE_RULES, SYNTHESIS_RULES } from './rules';
import { PSMDB_OPERATOR } from './versions';
import { CronDialect } from '../../cron';
import { EngineType, Operator } from '../../engine';
import * as psmdb from '../../imports/psmdb-psmdb.percona.com';
import { ClusterModel } from '../../model';
import { lazy } from '../../objects';
import { EngineTarget, RenderedCluster } from '../../provider';
import { ProxyType } from '../../proxy';
import { checkRules } from '../../rules';

/** MongoDB on the Percona Operator for MongoDB. */
export const psmdbTarget: EngineTarget = {
  engine: EngineType.MONGODB,
  operator: Operator.PERCONA,
  description: PSMDB_OPERATOR,
  proxies: [
    { type: ProxyType.MONGOS, defaultResources: { cpu: Cpu.millis(600), memory: Size.gibibytes(1) } },
    { type: ProxyType.NONE, defaultResources: { cpu: Cpu.millis(200), memory: Size.mebibytes(256) } },
  ],
  // pkg/controller/perconaservermongodb/backup.go:createOrUpdateBackupTask adds tasks to a robfig/cron v3 cron.New().
  cronDialect: CronDialect.ROBFIG_V3,
  archivesLogsWithEveryStorage: false,
  defaultProxy: (model) => model.sharding ? ProxyType.MONGOS : ProxyType.NONE,
  rules: PSMDB_RULES,
  render(scope: Construct, model: ClusterModel): RenderedCluster {
    const resource = new ApiObject(scope, 'Resource', {
      ...psmdb.PerconaServerMongoDb.GVK,
      metadata: { name: model.name, namespace: model.namespace },
      spec: lazy(() => psmdb.toJson_PerconaServerMongoDbSpec(psmdbSpec(scope, model))),
    });
    checkAtSynthesis(scope, SYNTHESIS_RULES, () => ({ model, onDemandBackups: onDemandBackupsOf(scope) }));
    // A clone: the operator waits for the new cluster's backup agents, then restores into it once. The restore
    // follows the cluster in the manifest, because a restore whose cluster the operator cannot find fails for good.
    if (model.restoreFrom) restoreObject(scope, 'Restore', model, `${model.name}-restore-from`, model.restoreFrom, 'restoreFrom');
    prometheus(scope, model);
    return {
      engineResource: resource,
      serviceName: model.sharding ? `${model.name}-mongos` : `${model.name}-rs0`,
      port: MONGODB_PORT,
      credentialsSecretName: usersSecret(model),
    };
  },
  scheduleRules: SCHEDULE_RULES,
  // The schedules live in the cluster's own spec, read at synthesis.
  renderSchedule: () => undefined,
  renderOnDemandBackup(scope, model, backup) {
    checkRules(scope, ON_DEMAND_RULES, model);
    return onDemandBackup(scope, model, backup);
  },
  renderRestore(scope, model, restore) {
    checkRules(scope, RESTORE_RULES, { model, source: restore.source });
    return restoreObject(scope, 'Resource', model, restore.name, restore.source, 'source');
  },
};
