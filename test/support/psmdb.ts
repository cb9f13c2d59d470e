import { Chart, Testing } from 'cdk8s';
import { only, synthValid } from './schema';
import { BackupProvider, BackupStorage, BackupStorageProps, DatabaseCluster, DatabaseClusterProps, DatabaseEngine, MongodbVersion } from '../../src';

type Props = Partial<DatabaseClusterProps>;

/** S3 (AWS, with a prefix), an S3-compatible store, GCS and Azure storages in `chart`. */
export function storagesIn(chart: Chart) {
  const storage = (id: string, props: Omit<BackupStorageProps, 'credentialsSecret'>) => new BackupStorage(chart, id, { credentialsSecret: `${id}-creds`, ...props });
  return {
    s3: storage('s3', { provider: BackupProvider.S3, bucket: 'acme-backups', region: 'eu-west-1', prefix: 'prod' }),
    minio: storage('minio', { provider: BackupProvider.S3, bucket: 'backups', endpoint: 'https://minio.local:9000', verifyTls: false, forcePathStyle: true }),
    gcs: storage('gcs', { provider: BackupProvider.GCS, bucket: 'acme-mongo' }),
    azure: storage('azure', { provider: BackupProvider.AZURE, bucket: 'mongo' }),
  };
}

/** The storages of a `mongo` chart. */
export type Storages = ReturnType<typeof storagesIn>;

/** A chart in namespace `shop` with the storages above, and a MongoDB 8.0 cluster `fleet-sessions` in it. */
export function mongo(props: Props | ((s: Storages) => Props) = {}) {
  const chart = new Chart(Testing.app(), 'fleet', { namespace: 'shop' });
  const storages = storagesIn(chart);
  const cluster = new DatabaseCluster(chart, 'sessions', {
    engine: DatabaseEngine.mongodb({ version: MongodbVersion.V8_0_17 }),
    ...(typeof props === 'function' ? props(storages) : props),
  });
  const objects = () => synthValid(chart);
  return { chart, cluster, storages, objects, spec: () => only(objects(), 'PerconaServerMongoDB').spec };
}
