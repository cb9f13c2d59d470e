import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { limitsAndRequests, SIDECAR_RESOURCES } from './resources';
import { PSMDB_IMAGES } from './versions';
import { BackupProvider, BackupStorage } from '../../backup-storage';
import * as psmdb from '../../imports/psmdb-psmdb.percona.com';
import { ClusterModel, ScheduleModel, storagesOf } from '../../model';
import { compact } from '../../objects';

/** Minutes of oplog in one PITR chunk (PBM's default, set so the operator has nothing to fill in). */
export const OPLOG_SPAN_MINUTES = 10;

/**
 * PBM's main storage, its configuration storage, which receives the oplog: the cluster's `backup.storage`, else its
 * only storage. Undefined for a cluster with several storages and no `backup.storage` (which the rules refuse).
 */
export function mainStorageOf(model: ClusterModel): BackupStorage | undefined {
  const storages = storagesOf(model);
  return model.backup?.storage ?? (storages.length === 1 ? storages[0] : undefined);
}

/** Where PBM finds one storage, with the cluster's files below `path` (its provider names PBM's storage type). */
export function pbmLocation(storage: BackupStorage, path: string): Pick<psmdb.PerconaServerMongoDbSpecBackupStorages, 's3' | 'gcs' | 'azure'> {
  const common = { prefix: path, credentialsSecret: storage.credentialsSecret };
  switch (storage.provider) {
    case BackupProvider.S3:
      return {
        s3: compact<psmdb.PerconaServerMongoDbSpecBackupStoragesS3>({
          ...common,
          bucket: storage.bucket,
          region: storage.region,
          endpointUrl: storage.endpoint,
          insecureSkipTlsVerify: !storage.verifyTls,
          forcePathStyle: storage.forcePathStyle,
        }),
      };
    case BackupProvider.GCS:
      return { gcs: { ...common, bucket: storage.bucket } };
    case BackupProvider.AZURE:
      return { azure: { ...common, container: storage.bucket } };
  }
}

/**
 * The URL of one PBM backup, as a backup reports it in `status.destination` (perconaservermongodbbackup/backup.go:
 * Start): the restore controller takes the backup's name from its last segment (psmdb_restore_controller.go:getBackup).
 */
export function destinationOf(storage: BackupStorage, path: string, pbmName: string): string {
  const scheme = { [BackupProvider.S3]: 's3', [BackupProvider.GCS]: 'gs', [BackupProvider.AZURE]: 'azure' }[storage.provider];
  return `${scheme}://${storage.bucket}/${path}/${pbmName}`;
}

function task(schedule: ScheduleModel): psmdb.PerconaServerMongoDbSpecBackupTasks {
  return {
    name: schedule.name,
    enabled: schedule.enabled,
    schedule: schedule.cron,
    retention: { type: psmdb.PerconaServerMongoDbSpecBackupTasksRetentionType.COUNT, count: schedule.retention, deleteFromStorage: true },
    storageName: schedule.storage.name,
    type: psmdb.PerconaServerMongoDbSpecBackupTasksType.LOGICAL,
  };
}

/**
 * `spec.backup`: every storage the cluster uses, each below the cluster's own path. With several, exactly one is
 * `main` (psmdb_defaults.go:CheckNSetDefaults): PBM's configuration storage, which receives the oplog; the others
 * become PBM profiles that backups and restores name (pbm.go:reconcilePBMConfig). The backup agents also run when
 * only a restore uses a storage: restores go through them.
 */
export function backupSpec(model: ClusterModel): psmdb.PerconaServerMongoDbSpecBackup {
  const storages = storagesOf(model);
  if (storages.length === 0) return { enabled: false, image: PSMDB_IMAGES.backup };
  const main = mainStorageOf(model);
  return {
    enabled: true,
    image: PSMDB_IMAGES.backup,
    resources: limitsAndRequests(SIDECAR_RESOURCES.backupAgent),
    storages: Object.fromEntries(storages.map((storage) => [storage.name, {
      type: storage.provider,
      main: storage === main,
      ...pbmLocation(storage, storage.pathFor(model.name, model.namespace)),
    }])),
    tasks: model.schedules.map(task),
    pitr: { enabled: model.backup?.pointInTimeRecovery ?? false, oplogSpanMin: OPLOG_SPAN_MINUTES },
  };
}

/** A PerconaServerMongoDBBackup the app synthesizes: whose backup it is, and where it goes. */
export interface OnDemandBackupRecord {
  readonly model: ClusterModel;
  readonly storage: BackupStorage;
}

const ON_DEMAND_BACKUPS = new WeakMap<IConstruct, Map<string, OnDemandBackupRecord>>();

/** The PerconaServerMongoDBBackup objects of the app `scope` is in, by `namespace/name`. */
export function onDemandBackupsOf(scope: IConstruct): Map<string, OnDemandBackupRecord> {
  const root = scope.node.root;
  if (!ON_DEMAND_BACKUPS.has(root)) ON_DEMAND_BACKUPS.set(root, new Map());
  return ON_DEMAND_BACKUPS.get(root)!;
}

/** A PerconaServerMongoDBBackup of `model` to `storage`. */
export function onDemandBackup(scope: Construct, model: ClusterModel, backup: { readonly name: string; readonly storage: BackupStorage }): ApiObject {
  onDemandBackupsOf(scope).set(`${model.namespace ?? 'default'}/${backup.name}`, { model, storage: backup.storage });
  return new ApiObject(scope, 'Resource', {
    ...psmdb.PerconaServerMongoDbBackup.GVK,
    metadata: { name: backup.name, namespace: model.namespace },
    spec: psmdb.toJson_PerconaServerMongoDbBackupSpec({
      clusterName: model.name,
      storageName: backup.storage.name,
      type: psmdb.PerconaServerMongoDbBackupSpecType.LOGICAL,
    }),
  });
}
