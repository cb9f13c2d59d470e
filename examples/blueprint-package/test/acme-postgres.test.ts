import { Chart, JsonPatch, Testing } from 'cdk8s';
import { BackupProvider, BackupStorage, Errors, ManifestTesting, ProductionReadiness } from 'cdk8s-dbaas';
import { AcmePostgres } from '../src';

// Keep `Testing.synth` from printing the readiness report; the tests read it directly.
process.env.CDK8S_DBAAS_SILENCE_READINESS = '1';

function setup(region = 'eu-west-1') {
  const chart = new Chart(Testing.app(), 'payments', { namespace: 'payments' });
  const storage = new BackupStorage(chart, 'backups', { provider: BackupProvider.S3, bucket: 'acme-backups', region, credentialsSecret: 's3-creds' });
  return { chart, storage };
}

/** The library's validation error thrown by `build`. */
function refusal(build: () => unknown): Error & { prop: string } {
  try {
    build();
  } catch (e) {
    if (Errors.isValidationError(e)) return e as Error & { prop: string };
    throw e;
  }
  throw new Error('nothing was refused');
}

describe('AcmePostgres', () => {
  test('every object is valid (upstream schemas, unknown fields refused, CRD CEL rules), and keeps the promises', () => {
    const { chart, storage } = setup();
    const db = new AcmePostgres(chart, 'ledger', { backupStorage: storage });
    const objects = ManifestTesting.synthValid(chart);
    const cluster = ManifestTesting.only(objects, 'Cluster');
    expect(cluster.spec.instances).toBe(3);
    expect(cluster.spec.postgresql.synchronous).toMatchObject({ method: 'any', number: 1 });
    expect(ManifestTesting.only(objects, 'ScheduledBackup').spec.schedule).toBe('0 0 1 * * *');
    expect(db.backupSchedule.retention).toBe(14);
    expect(ProductionReadiness.warningsOf(chart)).toEqual([]);
  });

  test('refuses props that break a promise, naming it', () => {
    expect(refusal(() => new AcmePostgres(setup().chart, 'ledger', { backupStorage: setup().storage, instances: 2 })).prop).toBe('instances');
    const us = setup('us-east-1');
    const error = refusal(() => new AcmePostgres(us.chart, 'ledger', { backupStorage: us.storage }));
    expect(error.message).toBe('[payments/ledger] backupStorage.region: AcmePostgres guarantees that backups stay in an EU region (Acme data-residency policy); '
      + 'set `unsafeOverrides: true` to accept the risk (got "us-east-1")');
  });

  test('refuses a JSON patch on the engine resource that defeats a promise', () => {
    const { chart, storage } = setup();
    new AcmePostgres(chart, 'ledger', { backupStorage: storage }).cluster.engineResource.addJsonPatch(JsonPatch.replace('/spec/instances', 1));
    expect(() => Testing.synth(chart)).toThrow(/AcmePostgres guarantees what it builds, and a JSON patch changes spec\.instances/);
  });

  test('unsafeOverrides accepts the risk, and the readiness report then speaks about the database', () => {
    const { chart, storage } = setup('us-east-1');
    new AcmePostgres(chart, 'scratch', { backupStorage: storage, instances: 1, retention: 1, unsafeOverrides: true });
    expect(ManifestTesting.only(ManifestTesting.synthValid(chart), 'Cluster').spec.instances).toBe(1);
    expect(ProductionReadiness.warningsOf(chart).join('\n')).toContain('single replica');
  });
});
