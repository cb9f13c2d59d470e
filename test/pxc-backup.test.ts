import { DatabaseEngine, DatabaseRestore, Monitoring, MysqlVersion, OnDemandBackup, ProxyType, RestoreSource } from '../src';
import { fleet, FleetStorages } from './support/pxc';
import { refusal } from './support/refusal';
import { ofKind, only } from './support/schema';

/** The library's validation error that `fn` throws, on `prop`, naming the construct at `constructPath`; returns its message. */
function expectRefusal(fn: () => unknown, prop: string, constructPath: string): string {
  const error = refusal(fn);
  expect(error.prop).toBe(prop);
  expect(error.message.startsWith(`[${constructPath}] ${prop}: `)).toBe(true);
  return error.message;
}

const JOB_RESOURCES = { limits: { cpu: '600m', memory: '1G' }, requests: { cpu: '600m', memory: '1G' } };
/** A restore may use what a database pod uses (the cluster is stopped meanwhile): 1 CPU and 2 GiB by default. */
const RESTORE_RESOURCES = { limits: { cpu: '1', memory: '2Gi' }, requests: { cpu: '1', memory: '2Gi' } };

describe('PXC backup storages', () => {
  test('an S3-compatible store (MinIO): deterministic path, endpoint, no TLS check, path-style URLs for xbcloud', () => {
    const { storages, mysql, spec } = fleet();
    mysql('orders', { backup: { storage: storages.minio } });
    const backup = spec().backup;
    expect(backup.image).toBe('percona/percona-xtrabackup:8.0.35-34.1');
    expect(backup.storages).toEqual({
      minio: {
        type: 's3',
        s3: { bucket: 'db-backups/prod/shop/fleet-orders', credentialsSecret: 'backup-minio', endpointUrl: 'https://minio.storage.svc:9000' },
        verifyTLS: false,
        resources: JOB_RESOURCES,
        containerOptions: { args: { xbcloud: ['--s3-bucket-lookup=path'] } },
      },
    });
    expect(backup.schedule).toBeUndefined();
    expect(backup.pitr).toBeUndefined();
  });

  test('Amazon S3 with a region, Azure Blob Storage, and GCS through its S3 interoperability endpoint', () => {
    const { storages, mysql, spec } = fleet();
    const orders = mysql('orders', { backup: { storage: storages.s3 } });
    orders.addBackupSchedule('to-azure', { schedule: '0 2 * * *', storage: storages.azure });
    orders.addBackupSchedule('to-gcs', { schedule: '0 3 * * *', storage: storages.gcs });
    const { s3, azure, gcs } = spec().backup.storages;
    expect(s3).toEqual({
      type: 's3', s3: { bucket: 'acme-db/shop/fleet-orders', credentialsSecret: 'backup-s3', region: 'eu-west-1' }, verifyTLS: true, resources: JOB_RESOURCES,
    });
    expect(azure).toEqual({
      type: 'azure', azure: { container: 'dbbackups/shop/fleet-orders', credentialsSecret: 'backup-azure' }, verifyTLS: true, resources: JOB_RESOURCES,
    });
    expect(gcs).toEqual({
      type: 's3',
      s3: { bucket: 'acme-gcs/shop/fleet-orders', credentialsSecret: 'backup-gcs-hmac', endpointUrl: 'https://storage.googleapis.com' },
      verifyTLS: true,
      resources: JOB_RESOURCES,
    });
  });

  test.each([
    [MysqlVersion.V8_4_5, 'percona/percona-xtrabackup:8.4.0-3.1'],
    [MysqlVersion.V8_0_42, 'percona/percona-xtrabackup:8.0.35-34.1'],
    [MysqlVersion.V5_7_44, 'percona/percona-xtrabackup:2.4.29'],
  ])('xtrabackup matches the server series (%j)', (version, image) => {
    const { mysql, spec } = fleet();
    mysql('orders', { engine: DatabaseEngine.mysql({ version }) });
    expect(spec().backup).toEqual({ image });
  });

  test('paths depend only on prefix, namespace and cluster name: "default" without a namespace, same output every time', () => {
    const { storages, mysql, spec } = fleet(null);
    mysql('orders', { backup: { storage: storages.minio } });
    expect(spec().backup.storages.minio.s3.bucket).toBe('db-backups/prod/default/fleet-orders');
    expect(spec()).toEqual(spec());
  });

  test('without any storage, only the image that restore jobs need', () => {
    const { mysql, spec } = fleet();
    mysql('orders');
    expect(spec().backup).toEqual({ image: 'percona/percona-xtrabackup:8.0.35-34.1' });
  });
});

