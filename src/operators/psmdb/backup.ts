import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { limitsAndRequests, SIDECAR_RESOURCES } from './resources';
import { PSMDB_IMAGES } from './versions';
import { BackupProvider, BackupStorage } from '../../backup-storage';
import * as psmdb from '../../imports/psmdb-psmdb.percona.com';
import { ClusterModel, ScheduleModel, storagesOf } from '../../model';
import { compact } from '../../objects';

/** Minutes of oplog in one PITR chunk (PBM's default, set so the operator has nothing to fill in). */
const OPLOG_SPAN_MINUTES = 10;

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

/** The URL form PBM names a backup location with (`destination`). */
export function destinationOf(storage: BackupStorage, path: string): string {
  const scheme = { [BackupProvider.S3]: 's3', [BackupProvider.GCS]: 'gs', [BackupProvider.AZURE]: 'azure' }[storage.provider];
  return `${scheme}://${storage.bucket}/${path}/`;
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
 * `spec.backup`: PBM keeps a single storage, so the cluster's one storage (see the rules) is `main`. The backup
 * agents also run when only a restore uses a storage: restores go through them.
 */
export function backupSpec(model: ClusterModel): psmdb.PerconaServerMongoDbSpecBackup {
  const [storage] = storagesOf(model);
  if (!storage) return { enabled: false, image: PSMDB_IMAGES.backup };
  return {
    enabled: true,
    image: PSMDB_IMAGES.backup,
    resources: limitsAndRequests(SIDECAR_RESOURCES.backupAgent),
    storages: { [storage.name]: { type: storage.provider, main: true, ...pbmLocation(storage, storage.pathFor(model.name, model.namespace)) } },
    tasks: model.schedules.map(task),
    pitr: { enabled: model.backup?.pointInTimeRecovery ?? false, oplogSpanMin: OPLOG_SPAN_MINUTES },
  };
}

/** A PerconaServerMongoDBBackup of `model` to `storage`. */
export function onDemandBackup(scope: Construct, model: ClusterModel, backup: { readonly name: string; readonly storage: BackupStorage }): ApiObject {
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
