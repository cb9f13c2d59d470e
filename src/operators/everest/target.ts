import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { dataSource, everestBackupStorage } from './backup';
import { databaseClusterSpec, loadBalancerConfig, userSecretsName } from './cluster';
import { EverestEngine, MONGODB, MYSQL, POSTGRES } from './engines';
import { monitoringConfig } from './monitoring';
import { ON_DEMAND_RULES, RESTORE_RULES, SCHEDULE_RULES } from './rules';
import { podSchedulingPolicy } from './scheduling';
import { EVEREST_OPERATOR_VERSION } from './versions';
import { CronDialect } from '../../cron';
import { Operator } from '../../engine';
import * as everest from '../../imports/everest-everest.percona.com';
import { ClusterModel } from '../../model';
import { lazy } from '../../objects';
import { EngineTarget, RenderedCluster } from '../../provider';
import { checkRules } from '../../rules';

/** One Everest target per engine, sharing everything but the engine's specifics. */
function everestTarget(flavour: EverestEngine): EngineTarget {
  return {
    engine: flavour.engine,
    operator: Operator.EVEREST,
    description: `OpenEverest operator ${EVEREST_OPERATOR_VERSION} (${flavour.type})`,
    proxies: flavour.proxies,
    archivesLogsWithEveryStorage: flavour.archivesLogsWithEveryStorage,
    // Everest passes schedules verbatim to the Percona operators (providers/*/applier.go), which parse with robfig/cron v3.
    cronDialect: CronDialect.ROBFIG_V3,
    defaultProxy: flavour.defaultProxy,
    rules: flavour.rules,

    render(scope: Construct, model: ClusterModel): RenderedCluster {
      if (model.backup) everestBackupStorage(scope, 'backup.storage', model.backup.storage, model.namespace);
      if (model.restoreFrom?.storage) everestBackupStorage(scope, 'restoreFrom.storage', model.restoreFrom.storage, model.namespace);
      const names = {
        podSchedulingPolicy: podSchedulingPolicy(scope, flavour, model).name,
        loadBalancerConfig: loadBalancerConfig(scope, model).name,
        monitoringConfig: monitoringConfig(scope, model),
      };
      const resource = new ApiObject(scope, 'Resource', {
        ...everest.DatabaseCluster.GVK,
        metadata: { name: model.name, namespace: model.namespace },
        spec: lazy(() => everest.toJson_DatabaseClusterSpec(databaseClusterSpec(flavour, model, names))),
      });
      return {
        engineResource: resource,
        serviceName: flavour.serviceName(model),
        port: flavour.port,
        credentialsSecretName: userSecretsName(model),
      };
    },

    scheduleRules: SCHEDULE_RULES,
    renderSchedule: (scope, model, schedule) => everestBackupStorage(scope, 'storage', schedule.storage, model.namespace),

    renderOnDemandBackup(scope, model, backup) {
      checkRules(scope, ON_DEMAND_RULES, { model, storage: backup.storage });
      everestBackupStorage(scope, 'storage', backup.storage, model.namespace);
      return new ApiObject(scope, 'Resource', {
        ...everest.DatabaseClusterBackup.GVK,
        metadata: { name: backup.name, namespace: model.namespace },
        spec: everest.toJson_DatabaseClusterBackupSpec({ dbClusterName: model.name, backupStorageName: backup.storage.name }),
      });
    },

    renderRestore(scope, model, restore) {
      checkRules(scope, RESTORE_RULES, { model, source: restore.source });
      if (restore.source.storage) everestBackupStorage(scope, 'source.storage', restore.source.storage, model.namespace);
      return new ApiObject(scope, 'Resource', {
        ...everest.DatabaseClusterRestore.GVK,
        metadata: { name: restore.name, namespace: model.namespace },
        spec: everest.toJson_DatabaseClusterRestoreSpec({
          dbClusterName: model.name,
          dataSource: dataSource(restore.source, everest.DatabaseClusterRestoreSpecDataSourcePitrType.DATE),
        }),
      });
    },
  };
}

/** MySQL (Percona XtraDB Cluster 1.18.0) through OpenEverest. */
export const everestMysqlTarget: EngineTarget = everestTarget(MYSQL);
/** MongoDB (Percona Server for MongoDB 1.21.2) through OpenEverest. */
export const everestMongodbTarget: EngineTarget = everestTarget(MONGODB);
/** PostgreSQL (Percona Operator for PostgreSQL 2.8.2) through OpenEverest. */
export const everestPostgresTarget: EngineTarget = everestTarget(POSTGRES);
