import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { PXC_IMAGES } from './versions';
import { BackupProvider, BackupStorage } from '../../backup-storage';
import * as pxc from '../../imports/pxc-pxc.percona.com';
import { ClusterModel, ScheduleModel, storagesOf } from '../../model';
import { Quantities, requirements } from '../../quantity';

/**
 * PXC 1.18.0 has no GCS storage type; Percona documents GCS through its S3 interoperability endpoint, so a GCS
 * storage's Secret holds HMAC keys under the S3 names (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).
 */
const GCS_S3_ENDPOINT = 'https://storage.googleapis.com';
/**
 * PXC 1.18.0 has no `forcePathStyle`: the operator's own S3 client already uses path-style URLs for any endpoint
 * but AWS's, and xbcloud, which moves the backups, is told so explicitly.
 */
const XBCLOUD_PATH_STYLE = '--s3-bucket-lookup=path';
/** Backup and restore jobs stream through xbcloud: Everest's figures, as both requests and limits. */
const BACKUP_JOB_RESOURCES: Quantities = { cpu: '600m', memory: '1G' };
/** The binlog collector's resources, as the operator's cr.yaml suggests them. */
const BINLOG_COLLECTOR_RESOURCES = { requests: { cpu: '100m', memory: '100M' }, limits: { cpu: '700m', memory: '1G' } };
/** Seconds between binlog uploads (the operator's and Everest's default). */
const PITR_UPLOAD_INTERVAL_SECONDS = 60;

/** The storage that receives binlogs: the backup storage under another name, one folder deeper. */
function pitrStorageName(storage: BackupStorage): string {
  return `${storage.name}-pitr`;
}

/** Where one cluster's backups go inside a storage, as PXC spells it (`bucket/path`), for S3 (GCS) or Azure. */
export function objectStore(storage: BackupStorage, path: string) {
  const location = `${storage.bucket}/${path}`;
  if (storage.provider === BackupProvider.AZURE) {
    return { azure: { container: location, credentialsSecret: storage.credentialsSecret } };
  }
  const endpointUrl = storage.provider === BackupProvider.GCS ? GCS_S3_ENDPOINT : storage.endpoint;
  return { s3: { bucket: location, credentialsSecret: storage.credentialsSecret, region: storage.region, endpointUrl } };
}

/**
 * One storage. Backup Jobs, the binlog collector of the PITR storage and PVC restores are placed by their storage,
 * not by the cluster (pkg/pxc/backup/job.go:JobSpec, pkg/pxc/app/binlogcollector/binlog-collector.go:GetDeployment):
 * without the cluster's node selector and tolerations they would stay Pending where only dedicated nodes exist.
 */
function storageSpec(model: ClusterModel, storage: BackupStorage, path: string): pxc.PerconaXtraDbClusterSpecBackupStorages {
  return {
    type: storage.provider === BackupProvider.AZURE ? 'azure' : 's3',
    ...objectStore(storage, path),
    verifyTls: storage.verifyTls,
    resources: requirements(pxc.PerconaXtraDbClusterSpecBackupStoragesResourcesLimits, pxc.PerconaXtraDbClusterSpecBackupStoragesResourcesRequests,
      BACKUP_JOB_RESOURCES),
    containerOptions: storage.forcePathStyle ? { args: { xbcloud: [XBCLOUD_PATH_STYLE] } } : undefined,
    nodeSelector: model.scheduling.nodeSelector,
    tolerations: model.scheduling.tolerations,
  };
}

function scheduleSpec(schedule: ScheduleModel): pxc.PerconaXtraDbClusterSpecBackupSchedule {
  return {
    name: schedule.name,
    schedule: schedule.cron,
    storageName: schedule.storage.name,
    retention: { type: pxc.PerconaXtraDbClusterSpecBackupScheduleRetentionType.COUNT, count: schedule.retention, deleteFromStorage: true },
  };
}

/**
 * `spec.backup`, always with its image: restore jobs run it too, even on a cluster without storages. Every storage
 * the cluster uses gets the cluster's deterministic path; a disabled schedule is left out (PXC has no such flag).
 */
export function backupSpec(model: ClusterModel): pxc.PerconaXtraDbClusterSpecBackup {
  const pathOf = (storage: BackupStorage) => storage.pathFor(model.name, model.namespace);
  const storages = storagesOf(model).map((s) => [s.name, storageSpec(model, s, pathOf(s))] as const);
  const pitr = model.backup?.pointInTimeRecovery ? model.backup.storage : undefined;
  if (pitr) storages.push([pitrStorageName(pitr), storageSpec(model, pitr, `${pathOf(pitr)}/pitr`)]);
  const schedules = model.schedules.filter((s) => s.enabled);
  return {
    image: PXC_IMAGES.xtrabackup(model.engine.minorVersion),
    storages: storages.length > 0 ? Object.fromEntries(storages) : undefined,
    schedule: schedules.length > 0 ? schedules.map(scheduleSpec) : undefined,
    pitr: pitr && {
      enabled: true,
      storageName: pitrStorageName(pitr),
      timeBetweenUploads: PITR_UPLOAD_INTERVAL_SECONDS,
      resources: requirements(pxc.PerconaXtraDbClusterSpecBackupPitrResourcesLimits, pxc.PerconaXtraDbClusterSpecBackupPitrResourcesRequests,
        BINLOG_COLLECTOR_RESOURCES.limits, BINLOG_COLLECTOR_RESOURCES.requests),
    },
  };
}

/** A PerconaXtraDBClusterBackup of `model` to `storage`. */
export function onDemandBackup(scope: Construct, model: ClusterModel, backup: { readonly name: string; readonly storage: BackupStorage }): ApiObject {
  return new ApiObject(scope, 'Resource', {
    ...pxc.PerconaXtraDbClusterBackup.GVK,
    metadata: { name: backup.name, namespace: model.namespace },
    spec: pxc.toJson_PerconaXtraDbClusterBackupSpec({ pxcCluster: model.name, storageName: backup.storage.name }),
  });
}
