import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { names } from './names';
import { BackupProvider, BackupStorage } from '../../backup-storage';
import { longestIntervalSeconds } from '../../cron';
import * as mdb from '../../imports/mariadb-k8s.mariadb.com';
import { ClusterModel, ScheduleModel } from '../../model';
import { compact, lazy } from '../../objects';
import { Quantities, requirements } from '../../quantity';

const HOUR_SECONDS = 3600;
/** What a one-shot logical Backup keeps: the operator's default, written explicitly because it is set-once (R33). */
const ONE_SHOT_RETENTION = '720h';
/**
 * The backup and restore Jobs' containers (mariabackup, mariadb-dump), which the operator leaves without limits:
 * Everest's figures for backup jobs, as both requests and limits.
 */
export const JOB_RESOURCES: Quantities = { cpu: '600m', memory: '1G' };
/** GCS through its S3 interoperability endpoint, with HMAC keys under the S3 names (minio-go signs for it). */
const GCS_S3_ENDPOINT = 'storage.googleapis.com';

/** The operator's S3 block (identical in every kind). */
export type S3Storage = mdb.PhysicalBackupSpecStorageS3;
/** The operator's Azure Blob block (PhysicalBackup, PointInTimeRecovery, bootstrapFrom). */
export type AzureStorage = mdb.PhysicalBackupSpecStorageAzureBlob;

/** Where one object's files go inside a cluster's path: physical and logical backups and binlogs apart. */
export const folders = {
  physical: (objectName: string) => `physical/${objectName}`,
  logical: (objectName: string) => `logical/${objectName}`,
  binlogs: 'binlogs',
};

/**
 * The S3 endpoint as minio-go takes it, `host[:port]` without a scheme or path (S3.Endpoint's type doc; minio.New),
 * and whether to speak TLS to it: the operator's `tls.enabled`, off by default, so an https endpoint must say so.
 */
function s3Endpoint(storage: BackupStorage): { endpoint: string; tls: boolean } {
  if (storage.provider === BackupProvider.GCS) return { endpoint: GCS_S3_ENDPOINT, tls: true };
  if (storage.endpoint === undefined) return { endpoint: `s3.${storage.region}.amazonaws.com`, tls: true };
  const url = new URL(storage.endpoint);
  return { endpoint: url.host, tls: url.protocol === 'https:' };
}

/**
 * One storage as the operator's `s3` or `azureBlob` block, with `folder` below the cluster's path. Credentials are
 * referenced by key, never copied: S3 (and GCS HMAC) `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, Azure
 * `AZURE_STORAGE_ACCOUNT_KEY`, with the account named on the storage (the operator takes it as a literal). Azure gets
 * no `tls` block: its https URL brings TLS, and `tls.enabled` without a CA fails (pkg/azure/client.go:getTransport).
 */
export function objectStorage(storage: BackupStorage, path: string): { s3?: S3Storage; azureBlob?: AzureStorage } {
  if (storage.provider === BackupProvider.AZURE) {
    return {
      azureBlob: {
        containerName: storage.bucket,
        serviceUrl: `https://${storage.storageAccount}.blob.core.windows.net/`,
        prefix: path,
        storageAccountName: storage.storageAccount,
        storageAccountKey: { name: storage.credentialsSecret, key: 'AZURE_STORAGE_ACCOUNT_KEY' },
      },
    };
  }
  const { endpoint, tls } = s3Endpoint(storage);
  return {
    s3: compact({
      bucket: storage.bucket,
      endpoint,
      region: storage.region,
      prefix: path,
      accessKeyIdSecretKeyRef: { name: storage.credentialsSecret, key: 'AWS_ACCESS_KEY_ID' },
      secretAccessKeySecretKeyRef: { name: storage.credentialsSecret, key: 'AWS_SECRET_ACCESS_KEY' },
      tls: { enabled: tls },
    }),
  };
}

/** Whether the operator's S3 block for `storage` speaks TLS. */
export function usesTls(storage: BackupStorage): boolean {
  return storage.provider !== BackupProvider.AZURE && s3Endpoint(storage).tls;
}

/** A cluster's own path inside a storage, with one object's folder. */
export function pathOf(model: ClusterModel, storage: BackupStorage, folder: string): string {
  return `${storage.pathFor(model.name, model.namespace)}/${folder}`;
}

/**
 * PhysicalBackup keeps backups for a period (`maxRetention`, a Go duration), not a count: `retention` runs span
 * retention × (longest gap between its runs), rounded up to whole hours (R84).
 */