describe('PXC backup schedules', () => {
  test('schedules added after the cluster, with count retention that deletes from storage; disabled ones are left out', () => {
    const { storages, mysql, spec } = fleet();
    const orders = mysql('orders', { backup: { storage: storages.s3 } });
    orders.addBackupSchedule('daily', { schedule: '0 1 * * *', retention: 7 });
    orders.addBackupSchedule('paused', { schedule: '0 5 * * *', enabled: false });
    expect(spec().backup.schedule).toEqual([
      { name: 'daily', schedule: '0 1 * * *', storageName: 's3', retention: { type: 'count', count: 7, deleteFromStorage: true } },
    ]);
  });

  test('two schedules on two storages: both storages, each schedule on its own', () => {
    const { storages, mysql, spec } = fleet();
    const orders = mysql('orders', { backup: { storage: storages.s3 } });
    orders.addBackupSchedule('daily', { schedule: '0 1 * * *', retention: 7 });
    orders.addBackupSchedule('weekly-offsite', { schedule: '0 3 * * 0', retention: 4, storage: storages.minio });
    const backup = spec().backup;
    expect(Object.keys(backup.storages).sort()).toEqual(['minio', 's3']);
    expect(backup.schedule.map((s: any) => [s.name, s.storageName, s.schedule, s.retention.count])).toEqual([
      ['daily', 's3', '0 1 * * *', 7],
      ['weekly-offsite', 'minio', '0 3 * * 0', 4],
    ]);
  });

  test('the same cron on one storage is refused (the operator would name both backups alike); on another storage it is fine', () => {
    const { storages, mysql, spec } = fleet();
    const orders = mysql('orders', { backup: { storage: storages.s3 } });
    orders.addBackupSchedule('daily', { schedule: '0 1 * * *' });
    expect(expectRefusal(() => orders.addBackupSchedule('again', { schedule: '0 1 * * *' }), 'schedule', 'fleet/orders/again')).toMatch(/same backup/);
    orders.addBackupSchedule('offsite', { schedule: '0 1 * * *', storage: storages.minio });
    expect(spec().backup.schedule).toHaveLength(2);
  });
});

describe('PXC point-in-time recovery', () => {
  test('binlogs go to a <storage>-pitr storage one folder below the backups', () => {
    const { storages, mysql, spec } = fleet();
    mysql('orders', { backup: { storage: storages.minio, pointInTimeRecovery: true } });
    const backup = spec().backup;
    expect(backup.pitr).toEqual({
      enabled: true,
      storageName: 'minio-pitr',
      timeBetweenUploads: 60,
      resources: { limits: { cpu: '700m', memory: '1G' }, requests: { cpu: '100m', memory: '100M' } },
    });
    expect(Object.keys(backup.storages).sort()).toEqual(['minio', 'minio-pitr']);
    expect(backup.storages['minio-pitr']).toEqual({
      ...backup.storages.minio,
      s3: { ...backup.storages.minio.s3, bucket: 'db-backups/prod/shop/fleet-orders/pitr' },
    });
  });

  test('Azure: the collector writes to the container of a <storage>-pitr storage, one folder below the backups', () => {
    const { storages, mysql, spec } = fleet();
    mysql('orders', { backup: { storage: storages.azure, pointInTimeRecovery: true } });
    const backup = spec().backup;
    expect(backup.pitr.storageName).toBe('azure-pitr');
    expect(backup.storages['azure-pitr']).toEqual({
      ...backup.storages.azure,
      azure: { container: 'dbbackups/shop/fleet-orders/pitr', credentialsSecret: 'backup-azure' },
    });
  });

  test('GCS: through its S3 interoperability endpoint, like its backups', () => {
    const { storages, mysql, spec } = fleet();
    mysql('orders', { backup: { storage: storages.gcs, pointInTimeRecovery: true } });
    expect(spec().backup.storages['gcs-pitr'].s3).toEqual({
      bucket: 'acme-gcs/shop/fleet-orders/pitr', credentialsSecret: 'backup-gcs-hmac', endpointUrl: 'https://storage.googleapis.com',
    });
  });
});

