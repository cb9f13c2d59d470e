import { OPERATOR_VERSION_LABEL, PGBACKREST_CONF_DIR } from './names';
import { nodePlacementOf } from './placement';
import { BACKUP_JOB_RESOURCES, limitsAndRequests, PGBACKREST_RESOURCES, RELOADER_RESOURCES } from './resources';
import { PG_IMAGES, PG_OPERATOR_VERSION } from './versions';
import { BackupProvider, BackupStorage } from '../../backup-storage';
import * as pg from '../../imports/pgv2-pgv2.percona.com';
import { ClusterModel, ScheduleModel, storagesOf } from '../../model';
import { compact } from '../../objects';

/** `repoN` of a storage: its position among every storage the cluster uses (so a clone source gets a free number). */
export function repoName(m: ClusterModel, storage: BackupStorage): string {
  return `repo${storagesOf(m).indexOf(storage) + 1}`;
}

/** Storages the cluster writes backups and WAL to: all but a `restoreFrom` storage used for nothing else. */
export function repoStorages(m: ClusterModel): BackupStorage[] {
  return storagesOf({ ...m, restoreFrom: undefined });
}

function s3Endpoint(storage: BackupStorage): { host: string; port?: string } {
  if (!storage.endpoint) return { host: `s3.${storage.region}.amazonaws.com` };
  const url = new URL(storage.endpoint);
  return { host: url.hostname, port: url.port || undefined };
}

/** The repository's location fields (`repos[]` and `dataSource.pgbackrest.repo` share the shape). */
export function repoLocation(storage: BackupStorage): Pick<pg.PerconaPgClusterSpecBackupsPgbackrestRepos, 's3' | 'gcs' | 'azure'> {
  switch (storage.provider) {
    case BackupProvider.S3:
      // pgBackRest needs a region even where the store ignores it (MinIO): us-east-1 is the S3 default.
      return { s3: { bucket: storage.bucket, endpoint: s3Endpoint(storage).host, region: storage.region ?? 'us-east-1' } };
    case BackupProvider.GCS:
      return { gcs: { bucket: storage.bucket } };
    case BackupProvider.AZURE:
      return { azure: { container: storage.bucket } };
  }
}

/** Where the storage's credentials land in conf.d: one file per Secret and provider, whatever repos it serves. */
function credentialsFile(storage: BackupStorage): { key: string; path: string } {
  switch (storage.provider) {
    case BackupProvider.S3:
      return { key: 's3.conf', path: `s3-${storage.credentialsSecret}.conf` };
    case BackupProvider.GCS:
      return { key: 'gcsCredentials', path: `gcs-${storage.credentialsSecret}.json` };
    case BackupProvider.AZURE:
      return { key: 'azure.conf', path: `azure-${storage.credentialsSecret}.conf` };
  }
}

export function credentialsProjections(storages: BackupStorage[]): pg.PerconaPgClusterSpecBackupsPgbackrestConfiguration[] {
  const files = new Map(storages.map((s) => [`${s.credentialsSecret}/${credentialsFile(s).path}`, s]));
  return [...files.values()].map((s) => ({ secret: { name: s.credentialsSecret, items: [credentialsFile(s)] } }));
}

/** pgBackRest's `[global]` options of one repository. */
export function repoGlobal(repo: string, storage: BackupStorage, path: string, schedule?: ScheduleModel): { [key: string]: string } {
  const s3 = storage.provider === BackupProvider.S3 ? s3Endpoint(storage) : undefined;
  return compact<{ [key: string]: string | undefined }>({
    // A path of the cluster's own: the operator's default is /pgbackrest/repoN for every cluster
    // (internal/pgbackrest/config.go:populatePGInstanceConfigurationMap), so two clusters on one bucket would share it.
    [`${repo}-path`]: `/${path}`,
    [`${repo}-retention-full`]: schedule && String(schedule.retention),
    [`${repo}-retention-full-type`]: schedule && 'count',
    [`${repo}-s3-uri-style`]: storage.forcePathStyle ? 'path' : undefined,
    [`${repo}-storage-port`]: s3?.port,
    [`${repo}-storage-verify-tls`]: storage.verifyTls ? undefined : 'n',
    [`${repo}-gcs-key`]: storage.provider === BackupProvider.GCS ? `${PGBACKREST_CONF_DIR}/${credentialsFile(storage).path}` : undefined,
    [`${repo}-gcs-key-type`]: storage.provider === BackupProvider.GCS ? 'service' : undefined,
  }) as { [key: string]: string };
}

/**
 * One repository per storage, each with its full-backup schedule. WAL goes continuously to every repository, so
 * each can be restored to any instant: point-in-time recovery needs no switch (and cannot be turned off).
 *
 * `manual` stays out: the operator writes it at the start of every backup
 * (percona/controller/pgbackup/controller.go:startBackup, with the backup's own name in its options), so any value
 * here would drift; Crunchy reads it only then.
 */
export function backups(m: ClusterModel): pg.PerconaPgClusterSpecBackups {
  const storages = repoStorages(m);
  // Without storages backups are off (the CRD's CEL rule wants a repository otherwise); the operator then drops the
  // whole section (perconapgcluster_types.go:Backups.ToCrunchy), the pgBackRest image included.
  if (storages.length === 0) return { enabled: false };
  const scheduleOf = (storage: BackupStorage) => m.schedules.find((s) => s.storage === storage);
  const placement = nodePlacementOf(m);
  return {
    enabled: true,
    trackLatestRestorableTime: true,
    pgbackrest: {
      image: PG_IMAGES.pgBackRest,
      metadata: { labels: { [OPERATOR_VERSION_LABEL]: PG_OPERATOR_VERSION } },
      configuration: credentialsProjections(storages),
      global: Object.assign({}, ...storages.map((s) => repoGlobal(repoName(m, s), s, s.pathFor(m.name, m.namespace), scheduleOf(s)))),
      repos: storages.map((s) => {
        const schedule = scheduleOf(s);
        return compact({ name: repoName(m, s), ...repoLocation(s), schedules: schedule?.enabled ? { full: schedule.cron } : undefined });
      }),
      // PGO makes the repository host for every cluster with backups (postgrescluster/pgbackrest.go:reconcileDedicatedRepoHost).
      repoHost: { resources: limitsAndRequests(PGBACKREST_RESOURCES), ...placement },
      jobs: { resources: limitsAndRequests(BACKUP_JOB_RESOURCES), ...placement },
      // The TLS server beside each instance and its configuration reloader, also on the repository host
      // (internal/pgbackrest/reconcile.go:addServerContainerAndVolume).
      containers: {
        pgbackrest: { resources: limitsAndRequests(PGBACKREST_RESOURCES) },
        pgbackrestConfig: { resources: limitsAndRequests(RELOADER_RESOURCES) },
      },
    },
  };
}
