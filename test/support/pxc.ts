import { Chart, Testing } from 'cdk8s';
import { only, synthValid } from './schema';
import { BackupProvider, BackupStorage, DatabaseCluster, DatabaseClusterProps, DatabaseEngine, MysqlVersion } from '../../src';

/** A chart in namespace `shop` (or none, given null) with one storage of each provider, for PXC clusters on MySQL 8.0. */
export function fleet(namespace: string | null = 'shop') {
  const chart = new Chart(Testing.app(), 'fleet', { namespace: namespace ?? undefined });
  const storages = {
    minio: new BackupStorage(chart, 'minio', {
      provider: BackupProvider.S3,
      bucket: 'db-backups',
      endpoint: 'https://minio.storage.svc:9000',
      forcePathStyle: true,
      verifyTls: false,
      credentialsSecret: 'backup-minio',
      prefix: 'prod',
    }),
    s3: new BackupStorage(chart, 's3', { provider: BackupProvider.S3, bucket: 'acme-db', region: 'eu-west-1', credentialsSecret: 'backup-s3' }),
    azure: new BackupStorage(chart, 'azure', { provider: BackupProvider.AZURE, bucket: 'dbbackups', credentialsSecret: 'backup-azure' }),
    gcs: new BackupStorage(chart, 'gcs', { provider: BackupProvider.GCS, bucket: 'acme-gcs', credentialsSecret: 'backup-gcs-hmac' }),
  };
  const mysql = (id: string, props: Partial<DatabaseClusterProps> = {}) =>
    new DatabaseCluster(chart, id, { engine: DatabaseEngine.mysql({ version: MysqlVersion.V8_0_42 }), ...props });
  const objects = () => synthValid(chart);
  const spec = (name = 'fleet-orders') => only(objects(), 'PerconaXtraDBCluster', name).spec;
  return { chart, storages, mysql, objects, spec };
}

/** The storages of a `fleet`. */
export type FleetStorages = ReturnType<typeof fleet>['storages'];
