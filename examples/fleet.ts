/**
 * The bundled example fleet: every operator target, a DatabaseStorageClass, every scheduling option, backups to
 * every provider, schedules, point-in-time recovery, a clone, on-demand backups and monitoring.
 *
 * The production-readiness report prints four warnings for it, each intended (see INTENDED_WARNINGS): the fleet
 * shows options a production database would not choose.
 */
import { Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  AntiAffinity, BackupProvider, BackupStorage, DatabaseCluster, DatabaseEngine, DatabaseStorageClass, Expose, MariadbVersion, Monitoring,
  MongodbVersion, MysqlVersion, OnDemandBackup, Operator, PostgresVersion, ProxyType, RestoreSource, StorageProvisioner,
} from '../src';

/** The readiness report's warnings for the fleet, each explained where the database is declared below. */
export const INTENDED_WARNINGS = [
  '[fleet/catalog] anti-affinity is only preferred',
  '[fleet/analytics] no backups',
  '[fleet/inventory] no anti-affinity',
  '[fleet/accounts] backups without point-in-time recovery',
];

/** Adds the example fleet to `scope` as one chart in namespace `shop`. */
export function buildFleet(scope: Construct): Chart {
  const chart = new Chart(scope, 'fleet', { namespace: 'shop' });

  const fast = new DatabaseStorageClass(chart, 'fast', { provisioner: StorageProvisioner.AWS_EBS, name: 'db-fast' });

  const s3 = new BackupStorage(chart, 's3', {
    provider: BackupProvider.S3, bucket: 'acme-db-backups', region: 'eu-west-1', credentialsSecret: 'backup-s3', prefix: 'prod',
  });
  const minio = new BackupStorage(chart, 'minio', {
    provider: BackupProvider.S3,
    bucket: 'db-backups',
    endpoint: 'https://minio.storage.svc:9000',
    forcePathStyle: true,
    credentialsSecret: 'backup-minio',
  });
  const gcs = new BackupStorage(chart, 'gcs', { provider: BackupProvider.GCS, bucket: 'acme-mongo-backups', credentialsSecret: 'backup-gcs' });
  const azure = new BackupStorage(chart, 'azure', { provider: BackupProvider.AZURE, bucket: 'pgbackups', credentialsSecret: 'backup-azure' });

  // MySQL on Percona XtraDB Cluster: strict anti-affinity, zone spread, PITR, PMM.
  const orders = new DatabaseCluster(chart, 'orders', {
    engine: DatabaseEngine.mysql({ version: MysqlVersion.V8_0_42 }),
    resources: { cpu: Cpu.units(2), memory: Size.gibibytes(8) },
    storage: { size: Size.gibibytes(100), storageClass: fast },
    proxy: { type: ProxyType.HAPROXY, replicas: 3 },
    scheduling: { antiAffinity: AntiAffinity.REQUIRED, spreadAcrossZones: true },
    backup: { storage: s3, pointInTimeRecovery: true },
    monitoring: Monitoring.pmm({ url: 'https://pmm.example.com', credentialsSecret: 'pmm-token' }),
    config: { max_connections: '500' },
    credentialsSecret: 'orders-users',
  });
  orders.addBackupSchedule('daily', { schedule: '0 1 * * *', retention: 7 });
  new OnDemandBackup(chart, 'orders-before-migration', { cluster: orders, name: 'orders-before-migration' });

  // Sharded MongoDB on Percona Server for MongoDB: dedicated nodes (selector + toleration), backups to GCS.
  const sessions = new DatabaseCluster(chart, 'sessions', {
    engine: DatabaseEngine.mongodb({ version: MongodbVersion.V8_0_17 }),
    sharding: { shards: 2, configServers: 3 },
    proxy: { type: ProxyType.MONGOS, replicas: 2 },
    storage: { size: Size.gibibytes(50), storageClassName: 'db-fast' },
    scheduling: {
      antiAffinity: AntiAffinity.REQUIRED,
      nodeSelector: { 'node-pool': 'databases' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'databases', effect: 'NoSchedule' }],
    },
    backup: { storage: gcs, pointInTimeRecovery: true },
    monitoring: Monitoring.prometheus(),
  });
  sessions.addBackupSchedule('nightly', { schedule: '30 2 * * *', retention: 14 });

  // PostgreSQL on the Percona operator: one instance per zone (three zones), a restricted LoadBalancer, backups to Azure.
  const billing = new DatabaseCluster(chart, 'billing', {
    engine: DatabaseEngine.postgres({ version: PostgresVersion.V17_7 }),
    scheduling: { antiAffinity: AntiAffinity.REQUIRED, topologyKey: 'topology.kubernetes.io/zone' },
    expose: Expose.loadBalancer({ sourceRanges: ['10.20.0.0/16'], annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } }),
    backup: { storage: azure, pointInTimeRecovery: true },
  });
  billing.addBackupSchedule('daily', { schedule: '0 3 * * *', retention: 7 });

  // PostgreSQL on CloudNativePG with a PgBouncer Pooler, WAL archiving to MinIO and Prometheus monitoring; anti-affinity
  // only preferred, for a node pool smaller than the cluster (the readiness report warns about it).
  const catalog = new DatabaseCluster(chart, 'catalog', {
    engine: DatabaseEngine.postgres({ version: PostgresVersion.V17_7, operator: Operator.CLOUDNATIVE_PG }),
    scheduling: { antiAffinity: AntiAffinity.PREFERRED },
    backup: { storage: minio, pointInTimeRecovery: true },
    monitoring: Monitoring.prometheus(),
  });
  catalog.addBackupSchedule('daily', { schedule: '0 4 * * *', retention: 7 });

  // A clone of catalog as it was at an instant, for analytics: disposable, so without backups of its own (the
  // readiness report warns about it).
  new DatabaseCluster(chart, 'analytics', {
    engine: DatabaseEngine.postgres({ version: PostgresVersion.V17_7, operator: Operator.CLOUDNATIVE_PG }),
    proxy: { type: ProxyType.NONE },
    scheduling: { antiAffinity: AntiAffinity.REQUIRED },
    restoreFrom: RestoreSource.pointInTime({ storage: minio, sourceCluster: catalog.name, time: '2026-11-20T06:00:00Z' }),
  });

  // MySQL through OpenEverest: Everest objects instead of native ones (ProxySQL does not run under Everest 1.12), no
  // anti-affinity, as on a single-node test cluster (the readiness report warns about it).
  const inventory = new DatabaseCluster(chart, 'inventory', {
    engine: DatabaseEngine.mysql({ version: MysqlVersion.V8_0_42, operator: Operator.EVEREST }),
    scheduling: { antiAffinity: AntiAffinity.NONE },
    backup: { storage: s3, pointInTimeRecovery: true },
  });
  inventory.addBackupSchedule('daily', { schedule: '0 5 * * *', retention: 5 });

  // MariaDB on the MariaDB operator: a Galera cluster behind MaxScale (mind its licence: production use with three
  // or more servers needs a MariaDB subscription), physical backups to S3 every night and a logical one on demand.
  // The operator archives binlogs for replication clusters only: Galera has no point-in-time recovery (the readiness
  // report warns about it).
  const accounts = new DatabaseCluster(chart, 'accounts', {
    engine: DatabaseEngine.mariadb({ version: MariadbVersion.V11_8_8 }),
    resources: { cpu: Cpu.units(2), memory: Size.gibibytes(8) },
    storage: { size: Size.gibibytes(100), storageClass: fast },
    proxy: { type: ProxyType.MAXSCALE, replicas: 2 },
    scheduling: { antiAffinity: AntiAffinity.REQUIRED, spreadAcrossZones: true },
    backup: { storage: s3 },
    monitoring: Monitoring.prometheus({ labels: { release: 'kube-prometheus' } }),
    config: { innodb_buffer_pool_size: '5G', max_connections: '500' },
    credentialsSecret: 'accounts-db',
  });
  accounts.addBackupSchedule('nightly', { schedule: '0 2 * * *', retention: 14 });
  new OnDemandBackup(chart, 'accounts-before-migration', { cluster: accounts, name: 'accounts-before-migration' });
  return chart;
}
