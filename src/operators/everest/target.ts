import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { dataSource, everestBackupStorage } from './backup';
import { databaseClusterSpec, loadBalancerConfig, usersSecret } from './cluster';
import { EverestEngine, MONGODB, MYSQL, POSTGRES } from './engines';
import { monitoringConfig } from './monitoring';
import { after, follower } from './order';
import { ON_DEMAND_RULES, RESTORE_RULES, SCHEDULE_RULES } from './rules';
import { podSchedulingPolicy } from './scheduling';
import { EVEREST_OPERATOR_VERSION } from './versions';
import { CronDialect } from '../../cron';
import { Operator } from '../../engine';
import * as everest from '../../imports/everest-everest.percona.com';
import { ClusterModel } from '../../model';
import { lazy } from '../../objects';
import { EngineTarget, RenderedCluster } from '../../provider';
import { markForReadiness } from '../../readiness';
import { checkRules } from '../../rules';

/** The DatabaseCluster object of each cluster, which its backups, restores and schedules' storages are ordered against. */
const DATABASE_CLUSTERS = new WeakMap<ClusterModel, ApiObject>();

/**
 * Keeps an on-demand backup's data when its DatabaseClusterBackup is deleted (pruned from Git, or with its cluster,
 * which Everest makes its owner): Everest then drops the Percona operator's delete-backup finalizer
 * (databaseclusterbackup_controller.go:handleStorageProtectionFinalizer), as its own UI does unless asked to clean up.
 */
const STORAGE_PROTECTION_FINALIZER = 'everest.percona.com/dbb-storage-protection';

/**
 * Everest clears a clone's `spec.dataSource` once the restore is done (common/helper.go:ReconcileDBRestoreFromDataSource;
 * PostgreSQL once the cluster is ready, pg/applier.go:DataSource).
 */
const CLONE_WARNING = 'restoreFrom: Everest clears spec.dataSource once the clone is restored, so GitOps sees drift; remove restoreFrom '
  + 'then (or have Argo CD ignore /spec/dataSource with RespectIgnoreDifferences): re-applied after the clone\'s DatabaseClusterRestore '
  + 'is gone, it restores the backup again over the live data';

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
      const storages = [
        model.backup && everestBackupStorage(scope, 'backup.storage', model.backup.storage, model.namespace),
        model.restoreFrom?.storage && everestBackupStorage(scope, 'restoreFrom.storage', model.restoreFrom.storage, model.namespace),
      ];
      const policy = podSchedulingPolicy(scope, flavour, model);
      const loadBalancer = loadBalancerConfig(scope, model);
      const monitoring = monitoringConfig(scope, model);
      const resource = new ApiObject(scope, 'Resource', {
        ...everest.DatabaseCluster.GVK,
        metadata: { name: model.name, namespace: model.namespace },
        spec: lazy(() => everest.toJson_DatabaseClusterSpec(databaseClusterSpec(flavour, model, {
          podSchedulingPolicy: policy.name,
          loadBalancerConfig: loadBalancer.name,
          monitoringConfig: monitoring?.name,
        }))),
      });
      after(resource, policy, loadBalancer, ...[monitoring, ...storages].filter((o): o is ApiObject => o !== undefined));
      DATABASE_CLUSTERS.set(model, resource);
      if (model.restoreFrom) markForReadiness(resource, () => [CLONE_WARNING]);
      return {
        engineResource: resource,
        serviceName: flavour.serviceName(model),
        port: flavour.port,
        credentialsSecretName: usersSecret(model),
      };
    },

    scheduleRules: SCHEDULE_RULES,
    renderSchedule: (scope, model, schedule) => after(DATABASE_CLUSTERS.get(model)!, everestBackupStorage(scope, 'storage', schedule.storage, model.namespace)),

    renderOnDemandBackup(scope, model, backup) {
      checkRules(scope, ON_DEMAND_RULES, { model, storage: backup.storage });
      const storage = everestBackupStorage(scope, 'storage', backup.storage, model.namespace);
      const object = follower(new ApiObject(scope, 'Resource', {
        ...everest.DatabaseClusterBackup.GVK,
        metadata: { name: backup.name, namespace: model.namespace, finalizers: [STORAGE_PROTECTION_FINALIZER] },
        spec: everest.toJson_DatabaseClusterBackupSpec({ dbClusterName: model.name, backupStorageName: backup.storage.name }),
      }));
      after(object, DATABASE_CLUSTERS.get(model)!, storage);
      return object;
    },

    renderRestore(scope, model, restore) {
      checkRules(scope, RESTORE_RULES, { model, name: restore.name, source: restore.source });
      const storage = restore.source.storage && everestBackupStorage(scope, 'source.storage', restore.source.storage, model.namespace);
      const object = follower(new ApiObject(scope, 'Resource', {
        ...everest.DatabaseClusterRestore.GVK,
        metadata: { name: restore.name, namespace: model.namespace },
        spec: everest.toJson_DatabaseClusterRestoreSpec({
          dbClusterName: model.name,
          dataSource: dataSource(restore.source, everest.DatabaseClusterRestoreSpecDataSourcePitrType.DATE),
        }),
      }));
      after(object, DATABASE_CLUSTERS.get(model)!, ...(storage ? [storage] : []));
      return object;
    },
  };
}

/** MySQL (Percona XtraDB Cluster 1.18.0) through OpenEverest. */
export const everestMysqlTarget: EngineTarget = everestTarget(MYSQL);
/** MongoDB (Percona Server for MongoDB 1.21.2) through OpenEverest. */
export const everestMongodbTarget: EngineTarget = everestTarget(MONGODB);
/** PostgreSQL (Percona Operator for PostgreSQL 2.8.2) through OpenEverest. */
export const everestPostgresTarget: EngineTarget = everestTarget(POSTGRES);
