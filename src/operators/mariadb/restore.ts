import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { folders, JOB_RESOURCES, objectStorage } from './backup';
import { names } from './names';
import * as mdb from '../../imports/mariadb-k8s.mariadb.com';
import { ClusterModel } from '../../model';
import { requirements } from '../../quantity';
import { RestoreSource } from '../../restore-source';

/** The path of one object's folder in the source cluster's path of a clone's storage. */
function sourcePath(m: ClusterModel, source: RestoreSource, folder: string): string {
  return `${source.storage!.pathFor(source.sourceCluster!, source.sourceNamespace ?? m.namespace)}/${folder}`;
}

/**
 * `bootstrapFrom` of a clone. A named backup is a logical Backup (`backupRef`, kind and content type written as the
 * operator would write them back, both set-once); an instant names the clone's own PointInTimeRecovery, which
 * describes the source's binlogs and base backups in the storage (`originObjects`), so that a clone also works
 * once the source and its objects are gone.
 */
export function bootstrapFrom(m: ClusterModel): mdb.MariaDbSpecBootstrapFrom | undefined {
  const source = m.restoreFrom;
  if (!source) return undefined;
  // The restore runs before the cluster serves: it may use what a database pod uses.
  const { MariaDbSpecBootstrapFromRestoreJobResourcesLimits: limits, MariaDbSpecBootstrapFromRestoreJobResourcesRequests: requests } = mdb;
  const restoreJob = { resources: requirements(limits, requests, m.resources) };
  if (source.time === undefined) {
    return {
      backupRef: { name: source.backupName!, kind: 'Backup' },
      backupContentType: mdb.MariaDbSpecBootstrapFromBackupContentType.LOGICAL,
      restoreJob,
    };
  }
  return { pointInTimeRecoveryRef: { name: names.origin(m) }, targetRecoveryTime: new Date(source.time), restoreJob };
}

/**
 * The objects a point-in-time clone reads its source from: a PhysicalBackup over the source's scheduled backups that
 * never runs (suspended, no cron, not immediate: physicalbackup_controller.go:reconcileTemplateScheduled) and a
 * PointInTimeRecovery over its binlogs that fails rather than stop short of the instant (strictMode).
 */
export function originObjects(scope: Construct, m: ClusterModel): void {
  const source = m.restoreFrom;
  if (source?.time === undefined) return;
  const name = names.origin(m);
  new ApiObject(scope, 'OriginBackup', {
    ...mdb.PhysicalBackup.GVK,
    metadata: { name, namespace: m.namespace },
    spec: mdb.toJson_PhysicalBackupSpec({
      mariaDbRef: { name: m.name },
      schedule: { cron: '', immediate: false, suspend: true },
      storage: objectStorage(source.storage!, sourcePath(m, source, folders.physical(source.baseBackupName!))),
      resources: requirements(mdb.PhysicalBackupSpecResourcesLimits, mdb.PhysicalBackupSpecResourcesRequests, JOB_RESOURCES),
      serviceAccountName: name,
    }),
  });
  new ApiObject(scope, 'OriginPointInTimeRecovery', {
    ...mdb.PointInTimeRecovery.GVK,
    metadata: { name, namespace: m.namespace },
    spec: mdb.toJson_PointInTimeRecoverySpec({
      physicalBackupRef: { name },
      storage: objectStorage(source.storage!, sourcePath(m, source, folders.binlogs)),
      compression: mdb.PointInTimeRecoverySpecCompression.GZIP,
      strictMode: true,
    }),
  });
}

/** An in-place Restore of a logical Backup (the rules refuse anything else). */
export function restoreObject(scope: Construct, m: ClusterModel, restore: { readonly name: string; readonly source: RestoreSource }): ApiObject {
  return new ApiObject(scope, 'Resource', {
    ...mdb.Restore.GVK,
    metadata: { name: restore.name, namespace: m.namespace },
    spec: mdb.toJson_RestoreSpec({
      mariaDbRef: { name: m.name },
      backupRef: { name: restore.source.backupName! },
      resources: requirements(mdb.RestoreSpecResourcesLimits, mdb.RestoreSpecResourcesRequests, JOB_RESOURCES),
      // Set-once (restore_types.go, JobPodTemplate.SetDefaults): written as the operator would write it.
      serviceAccountName: restore.name,
    }),
  });
}
