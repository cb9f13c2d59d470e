import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { objectStore } from './backup';
import * as pxc from '../../imports/pxc-pxc.percona.com';
import { ClusterModel } from '../../model';
import { requirements } from '../../quantity';
import { toUtcDateTime } from '../../restore-rules';
import { RestoreSource } from '../../restore-source';

/**
 * A PerconaXtraDBClusterRestore of `model`. A point in time starts from the named full backup and replays the source
 * cluster's binlogs from the `/pitr` folder its PITR storage writes to (S3, GCS through its S3 endpoint, or Azure:
 * pkg/pxc/backup/restore.go:s3Envs, azureEnvs). The Job reads TLS verification and xbcloud's options from the restoring
 * cluster's storage of the backup's name (restore.go:restoreJobEnvs): a `storage` given joins the cluster's storages.
 */
export function restoreObject(scope: Construct, model: ClusterModel, name: string, source: RestoreSource): ApiObject {
  const binlogs = source.time === undefined ? undefined : source.storage!;
  const binlogPath = binlogs && `${binlogs.pathFor(source.sourceCluster!, source.sourceNamespace ?? model.namespace)}/pitr`;
  return new ApiObject(scope, 'Resource', {
    ...pxc.PerconaXtraDbClusterRestore.GVK,
    metadata: { name, namespace: model.namespace },
    spec: pxc.toJson_PerconaXtraDbClusterRestoreSpec({
      pxcCluster: model.name,
      backupName: source.backupName ?? source.baseBackupName,
      // The restore runs while the cluster is stopped: it may use what a database pod uses (xtrabackup takes 75% of it).
      resources: requirements(pxc.PerconaXtraDbClusterRestoreSpecResourcesLimits, pxc.PerconaXtraDbClusterRestoreSpecResourcesRequests,
        model.resources),
      pitr: binlogs && {
        type: 'date',
        date: toUtcDateTime(source.time!),
        backupSource: { ...objectStore(binlogs, binlogPath!), verifyTls: binlogs.verifyTls },
      },
    }),
  });
}
