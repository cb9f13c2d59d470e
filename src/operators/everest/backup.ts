import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { EVEREST_PITR_UPLOAD_INTERVAL_SECONDS } from './versions';
import { BackupProvider, BackupStorage } from '../../backup-storage';
import { invalid } from '../../errors';
import * as everest from '../../imports/everest-everest.percona.com';
import { ClusterModel } from '../../model';
import { compact } from '../../objects';
import { toUtcRfc3339 } from '../../restore-rules';
import { RestoreSource } from '../../restore-source';

/** The storages that have an Everest BackupStorage, by app and then by `namespace/name`. */
const EVEREST_STORAGES = new WeakMap<IConstruct, Map<string, BackupStorage>>();

/**
 * The Everest BackupStorage of `storage` in `namespace`, created once however many clusters use it (a child of the
 * storage construct, one per namespace). Two storages of one name in one namespace would overwrite each other, so
 * the second is refused under `prop`. `prefix` has no Everest form: Everest writes each cluster's backups below
 * `<bucket>/<cluster>/<cluster uid>` by itself.
 */
export function everestBackupStorage(scope: IConstruct, prop: string, storage: BackupStorage, namespace: string | undefined): void {
  const app = storage.node.root;
  const registered = EVEREST_STORAGES.get(app) ?? new Map<string, BackupStorage>();
  EVEREST_STORAGES.set(app, registered);
  const key = `${namespace ?? ''}/${storage.name}`;
  const known = registered.get(key);
  if (known === storage) return;
  if (known) {
    invalid(scope, `${prop}.name`, storage.name, `${known.node.path} already gives this name to an Everest BackupStorage in namespace ${namespace ?? '(default)'}`);
  }
  registered.set(key, storage);
  const spec: everest.BackupStorageSpec = {
    type: storage.provider === BackupProvider.AZURE ? everest.BackupStorageSpecType.AZURE : everest.BackupStorageSpecType.S3,
    bucket: storage.bucket,
    region: storage.region,
    endpointUrl: storage.endpoint,
    credentialsSecretName: storage.credentialsSecret,
    verifyTls: storage.verifyTls,
    forcePathStyle: storage.forcePathStyle,
  };
  new ApiObject(storage, `Everest${namespace === undefined ? '' : `-${namespace}`}`, {
    ...everest.BackupStorage.GVK,
    metadata: { name: storage.name, namespace },
    spec: everest.toJson_BackupStorageSpec(spec),
  });
}

export function backupSpec(model: ClusterModel): everest.DatabaseClusterSpecBackup | undefined {
  if (!model.backup && model.schedules.length === 0) return undefined;
  const pitr = model.backup?.pointInTimeRecovery ?? false;
  return compact({
    schedules: model.schedules.map((s) => ({
      name: s.name, enabled: s.enabled, schedule: s.cron, retentionCopies: s.retention, backupStorageName: s.storage.name,
    })),
    pitr: model.backup && compact({
      enabled: pitr,
      backupStorageName: pitr ? model.backup.storage.name : undefined,
      uploadIntervalSec: pitr ? EVEREST_PITR_UPLOAD_INTERVAL_SECONDS : undefined,
    }),
  });
}

/**
 * A clone's or a restore's data source: a named DatabaseClusterBackup, plus the instant to replay logs to.
 * `dateType` is the `date` member of the generated PITR-type enum of the kind at hand.
 */
export function dataSource<P>(source: RestoreSource, dateType: P) {
  return compact({
    dbClusterBackupName: (source.backupName ?? source.baseBackupName)!,
    pitr: source.time === undefined ? undefined : { type: dateType, date: toUtcRfc3339(source.time) },
  });
}

