import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { claimCredentialsSecret, namesOf } from './names';
import { prerequisite } from './order';
import { EVEREST_PITR_UPLOAD_INTERVAL_SECONDS } from './versions';
import { BackupProvider, BackupStorage } from '../../backup-storage';
import { invalid } from '../../errors';
import * as everest from '../../imports/everest-everest.percona.com';
import { ClusterModel } from '../../model';
import { compact } from '../../objects';
import { toUtcRfc3339 } from '../../restore-rules';
import { RestoreSource } from '../../restore-source';

/** Per app, the storage of each Everest BackupStorage `<namespace>/<name>`, with its object. */
const EVEREST_STORAGES = new WeakMap<IConstruct, Map<string, { readonly storage: BackupStorage; readonly object: ApiObject }>>();

/** Where a storage's backups are, as Everest's API server compares storages (region, endpoint URL and bucket). */
function location(storage: BackupStorage): string {
  return JSON.stringify([storage.region ?? '', storage.endpoint ?? '', storage.bucket]);
}

/**
 * The Everest BackupStorage of `storage` in `namespace`, created once however many clusters use it (a child of the
 * storage construct, one per namespace). Refused under `prop`: a second storage of the same name in the namespace
 * (it would overwrite the first), one on the same bucket, region and endpoint (Everest's API server refuses it,
 * validation/backup_storage.go:validateCreateBackupStorageRequest, and Everest maps pgBackRest repos back to their
 * storage by those three, pg/applier.go backupStorageNameFromRepo), and a credentials Secret that another Everest
 * object of the namespace names (Everest owns it, see claimCredentialsSecret). `prefix` has no Everest form:
 * Everest writes each cluster's backups below `<bucket>/<cluster>/<cluster uid>` by itself.
 */
export function everestBackupStorage(scope: IConstruct, prop: string, storage: BackupStorage, namespace: string | undefined): ApiObject {
  const registered = namesOf(EVEREST_STORAGES, storage);
  const known = registered.get(`${namespace ?? ''}/${storage.name}`);
  if (known?.storage === storage) return known.object;
  const where = `namespace ${namespace ?? '(default)'}`;
  if (known) invalid(scope, `${prop}.name`, storage.name, `${known.storage.node.path} already gives this name to an Everest BackupStorage in ${where}`);
  const twin = [...registered.entries()].find(([key, other]) => key.startsWith(`${namespace ?? ''}/`) && location(other.storage) === location(storage));
  if (twin) {
    invalid(scope, `${prop}.bucket`, storage.bucket, `${twin[1].storage.node.path} already stores in this bucket, region and endpoint in ${where}: `
      + 'Everest refuses a second BackupStorage there and would confuse their PostgreSQL repositories. Use that storage');
  }
  claimCredentialsSecret(scope, `${prop}.credentialsSecret`, namespace, storage.credentialsSecret, `BackupStorage ${storage.name}`);
  const spec: everest.BackupStorageSpec = {
    type: storage.provider === BackupProvider.AZURE ? everest.BackupStorageSpecType.AZURE : everest.BackupStorageSpecType.S3,
    bucket: storage.bucket,
    region: storage.region,
    endpointUrl: storage.endpoint,
    credentialsSecretName: storage.credentialsSecret,
    verifyTls: storage.verifyTls,
    forcePathStyle: storage.forcePathStyle,
  };
  const object = prerequisite(new ApiObject(storage, `Everest${namespace === undefined ? '' : `-${namespace}`}`, {
    ...everest.BackupStorage.GVK,
    metadata: { name: storage.name, namespace },
    spec: everest.toJson_BackupStorageSpec(spec),
  }));
  registered.set(`${namespace ?? ''}/${storage.name}`, { storage, object });
  return object;
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

