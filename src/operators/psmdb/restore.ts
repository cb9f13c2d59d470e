import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { destinationOf, pbmLocation } from './backup';
import * as psmdb from '../../imports/psmdb-psmdb.percona.com';
import { ClusterModel } from '../../model';
import { compact } from '../../objects';
import { toUtcDateTime } from '../../restore-rules';
import { RestoreSource } from '../../restore-source';

/**
 * A named backup (or the named base of an instant) is restored through its PerconaServerMongoDBBackup object. An
 * instant without a base comes from the source cluster's path in the storage: the destination names no backup,
 * so PBM takes the latest full backup before the instant, then replays the oplog up to it.
 */
function restoreSpec(model: ClusterModel, source: RestoreSource): psmdb.PerconaServerMongoDbRestoreSpec {
  const pitr = source.time === undefined ? undefined : { type: 'date', date: toUtcDateTime(source.time) };
  const backupName = source.backupName ?? source.baseBackupName;
  if (backupName !== undefined) return compact({ clusterName: model.name, backupName, pitr });
  const storage = source.storage!;
  const path = storage.pathFor(source.sourceCluster!, source.sourceNamespace ?? model.namespace);
  return {
    clusterName: model.name,
    backupSource: { type: 'logical', destination: destinationOf(storage, path), ...pbmLocation(storage, path) },
    pitr,
  };
}

export function restoreObject(scope: Construct, id: string, model: ClusterModel, name: string, source: RestoreSource): ApiObject {
  return new ApiObject(scope, id, {
    ...psmdb.PerconaServerMongoDbRestore.GVK,
    metadata: { name, namespace: model.namespace },
    spec: psmdb.toJson_PerconaServerMongoDbRestoreSpec(restoreSpec(model, source)),
  });
}

