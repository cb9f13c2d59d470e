import { Chart, Testing } from 'cdk8s';
import { BackupProvider, BackupStorage, BackupStorageProps, Errors } from '../src';

const s3: BackupStorageProps = { provider: BackupProvider.S3, bucket: 'acme-backups', region: 'eu-west-1', credentialsSecret: 's3-creds' };

function storage(props: Partial<BackupStorageProps>) {
  return new BackupStorage(new Chart(Testing.app(), 'c'), 'main', { ...s3, ...props } as BackupStorageProps);
}

describe('BackupStorage', () => {
  test('defaults: TLS verified, virtual-host style, name from the id', () => {
    const s = storage({});
    expect([s.name, s.verifyTls, s.forcePathStyle]).toEqual(['main', true, false]);
  });

  test('each cluster gets a deterministic path below the prefix', () => {
    expect(storage({ prefix: 'prod/db' }).pathFor('orders', 'shop')).toBe('prod/db/shop/orders');
    expect(storage({}).pathFor('orders')).toBe('default/orders');
  });

  test('MinIO: an endpoint with path-style URLs and no region', () => {
    const s = storage({ region: undefined, endpoint: 'https://minio.minio.svc:9000', forcePathStyle: true, verifyTls: false });
    expect([s.endpoint, s.forcePathStyle, s.verifyTls]).toEqual(['https://minio.minio.svc:9000', true, false]);
  });

  test('Azure: the storage account is kept for the targets that need it; none by default', () => {
    const azure = { provider: BackupProvider.AZURE, region: undefined, bucket: 'pgbackups' };
    expect(storage({ ...azure, storageAccount: 'acmepg01' }).storageAccount).toBe('acmepg01');
    expect(storage({ ...azure, storageAccount: 'abc' }).storageAccount).toBe('abc');
    expect(storage({ ...azure, storageAccount: 'a'.repeat(24) }).storageAccount).toBe('a'.repeat(24));
    expect(storage(azure).storageAccount).toBeUndefined();
  });

  test.each([
    [{ bucket: 'Bad Bucket' }, 'bucket'],
    [{ provider: BackupProvider.AZURE, bucket: 'db.backups' }, 'bucket'],
    [{ provider: BackupProvider.AZURE, bucket: 'db--backups' }, 'bucket'],
    [{ storageAccount: 'acmepg01' }, 'storageAccount'],
    [{ provider: BackupProvider.GCS, region: undefined, storageAccount: 'acmepg01' }, 'storageAccount'],
    [{ provider: BackupProvider.AZURE, storageAccount: 'AcmePg' }, 'storageAccount'],
    [{ provider: BackupProvider.AZURE, storageAccount: 'acme-pg' }, 'storageAccount'],
    [{ provider: BackupProvider.AZURE, storageAccount: 'ab' }, 'storageAccount'],
    [{ provider: BackupProvider.AZURE, storageAccount: 'a'.repeat(25) }, 'storageAccount'],
    [{ provider: BackupProvider.AZURE, storageAccount: '' }, 'storageAccount'],
    [{ region: undefined }, 'region'],
    [{ endpoint: 'minio:9000' }, 'endpoint'],
    [{ provider: BackupProvider.GCS, region: undefined, endpoint: 'https://x.example.com' }, 'endpoint'],
    [{ provider: BackupProvider.AZURE, forcePathStyle: true }, 'forcePathStyle'],
    [{ credentialsSecret: 'Not_A_Secret' }, 'credentialsSecret'],
    [{ prefix: '/abs//path' }, 'prefix'],
    [{ name: 'x'.repeat(30) }, 'name'],
    [{ provider: 'ftp' as BackupProvider }, 'provider'],
  ])('refuses %j', (props, prop) => {
    let error: any;
    try { storage(props); } catch (e) { error = e; }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(Errors.propOf(error)).toBe(prop);
    expect(error.message).toMatch(/^\[c\/main\] /);
  });
});
