/** One MariaDB cluster `fleet-orders` in namespace `shop`, with every kind of backup storage the MariaDB tests use. */
import { Chart, Testing } from 'cdk8s';
import { only, synthValid } from './schema';
import { BackupProvider, BackupStorage, DatabaseCluster, DatabaseClusterProps, DatabaseEngine, MariadbEngineProps, MariadbVersion } from '../../src';

/** The backup storages, in the cluster's chart. */
export function storages(chart: Chart) {
  const s3 = (id: string, props: Partial<ConstructorParameters<typeof BackupStorage>[2]>) =>
    new BackupStorage(chart, id, { provider: BackupProvider.S3, bucket: 'acme-db', credentialsSecret: `backup-${id}`, ...props });
  return {
    aws: s3('aws', { region: 'eu-west-1', prefix: 'prod' }),
    minio: s3('minio', { endpoint: 'https://minio.storage.svc:9000', forcePathStyle: true }),
    minioHttp: s3('minio-http', { endpoint: 'http://minio.storage.svc:9000' }),
    gcs: new BackupStorage(chart, 'gcs', { provider: BackupProvider.GCS, bucket: 'acme-db-gcs', credentialsSecret: 'backup-gcs' }),
    azure: new BackupStorage(chart, 'azure', {
      provider: BackupProvider.AZURE, bucket: 'mariadb', storageAccount: 'acmebackups', prefix: 'prod', credentialsSecret: 'backup-azure',
    }),
    azureNoAccount: new BackupStorage(chart, 'azure-no-account', { provider: BackupProvider.AZURE, bucket: 'mariadb', credentialsSecret: 'backup-azure' }),
    insecure: s3('insecure', { endpoint: 'https://ceph.lab:7480', verifyTls: false }),
    awsPathStyle: s3('aws-path', { region: 'eu-west-1', forcePathStyle: true }),
    withPath: s3('with-path', { endpoint: 'https://minio.storage.svc:9000/s3' }),
  };
}
export type Storages = ReturnType<typeof storages>;
export type Props = Partial<DatabaseClusterProps>;

/** The cluster with `props` (which may use the storages) on MariaDB 11.8.8 and `engine`; `objects()` synthesizes through the schema helper. */
export function mariadb(props: Props | ((s: Storages) => Props) = {}, engine: Partial<MariadbEngineProps> = {}) {
  const chart = new Chart(Testing.app(), 'fleet', { namespace: 'shop' });
  const stores = storages(chart);
  const cluster = new DatabaseCluster(chart, 'orders', {
    engine: DatabaseEngine.mariadb({ version: MariadbVersion.V11_8_8, ...engine }),
    ...(typeof props === 'function' ? props(stores) : props),
  });
  const objects = () => synthValid(chart);
  return { chart, cluster, stores, objects, spec: () => only(objects(), 'MariaDB').spec };
}
