/**
 * The fleet the synthesis benchmark builds: DatabaseClusters spread round-robin over every registered target and
 * over ten team charts (one namespace each), each on one of three DatabaseStorageClasses, backed up to its team's
 * bucket on a daily schedule with point-in-time recovery, with the disruption budgets its target emits; optionally
 * watched by a StatusReconciler (which gives every cluster a ManagedDatabase). And the floor: the same manifests
 * from plain `ApiObject`s.
 *
 * The number of charts is fixed: cdk8s synthesizes each chart after walking the whole app again (App._synthChart
 * resolves dependencies and validates every construct), so a chart count that grew with the fleet would make any
 * cdk8s app, the floor included, quadratic; see docs/performance.md.
 */
import { ApiObject, App, Chart, Size } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AntiAffinity, BackupProvider, BackupStorage, DatabaseCluster, DatabaseStorageClass, StatusReconciler, StorageProvisioner,
} from '../src';
import { EnginePair, makeEngine } from '../test/support/arbitraries';

export const TEAMS = 10;

/** What a benchmark fleet is made of. */
export interface FleetShape {
  readonly clusters: number;
  readonly pairs: ReadonlyArray<EnginePair>;
  /** Add a StatusReconciler, which gives every cluster a ManagedDatabase. */
  readonly statusReconciler: boolean;
}

/** Adds a fleet to `app`; `checkpoint` runs after every 100 clusters (for memory). */
export function buildFleet(app: App, { clusters, pairs, statusReconciler }: FleetShape, checkpoint: () => void = () => undefined): void {
  const shared = new Chart(app, 'shared', { namespace: 'dbaas-system' });
  const storageClasses = [StorageProvisioner.AWS_EBS, StorageProvisioner.GCE_PD, StorageProvisioner.AZURE_DISK]
    .map((provisioner, i) => new DatabaseStorageClass(shared, `class-${i}`, { provisioner, name: `db-${i}` }));
  if (statusReconciler) new StatusReconciler(shared, 'status');
  const teams = Array.from({ length: Math.min(TEAMS, clusters) }, (_, t) => {
    const chart = new Chart(app, `team-${t}`, { namespace: `team-${t}` });
    const storage = new BackupStorage(chart, 'backups', {
      provider: BackupProvider.S3, bucket: 'acme-db-backups', region: 'eu-west-1', credentialsSecret: 'backup-s3', prefix: `team-${t}`,
    });
    return { chart, storage };
  });
  for (let i = 0; i < clusters; i++) {
    const { chart, storage } = teams[i % teams.length];
    databaseAt(chart, i, pairs[i % pairs.length], storage, storageClasses[i % storageClasses.length]);
    if ((i + 1) % 100 === 0) checkpoint();
  }
  checkpoint();
}

function databaseAt(scope: Construct, i: number, pair: EnginePair, storage: BackupStorage, storageClass: DatabaseStorageClass): void {
  const db = new DatabaseCluster(scope, `db-${i}`, {
    engine: makeEngine(pair),
    name: `db-${i}`,
    storage: { size: Size.gibibytes(50), storageClass },
    // Production-ready, so that the readiness report (computed at every synthesis) has nothing to print.
    backup: { storage, pointInTimeRecovery: true },
    scheduling: { antiAffinity: AntiAffinity.REQUIRED },
  });
  db.addBackupSchedule('daily', { schedule: `${i % 60} 2 * * *`, retention: 7 });
}

/** One chart's synthesized objects, to rebuild it from plain ApiObjects. */
export interface ChartManifests {
  readonly id: string;
  readonly objects: any[];
}

/**
 * The floor cdk8s allows for the same output: per chart, one plain ApiObject per synthesized object, built from its
 * final JSON (no namespace on the chart: the JSON already carries it, and a cluster-scoped object none).
 */
export function buildBaseline(app: App, charts: ReadonlyArray<ChartManifests>, checkpoint: () => void = () => undefined): void {
  for (const { id, objects } of charts) {
    const chart = new Chart(app, id);
    objects.forEach((o, i) => {
      new ApiObject(chart, `o${i}`, o);
      if ((i + 1) % 500 === 0) checkpoint();
    });
  }
  checkpoint();
}
