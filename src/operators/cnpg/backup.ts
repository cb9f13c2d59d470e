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
import { markForReadiness } from '../../readiness';

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

/** Where Barman Cloud keeps one cluster's WAL and base backups: the ObjectStore's destination and the server name. */
export interface Archive {
  readonly destinationPath: string;
  readonly serverName: string;
}

function destinationPath(storage: BackupStorage, path: string): string {
  return OBJECT_STORES[storage.provider].url(storage, path);
}

/**
 * The archive a clone recovers from: the source cluster's, under the server name of the clone's own major (a physical
 * backup only restores on the major that took it).
 */
export function recoverySource(m: ClusterModel): (Archive & { readonly storage: BackupStorage }) | undefined {
  const source = m.restoreFrom;
  if (source?.sourceCluster === undefined || source.storage === undefined) return undefined;
  return {
    storage: source.storage,
    destinationPath: destinationPath(source.storage, source.storage.pathFor(source.sourceCluster, source.sourceNamespace ?? m.namespace)),
    serverName: names.archiveServerName(source.sourceCluster, m.engine.majorVersion),
  };
}

/** The WAL archive and base backups of the cluster itself. */
export function ownArchive(m: ClusterModel): Archive | undefined {
  return m.backup && {
    destinationPath: destinationPath(m.backup.storage, m.backup.storage.pathFor(m.name, m.namespace)),
    serverName: names.archiveServerName(m.name, m.engine.majorVersion),
  };
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
  scope: Construct, id: string, m: ClusterModel, name: string, storage: BackupStorage, destination: string,
  retentionPolicy?: () => string | undefined,
): ApiObject {
  return new ApiObject(scope, id, {
    ...barman.ObjectStore.GVK,
    metadata: { name, namespace: m.namespace },
    spec: lazy(() => barman.toJson_ObjectStoreSpec(compact({
      configuration: compact({
        destinationPath: destination,
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
      // The Backup controller fails every backup of a hibernated cluster ("cannot backup a hibernated cluster",
      // internal/controller/backup_controller.go:checkPrerequisites): a paused cluster's schedules wait.
      suspend: !schedule.enabled || model.paused,
      // A first base backup right away: until one exists the archived WAL cannot be recovered.
      immediate: schedule.enabled && !model.paused,
    }),
  });
}

/**
 * A plugin Backup of `model`, to the storage that archives its WAL. A Backup runs once: the controller never
 * reconciles a completed one again, and its spec is immutable (CEL `BackupSpec is immutable once set`).
 */
export function onDemandBackup(scope: Construct, model: ClusterModel, backup: { readonly name: string; readonly storage: BackupStorage }): ApiObject {
  if (!isArchiveStorage(model, backup.storage)) invalid(scope, 'storage', backup.storage.name, ARCHIVE_STORAGE_REASON);
  // A new Backup of a hibernated cluster fails ("cannot backup a hibernated cluster", internal/controller/
  // backup_controller.go:checkPrerequisites), while one that completed before the pause is never run again: only a
  // warning, as synthesis cannot tell the two apart. barman:internal/cnpgi/instance/retention.go:deleteBackupsNotInCatalog
  // deletes the Backup object once retention removes its backup; re-applied, it would run again.
  markForReadiness(scope, () => {
    const window = recoveryWindow(model);
    return [
      ...(model.paused ? [`CloudNativePG fails a new backup of the paused cluster ${model.name}: apply Backup ${backup.name} once the cluster runs`] : []),
      ...(window === undefined ? [] : [`the Barman Cloud plugin deletes Backup ${backup.name} once its backup leaves the ${window} recovery `
        + 'window, and re-applying it takes a new backup: remove the OnDemandBackup from the code once it has completed']),
    ];
  });
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
  const own = ownArchive(model);
  if (model.backup && own) {
    objectStore(scope, 'ObjectStore', model, names.objectStore(model, model.backup.storage), model.backup.storage, own.destinationPath, () => recoveryWindow(model));
  }
  const recovery = recoverySource(model);
  if (recovery) objectStore(scope, 'RecoveryObjectStore', model, names.recoveryObjectStore(model), recovery.storage, recovery.destinationPath);
}
