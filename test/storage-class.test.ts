import { Chart, Testing } from 'cdk8s';
import { DatabaseStorageClass, Errors, ReclaimPolicy, StorageProvisioner, VolumeBindingMode } from '../src';
import { only, synthValid } from './support/schema';

const chart = () => new Chart(Testing.app(), 'c', { namespace: 'db' });

describe('DatabaseStorageClass', () => {
  test('database-safe defaults on AWS EBS: late binding, expansion, Retain, encryption', () => {
    const c = chart();
    const sc = new DatabaseStorageClass(c, 'fast', { provisioner: StorageProvisioner.AWS_EBS, name: 'db-fast' });
    const obj = only(synthValid(c), 'StorageClass');
    expect(obj).toEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'db-fast' },
      provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', encrypted: 'true' },
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    });
    expect(sc.storageClassName).toBe('db-fast');
  });

  test('is cluster-scoped: the chart namespace is not stamped on it', () => {
    const c = chart();
    new DatabaseStorageClass(c, 'x', { provisioner: StorageProvisioner.GCE_PD });
    expect(only(synthValid(c), 'StorageClass').metadata.namespace).toBeUndefined();
  });

  test.each([
    [StorageProvisioner.GCE_PD, 'pd.csi.storage.gke.io', { type: 'pd-balanced' }],
    [StorageProvisioner.AZURE_DISK, 'disk.csi.azure.com', { skuName: 'Premium_LRS' }],
    [StorageProvisioner.custom('rook-ceph.rbd.csi.ceph.com', { encryptionParameters: { encrypted: 'true' }, defaultParameters: { pool: 'db' } }),
      'rook-ceph.rbd.csi.ceph.com', { pool: 'db', encrypted: 'true' }],
  ])('preset %#', (provisioner, name, parameters) => {
    const c = chart();
    new DatabaseStorageClass(c, 'x', { provisioner });
    const obj = only(synthValid(c), 'StorageClass');
    expect(obj.provisioner).toBe(name);
    expect(obj.parameters).toEqual(parameters);
  });

  test('every default can be overridden', () => {
    const c = chart();
    new DatabaseStorageClass(c, 'x', {
      provisioner: StorageProvisioner.AWS_EBS,
      encrypted: false,
      parameters: { iops: '6000' },
      reclaimPolicy: ReclaimPolicy.DELETE,
      volumeBindingMode: VolumeBindingMode.IMMEDIATE,
      allowVolumeExpansion: false,
      mountOptions: ['noatime'],
    });
    const obj = only(synthValid(c), 'StorageClass');
    expect(obj).toMatchObject({ parameters: { type: 'gp3', iops: '6000' }, reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate', allowVolumeExpansion: false, mountOptions: ['noatime'] });
  });

  test('refuses a provisioner name that is not a DNS subdomain', () => {
    expect(() => new DatabaseStorageClass(chart(), 'x', { provisioner: StorageProvisioner.custom('Bad_Name') }))
      .toThrow(/\[c\/x\] provisioner: .*DNS subdomain \(got "Bad_Name"\)/);
    try { new DatabaseStorageClass(chart(), 'x', { provisioner: StorageProvisioner.custom('') }); } catch (e) { expect(Errors.isValidationError(e)).toBe(true); }
  });
});
