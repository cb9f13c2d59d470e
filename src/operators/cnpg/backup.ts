import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { BARMAN_PLUGIN, names } from './names';
import { BackupProvider, BackupStorage } from '../../backup-storage';
import { longestIntervalSeconds, withSeconds } from '../../cron';
import { invalid } from '../../errors';
import * as barman from '../../imports/barmancloud-barmancloud.cnpg.io';
import * as cnpg from '../../imports/cnpg-postgresql.cnpg.io';
import { ClusterModel, ScheduleModel } from '../../model';
import { compact, lazy } from '../../objects';

const DAY_SECONDS = 24 * 3600;

/**
 * How each object store is written to: the destination URL and the Secret keys Barman Cloud reads (the same keys
 * as the other targets, see BackupStorageProps.credentialsSecret). The library only names the Secret.
 */
export const OBJECT_STORES: Record<BackupProvider, {
  readonly url: (storage: BackupStorage, path: string) => string;
  readonly credentials: (secret: string) => Pick<barman.ObjectStoreSpecConfiguration, 's3Credentials' | 'googleCredentials' | 'azureCredentials'>;
}> = {
  [BackupProvider.S3]: {
    url: (storage, path) => `s3://${storage.bucket}/${path}`,
    credentials: (secret) => ({
      s3Credentials: { accessKeyId: { name: secret, key: 'AWS_ACCESS_KEY_ID' }, secretAccessKey: { name: secret, key: 'AWS_SECRET_ACCESS_KEY' } },
    }),
  },
  [BackupProvider.GCS]: {
    url: (storage, path) => `gs://${storage.bucket}/${path}`,
    credentials: (secret) => ({ googleCredentials: { applicationCredentials: { name: secret, key: 'gcsCredentials' } } }),
  },
  // Barman Cloud reads the account from the URL, so the storage must name it (a rule below); the account name and
  // its key come from the Secret, as on the Percona operators and Everest. Public Azure cloud endpoints only.
  [BackupProvider.AZURE]: {
    url: (storage, path) => `https://${storage.storageAccount}.blob.core.windows.net/${storage.bucket}/${path}`,
    credentials: (secret) => ({
      azureCredentials: {
        storageAccount: { name: secret, key: 'AZURE_STORAGE_ACCOUNT_NAME' },
        storageKey: { name: secret, key: 'AZURE_STORAGE_ACCOUNT_KEY' },
      },
    }),
  },
};

/** The ObjectStore a point-in-time recovery reads from, when the cluster is a clone. */
export function recoverySource(m: ClusterModel) {
  const source = m.restoreFrom;
  if (source?.sourceCluster === undefined || source.storage === undefined) return undefined;
  const path = source.storage.pathFor(source.sourceCluster, source.sourceNamespace ?? m.namespace);
  return { storage: source.storage, serverName: source.sourceCluster, path };
}

export function destinationPath(storage: BackupStorage, path: string): string {
  return OBJECT_STORES[storage.provider].url(storage, path);
}

/** The WAL archive and base backups of the cluster itself. */
export function ownArchivePath(m: ClusterModel): string | undefined {
  return m.backup && destinationPath(m.backup.storage, m.backup.storage.pathFor(m.name, m.namespace));
}

/** Backups go where the cluster archives its WAL: a base backup without its WAL could not be recovered. */
export function isArchiveStorage(m: ClusterModel, storage: BackupStorage): boolean {
  return m.backup?.storage === storage;
}

export const ARCHIVE_STORAGE_REASON = 'on CloudNativePG a backup goes to the ObjectStore that archives the cluster\'s WAL: '
  + 'set the cluster\'s `backup.storage` and back up to that storage';

/** S3 on AWS: the bucket's region, which the ObjectStore otherwise only takes from a Secret. */
function sidecarConfiguration(storage: BackupStorage): barman.ObjectStoreSpecInstanceSidecarConfiguration | undefined {
  if (storage.provider !== BackupProvider.S3 || storage.region === undefined) return undefined;
  return { env: [{ name: 'AWS_DEFAULT_REGION', value: storage.region }] };
}