describe('PXC on-demand backups and restores', () => {
  test('an on-demand backup names the cluster and the storage, which joins the cluster\'s storages', () => {
    const { chart, storages, mysql, objects } = fleet();
    const orders = mysql('orders', { backup: { storage: storages.s3 } });
    new OnDemandBackup(chart, 'before-migration', { cluster: orders, name: 'orders-before-migration' });
    new OnDemandBackup(chart, 'offsite', { cluster: orders, storage: storages.azure });
    const all = objects();
    expect(only(all, 'PerconaXtraDBClusterBackup', 'orders-before-migration')).toEqual({
      apiVersion: 'pxc.percona.com/v1',
      kind: 'PerconaXtraDBClusterBackup',
      metadata: { name: 'orders-before-migration', namespace: 'shop' },
      spec: { pxcCluster: 'fleet-orders', storageName: 's3' },
    });
    expect(only(all, 'PerconaXtraDBClusterBackup', 'fleet-orders-offsite').spec).toEqual({ pxcCluster: 'fleet-orders', storageName: 'azure' });
    expect(Object.keys(only(all, 'PerconaXtraDBCluster').spec.backup.storages).sort()).toEqual(['azure', 's3']);
  });

  test('a restore from a backup object', () => {
    const { chart, storages, mysql, objects } = fleet();
    const orders = mysql('orders', { backup: { storage: storages.s3 } });
    new DatabaseRestore(chart, 'undo', { cluster: orders, source: RestoreSource.backup({ backupName: 'orders-before-migration' }) });
    expect(only(objects(), 'PerconaXtraDBClusterRestore')).toEqual({
      apiVersion: 'pxc.percona.com/v1',
      kind: 'PerconaXtraDBClusterRestore',
      metadata: { name: 'fleet-orders-undo', namespace: 'shop' },
      spec: { pxcCluster: 'fleet-orders', backupName: 'orders-before-migration', resources: RESTORE_RESOURCES },
    });
  });

  test('a restore to an instant: the named full backup, then binlogs from the -pitr folder of the storage, up to the instant in UTC', () => {
    const { chart, storages, mysql, objects } = fleet();
    const orders = mysql('orders', { backup: { storage: storages.minio, pointInTimeRecovery: true } });
    new DatabaseRestore(chart, 'before-incident', {
      cluster: orders,
      source: RestoreSource.pointInTime({ storage: storages.minio, sourceCluster: orders.name, time: '2026-11-20T08:30:00+02:00', baseBackupName: 'nightly-1' }),
    });
    const all = objects();
    expect(only(all, 'PerconaXtraDBClusterRestore').spec).toEqual({
      pxcCluster: 'fleet-orders',
      backupName: 'nightly-1',
      resources: RESTORE_RESOURCES,
      pitr: {
        type: 'date',
        date: '2026-11-20 06:30:00',
        backupSource: {
          s3: { bucket: 'db-backups/prod/shop/fleet-orders/pitr', credentialsSecret: 'backup-minio', endpointUrl: 'https://minio.storage.svc:9000' },
          verifyTLS: false,
        },
      },
    });
    // The same folder the cluster's binlog collector writes to.
    expect(only(all, 'PerconaXtraDBCluster').spec.backup.storages['minio-pitr'].s3.bucket).toBe('db-backups/prod/shop/fleet-orders/pitr');
  });

  test('a restore name that would make its Job name longer than 63 characters is refused', () => {
    const { chart, mysql, objects } = fleet();
    const orders = mysql('orders');
    const source = RestoreSource.backup({ backupName: 'nightly-1' });
    // restore-job-<restore>-fleet-orders: 38 characters are left for the restore's name.
    const refuse = () => new DatabaseRestore(chart, 'too-long', { cluster: orders, source, name: 'r'.repeat(39) });
    expect(expectRefusal(refuse, 'name', 'fleet/too-long')).toMatch(/at most 38/);
    new DatabaseRestore(chart, 'just-fits', { cluster: orders, source, name: 'r'.repeat(38) });
    expect(ofKind(objects(), 'PerconaXtraDBClusterRestore')).toHaveLength(1);
  });

  test('a restore to an instant from Azure binlogs', () => {
    const { chart, storages, mysql, objects } = fleet();
    const orders = mysql('orders', { backup: { storage: storages.azure, pointInTimeRecovery: true } });
    new DatabaseRestore(chart, 'before-incident', {
      cluster: orders,
      source: RestoreSource.pointInTime({ storage: storages.azure, sourceCluster: orders.name, time: '2026-11-20T06:30:00Z', baseBackupName: 'nightly-1' }),
    });
    expect(only(objects(), 'PerconaXtraDBClusterRestore').spec.pitr.backupSource).toEqual({
      azure: { container: 'dbbackups/shop/fleet-orders/pitr', credentialsSecret: 'backup-azure' },
      verifyTLS: true,
    });
  });

  test('a restore of another cluster\'s backup names its storage, which joins the restoring cluster\'s storages', () => {
    const { chart, storages, mysql, objects } = fleet();
    const copy = mysql('copy');
    new DatabaseRestore(chart, 'from-orders', { cluster: copy, source: RestoreSource.backup({ backupName: 'orders-nightly', storage: storages.minio }) });
    const all = objects();
    expect(only(all, 'PerconaXtraDBClusterRestore').spec).toEqual({ pxcCluster: 'fleet-copy', backupName: 'orders-nightly', resources: RESTORE_RESOURCES });
    // The restore Job takes verifyTLS and xbcloud's path-style option from the restoring cluster's storage of that name.
    expect(only(all, 'PerconaXtraDBCluster', 'fleet-copy').spec.backup.storages.minio).toMatchObject({
      verifyTLS: false, containerOptions: { args: { xbcloud: ['--s3-bucket-lookup=path'] } },
    });
  });

  test.each<[string, (s: FleetStorages) => RestoreSource, string, RegExp]>([
    ['an instant without a base backup', (s) => RestoreSource.pointInTime({ storage: s.s3, sourceCluster: 'fleet-orders', time: '2026-11-20T06:00:00Z' }), 'baseBackupName', /full backup it does not pick itself/],
    ['an invalid base backup name', (s) => RestoreSource.pointInTime({ storage: s.s3, sourceCluster: 'fleet-orders', time: '2026-11-20T06:00:00Z', baseBackupName: 'Nightly 1' }), 'baseBackupName', /./],
  ])('refuses %s', (_, source, prop, reason) => {
    const { chart, storages, mysql } = fleet();
    const orders = mysql('orders');
    const refuse = () => new DatabaseRestore(chart, 'undo', { cluster: orders, source: source(storages) });
    expect(expectRefusal(refuse, `source.${prop}`, 'fleet/undo')).toMatch(reason);
  });
});