export function maxRetention(schedule: ScheduleModel): string {
  return `${Math.ceil(schedule.retention * longestIntervalSeconds(schedule.cron, schedule.cronDialect) / HOUR_SECONDS)}h`;
}

/**
 * How long one backup may run: until the next is due, at least the operator's hour. The operator deletes a Job that
 * runs longer (physicalbackup_controller_job.go:waitForRunningJobs), so its 1h default would never let a large
 * database's backup finish; it starts no new Job while one runs.
 */
export function backupTimeout(schedule: ScheduleModel): string {
  return `${Math.max(1, Math.floor(longestIntervalSeconds(schedule.cron, schedule.cronDialect) / HOUR_SECONDS))}h`;
}

/**
 * The PhysicalBackup of one schedule: mariabackup Jobs the operator itself schedules (no CronJob), from a ready
 * replica if there is one (PreferReplica: `Replica`, the default, waits forever without one), compressed.
 */
export function scheduledBackup(scope: Construct, model: ClusterModel, schedule: ScheduleModel): void {
  const name = names.scheduledBackup(model, schedule.name);
  new ApiObject(scope, 'Resource', {
    ...mdb.PhysicalBackup.GVK,
    metadata: { name, namespace: model.namespace },
    spec: mdb.toJson_PhysicalBackupSpec({
      mariaDbRef: { name: model.name },
      schedule: { cron: schedule.cron, suspend: !schedule.enabled },
      storage: objectStorage(schedule.storage, pathOf(model, schedule.storage, folders.physical(name))),
      maxRetention: maxRetention(schedule),
      timeout: backupTimeout(schedule),
      target: mdb.PhysicalBackupSpecTarget.PREFER_REPLICA,
      compression: mdb.PhysicalBackupSpecCompression.GZIP,
      resources: requirements(mdb.PhysicalBackupSpecResourcesLimits, mdb.PhysicalBackupSpecResourcesRequests, JOB_RESOURCES),
      // Set-once: the operator would write its own default and freeze it (physicalbackup_types.go:PhysicalBackupPodTemplate.SetDefaults).
      serviceAccountName: name,
    }),
  });
}

/**
 * A logical Backup (mariadb-dump) taken once: the kind the operator's in-place Restore reads, so an on-demand backup
 * can be restored into the running cluster. S3 only: logical backups have no Azure storage (backup_types.go:BackupStorage).
 */
export function onDemandBackup(scope: Construct, model: ClusterModel, backup: { readonly name: string; readonly storage: BackupStorage }): ApiObject {
  // ON_DEMAND_BACKUP_RULES keep Azure out.
  const { s3 } = objectStorage(backup.storage, pathOf(model, backup.storage, folders.logical(backup.name)));
  return new ApiObject(scope, 'Resource', {
    ...mdb.Backup.GVK,
    metadata: { name: backup.name, namespace: model.namespace },
    spec: mdb.toJson_BackupSpec({
      mariaDbRef: { name: model.name },
      storage: { s3 },
      compression: mdb.BackupSpecCompression.GZIP,
      maxRetention: ONE_SHOT_RETENTION,
      resources: requirements(mdb.BackupSpecResourcesLimits, mdb.BackupSpecResourcesRequests, JOB_RESOURCES),
      serviceAccountName: backup.name,
    }),
  });
}

/**
 * The PointInTimeRecovery of a cluster with `backup.pointInTimeRecovery`: its binlogs go to `binlogs/` of the
 * backup storage, and restores replay them on the physical backups of the first enabled schedule on that storage.
 */
export function pointInTimeRecovery(scope: Construct, model: ClusterModel): void {
  const storage = model.backup!.storage;
  new ApiObject(scope, 'PointInTimeRecovery', {
    ...mdb.PointInTimeRecovery.GVK,
    metadata: { name: names.pointInTimeRecovery(model), namespace: model.namespace },
    spec: lazy(() => mdb.toJson_PointInTimeRecoverySpec({
      // MARIADB_SYNTHESIS_RULES make sure there is one.
      physicalBackupRef: { name: names.scheduledBackup(model, baseSchedule(model)!.name) },
      storage: objectStorage(storage, pathOf(model, storage, folders.binlogs)),
      compression: mdb.PointInTimeRecoverySpecCompression.GZIP,
      // A restore past the last archived binlog fails rather than silently stopping short
      // (mariadb_controller_init.go:reconcilePITRInitError).
      strictMode: true,
    })),
  });
}

/** The schedule whose PhysicalBackup binlogs are replayed on: the first enabled one on `backup.storage`. */
export function baseSchedule(model: ClusterModel): ScheduleModel | undefined {
  return model.schedules.find((s) => s.enabled && s.storage === model.backup?.storage);
}
