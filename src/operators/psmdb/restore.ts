import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { destinationOf, onDemandBackupsOf, pbmLocation } from './backup';
import { checkAtSynthesis, isPbmBackupName, restoreSynthesisRules } from './rules';
import * as psmdb from '../../imports/psmdb-psmdb.percona.com';
import { ClusterModel } from '../../model';
import { compact } from '../../objects';
import { toUtcDateTime } from '../../restore-rules';
import { RestoreSource } from '../../restore-source';

/**
 * A backup object (or the base object of an instant) is restored by its name. A PBM backup name is read from the
 * source cluster's path in its storage (`backupSource`), the way a clone restores another cluster's backup: the
 * operator takes the PBM name from the destination's last segment (psmdb_restore_controller.go:getBackup). The
 * rules refuse an instant without a base: the operator never lets PBM pick one.
 */
function restoreSpec(model: ClusterModel, source: RestoreSource): psmdb.PerconaServerMongoDbRestoreSpec {
  const pitr = source.time === undefined ? undefined : { type: 'date', date: toUtcDateTime(source.time) };
  if (source.backupName !== undefined && isPbmBackupName(source.backupName)) {
    const storage = source.storage!;
    const path = storage.pathFor(source.sourceCluster ?? model.name, source.sourceNamespace ?? model.namespace);
    return {
      clusterName: model.name,
      backupSource: { type: 'logical', destination: destinationOf(storage, path, source.backupName), ...pbmLocation(storage, path) },
    };
  }
  return compact({ clusterName: model.name, backupName: source.backupName ?? source.baseBackupName, pitr });
}

/** A PerconaServerMongoDBRestore, checked at synthesis against the backup objects of the whole app. */
export function restoreObject(scope: Construct, id: string, model: ClusterModel, name: string, source: RestoreSource, prop: string): ApiObject {
  checkAtSynthesis(scope, restoreSynthesisRules(prop), () => ({ model, source, onDemandBackups: onDemandBackupsOf(scope) }));
  return new ApiObject(scope, id, {
    ...psmdb.PerconaServerMongoDbRestore.GVK,
    metadata: { name, namespace: model.namespace },
    spec: psmdb.toJson_PerconaServerMongoDbRestoreSpec(restoreSpec(model, source)),
  });
}