describe('PXC clones (restoreFrom)', () => {
  test.each<[string, (s: FleetStorages) => RestoreSource]>([
    ['a backup object', () => RestoreSource.backup({ backupName: 'orders-before-migration' })],
    ['an instant', (s) => RestoreSource.pointInTime({ storage: s.s3, sourceCluster: 'orders', time: '2026-11-20T06:00:00Z', baseBackupName: 'nightly-1' })],
  ])('are refused from %s: the restore would race the new cluster\'s first start', (_, source) => {
    const { storages, mysql } = fleet();
    expect(expectRefusal(() => mysql('copy', { restoreFrom: source(storages) }), 'restoreFrom', 'fleet/copy')).toMatch(/DatabaseRestore/);
  });
});

describe('PXC manifests carry no credential', () => {
  test('every storage, schedule, PITR, backup and restore refer to Secrets by name only', () => {
    const { chart, storages, mysql, objects } = fleet();
    const orders = mysql('orders', {
      backup: { storage: storages.minio, pointInTimeRecovery: true },
      monitoring: Monitoring.pmm({ url: 'https://pmm.example.com', credentialsSecret: 'pmm-token' }),
      credentialsSecret: 'orders-users',
    });
    orders.addBackupSchedule('daily', { schedule: '0 1 * * *', storage: storages.s3 });
    new OnDemandBackup(chart, 'now', { cluster: orders, storage: storages.azure });
    new DatabaseRestore(chart, 'undo', {
      cluster: orders,
      source: RestoreSource.pointInTime({ storage: storages.minio, sourceCluster: orders.name, time: '2026-11-20T06:00:00Z', baseBackupName: 'now' }),
    });
    const copy = mysql('copy', { monitoring: Monitoring.prometheus(), proxy: { type: ProxyType.PROXYSQL } });
    new DatabaseRestore(chart, 'from-orders', { cluster: copy, source: RestoreSource.backup({ backupName: 'now', storage: storages.azure }) });
    const all = objects();
    expect(ofKind(all, 'Secret')).toEqual([]);

    const secretNames = new Set(['backup-minio', 'backup-s3', 'backup-azure', 'orders-users', 'fleet-copy-secrets']);
    const credentialFields: string[] = [];
    const secretKeyRefs: unknown[] = [];
    const walk = (value: unknown, key: string): void => {
      if (key === 'secretKeyRef') secretKeyRefs.push(value);
      if (Array.isArray(value)) value.forEach((v) => walk(v, key));
      else if (value !== null && typeof value === 'object') Object.entries(value).forEach(([k, v]) => walk(v, k));
      else if (/secret|password|token|apikey/i.test(key)) credentialFields.push(`${key}=${value}`);
    };
    walk(all, '');
    expect(credentialFields.sort()).toEqual([
      'credentialsSecret=backup-azure', 'credentialsSecret=backup-azure', 'credentialsSecret=backup-minio', 'credentialsSecret=backup-minio', 'credentialsSecret=backup-minio',
      'credentialsSecret=backup-s3', 'secretsName=fleet-copy-secrets', 'secretsName=orders-users',
    ]);
    // The exporter reads the operator's monitor password from the users Secret, by reference.
    expect(secretKeyRefs).toEqual([{ name: 'fleet-copy-secrets', key: 'monitor' }]);
    expect([...credentialFields.map((f) => f.split('=')[1])].every((name) => secretNames.has(name))).toBe(true);
    expect(JSON.stringify(all)).not.toMatch(/AWS_SECRET_ACCESS_KEY|AZURE_STORAGE_ACCOUNT_KEY|pmmservertoken/);
  });
});