/**
 * CNPG keeps backups for a recovery window, not a count: `retention` runs of a schedule span
 * retention × (longest gap between its runs), rounded up to whole days; the longest window of the schedules wins.
 */
function recoveryWindow(m: ClusterModel): string | undefined {
  const days = m.schedules.map((s) => Math.ceil(s.retention * longestIntervalSeconds(s.cron, s.cronDialect) / DAY_SECONDS));
  return days.length > 0 ? `${Math.max(...days)}d` : undefined;
}

function objectStore(
  scope: Construct, id: string, m: ClusterModel, name: string, storage: BackupStorage, path: string, retentionPolicy?: () => string | undefined,
): ApiObject {
  return new ApiObject(scope, id, {
    ...barman.ObjectStore.GVK,
    metadata: { name, namespace: m.namespace },
    spec: lazy(() => barman.toJson_ObjectStoreSpec(compact({
      configuration: compact({
        destinationPath: destinationPath(storage, path),
        endpointUrl: storage.endpoint,
        ...OBJECT_STORES[storage.provider].credentials(storage.credentialsSecret),
        wal: { compression: barman.ObjectStoreSpecConfigurationWalCompression.GZIP },
        data: { compression: barman.ObjectStoreSpecConfigurationDataCompression.GZIP },
      }),
      retentionPolicy: retentionPolicy?.(),
      instanceSidecarConfiguration: sidecarConfiguration(storage),
    }))),
  });
}

/** The ScheduledBackup of one schedule: a plugin backup, in six-field cron. */
export function scheduledBackup(scope: Construct, model: ClusterModel, schedule: ScheduleModel): void {
  new ApiObject(scope, 'Resource', {
    ...cnpg.ScheduledBackup.GVK,
    metadata: { name: names.scheduledBackup(model, schedule.name), namespace: model.namespace },
    spec: cnpg.toJson_ScheduledBackupSpec({
      cluster: { name: model.name },
      schedule: withSeconds(schedule.cron),
      method: cnpg.ScheduledBackupSpecMethod.PLUGIN,
      pluginConfiguration: { name: BARMAN_PLUGIN },
      // The Backups it creates go with it instead of piling up.
      backupOwnerReference: cnpg.ScheduledBackupSpecBackupOwnerReference.SELF,
      suspend: !schedule.enabled,
      // A first base backup right away: until one exists the archived WAL cannot be recovered.
      immediate: schedule.enabled,
    }),
  });
}

/** A plugin Backup of `model`, to the storage that archives its WAL. */
export function onDemandBackup(scope: Construct, model: ClusterModel, backup: { readonly name: string; readonly storage: BackupStorage }): ApiObject {
  if (!isArchiveStorage(model, backup.storage)) invalid(scope, 'storage', backup.storage.name, ARCHIVE_STORAGE_REASON);
  return new ApiObject(scope, 'Resource', {
    ...cnpg.Backup.GVK,
    metadata: { name: backup.name, namespace: model.namespace },
    spec: cnpg.toJson_BackupSpec({
      cluster: { name: model.name },
      method: cnpg.BackupSpecMethod.PLUGIN,
      pluginConfiguration: { name: BARMAN_PLUGIN },
    }),
  });
}

/** The ObjectStore the cluster archives to and, for a clone, the one it recovers from. */
export function objectStores(scope: Construct, model: ClusterModel): void {
  if (model.backup) {
    const storage = model.backup.storage;
    objectStore(scope, 'ObjectStore', model, names.objectStore(model, storage), storage, storage.pathFor(model.name, model.namespace), () => recoveryWindow(model));
  }
  const recovery = recoverySource(model);
  if (recovery) objectStore(scope, 'RecoveryObjectStore', model, names.recoveryObjectStore(model), recovery.storage, recovery.path);
}
