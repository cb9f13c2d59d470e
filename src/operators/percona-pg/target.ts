import { ApiObject, ApiObjectProps, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { repoName, repoStorages } from './backup';
import { clusterSpec } from './cluster';
import { prometheus } from './monitoring';
import { appUserSecret, AUTHORIZE_BACKUP_REMOVAL, POSTGRES_PORT } from './names';
import { restoreOptions } from './restore';
import { PERCONA_PG_RULES, RESTORE_RULES, SCHEDULE_RULES, STORAGE_USE_RULES, SYNTHESIS_RULES } from './rules';
import { PG_OPERATOR_VERSION } from './versions';
import { CronDialect } from '../../cron';
import { EngineType, Operator } from '../../engine';
import * as pg from '../../imports/pgv2-pgv2.percona.com';
import { ClusterModel } from '../../model';
import { lazy } from '../../objects';
import { EngineTarget, RenderedCluster } from '../../provider';
import { ProxyType } from '../../proxy';
import { checkRules } from '../../rules';
/*
 * PostgreSQL on the Percona Operator for PostgreSQL 2.8.2 (Crunchy PGO underneath), backed up by pgBackRest.
 *
 * What the Secrets must hold (the library only names them, it never writes a credential):
 * - `credentialsSecret` of the cluster: the password of the application user (named like the cluster, owning the
 *   database of the same name) under the key `password` (optionally its SCRAM `verifier`). The operator adds
 *   `user`, `host`, `port`, `dbname`, `uri`, `pgbouncer-host`, ... to it and takes ownership of it. Without
 *   `credentialsSecret` the operator generates `<cluster>-pguser-<cluster>` with the same keys. It keeps the `verifier`
 *   it wrote (internal/controller/postgrescluster/postgres.go:generatePostgresUserSecret): a new `password` takes
 *   effect only once `verifier` is deleted with it.
 * - `credentialsSecret` of each BackupStorage, read by pgBackRest from /etc/pgbackrest/conf.d. pgBackRest numbers
 *   its repositories: a storage is `repoN`, N being its position among the cluster's storages in first-use order
 *   (backup.storage, then schedules, on-demand backups, restores, and last a `restoreFrom` storage); a storage added
 *   ahead of others renumbers them, so keep the Secrets' `repoN-` keys in step.
 *   - S3: key `s3.conf`, an INI file `[global]` with `repoN-s3-key=<access key id>` and
 *     `repoN-s3-key-secret=<secret access key>` for every N the Secret serves.
 *   - Azure: key `azure.conf`, `[global]` with `repoN-azure-account=<account>` and `repoN-azure-key=<key>`.
 *   - GCS: key `gcsCredentials`, the service account's JSON key (the same key as on the other targets).
 * - `monitoring.credentialsSecret` of Monitoring.pmm(): the PMM 3 service account token under `PMM_SERVER_TOKEN`.
 */

/**
 * The PerconaPGCluster, checked once more at synthesis against what schedules, backups and restores registered
 * (before serializing, which would wrap the library's error into another).
 */
class ClusterResource extends ApiObject {
  constructor(scope: Construct, id: string, private readonly model: ClusterModel, props: ApiObjectProps) {
    super(scope, id, props);
  }

  public toJson(): any {
    checkRules(this.node.scope!, SYNTHESIS_RULES, this.model);
    return super.toJson();
  }
}

/** PostgreSQL on the Percona Operator for PostgreSQL. */
export const perconaPgTarget: EngineTarget = {
  engine: EngineType.POSTGRES,
  operator: Operator.PERCONA,
  description: `Percona Operator for PostgreSQL ${PG_OPERATOR_VERSION}`,
  proxies: [
    { type: ProxyType.PGBOUNCER, defaultResources: { cpu: Cpu.millis(200), memory: Size.mebibytes(256) } },
    { type: ProxyType.NONE, defaultResources: { cpu: Cpu.millis(200), memory: Size.mebibytes(256) } },
  ],
  // percona/controller/pgcluster/cron.go:(*CronRegistry).AddFuncWithSeconds parses with robfig/cron v3 ParseStandard
  // (the schedules never become CronJobs: perconapgcluster_types.go:ToPostgresCluster clears them).
  cronDialect: CronDialect.ROBFIG_V3,
  archivesLogsWithEveryStorage: true,
  defaultProxy: () => ProxyType.PGBOUNCER,
  rules: PERCONA_PG_RULES,
  render(scope: Construct, model: ClusterModel): RenderedCluster {
    const resource = new ClusterResource(scope, 'Resource', model, {
      ...pg.PerconaPgCluster.GVK,
      metadata: {
        name: model.name,
        namespace: model.namespace,
        // Once a cluster has had backups, PGO stops reconciling it when they are turned off until this annotation says
        // so (postgrescluster/pgbackrest.go:BackupsEnabled); removing the last storage is the guard's to flag.
        annotations: { [AUTHORIZE_BACKUP_REMOVAL]: 'true' },
      },
      spec: lazy(() => pg.toJson_PerconaPgClusterSpec(clusterSpec(model))),
    });
    prometheus(scope, model);
    return {
      engineResource: resource,
      // Without PgBouncer clients reach the primary through Patroni's leader Service, which `spec.expose` shapes.
      serviceName: model.proxy.type === ProxyType.PGBOUNCER ? `${model.name}-pgbouncer` : `${model.name}-ha`,
      port: POSTGRES_PORT,
      credentialsSecretName: appUserSecret(model),
    };
  },
  scheduleRules: SCHEDULE_RULES,
  // The operator runs the schedules of `repos[].schedules` itself.
  renderSchedule: () => undefined,
  renderOnDemandBackup(scope, model, backup) {
    checkRules(scope, STORAGE_USE_RULES, { model, storage: backup.storage });
    return new ApiObject(scope, 'Resource', {
      ...pg.PerconaPgBackup.GVK,
      metadata: { name: backup.name, namespace: model.namespace },
      spec: lazy(() => pg.toJson_PerconaPgBackupSpec({ pgCluster: model.name, repoName: repoName(model, backup.storage), options: ['--type=full'] })),
    });
  },
  renderRestore(scope, model, restore) {
    const source = restore.source;
    checkRules(scope, RESTORE_RULES, { model, name: restore.name, source });
    // A point in time always names its storage, and a backup set may (DatabaseRestore added it to the cluster's
    // repositories); a backup set without one is in the cluster's first repository, numbered at synthesis.
    if (source.storage) checkRules(scope, STORAGE_USE_RULES, { model, storage: source.storage });
    return new ApiObject(scope, 'Resource', {
      ...pg.PerconaPgRestore.GVK,
      metadata: { name: restore.name, namespace: model.namespace },
      spec: lazy(() => pg.toJson_PerconaPgRestoreSpec({
        pgCluster: model.name,
        repoName: repoName(model, source.storage ?? repoStorages(model)[0]),
        options: restoreOptions(source),
      })),
    });
  },
};
