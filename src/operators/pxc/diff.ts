import {
  antiAffinity, backupStorageRemoved, configurationChanged, databaseReplicas, destructive, disruptionBudget, imageChange, operatorVersion,
  paused, podsAt, pointInTimeRecovery, proxyReplicas, resourcesChanged, storageClass, storageSize, VersionPolicy,
} from '../../diff/rules/classifiers';
import { KindRules } from '../../diff/rules/rule';
import { backupStorageFields, databaseKind, proxySection, scheduleFields } from '../../diff/rules/tables';
import { perconaAntiAffinity } from '../percona/diff';

/** MySQL version changes under the PXC operator (and Everest, which runs it). @internal */
export const MYSQL_VERSIONS: VersionPolicy = {
  lineLength: 2,
  majorUpgrade: () => destructive('major upgrades of Percona XtraDB Cluster are not supported (Everest refuses them)'),
};

const PVC = 'spec.pxc.volumeSpec.persistentVolumeClaim';

function schedulesUse(storage: string, cluster: any): boolean {
  const backup = cluster.spec?.backup ?? {};
  return (backup.schedule ?? []).some((s: any) => s.storageName === storage) || (backup.pitr?.enabled && backup.pitr.storageName === storage);
}

/** Percona XtraDB Cluster operator (`pxc.percona.com/v1`). @internal */
export const PXC_DIFF_RULES: KindRules = databaseKind({
  apiGroup: 'pxc.percona.com',
  kind: 'PerconaXtraDBCluster',
  engine: () => 'mysql',
  fields: [
    { path: 'spec.crVersion', classify: operatorVersion },
    { path: 'spec.pxc.size', classify: databaseReplicas },
    { path: 'spec.pxc.image', classify: imageChange(MYSQL_VERSIONS) },
    { path: 'spec.pxc.resources', classify: resourcesChanged },
    { path: 'spec.pxc.configuration', classify: configurationChanged },
    { path: `${PVC}.resources.requests.storage`, classify: storageSize },
    { path: `${PVC}.storageClassName`, classify: storageClass },
    { path: 'spec.pxc.affinity', classify: antiAffinity(perconaAntiAffinity) },
    { path: 'spec.pxc.podDisruptionBudget', classify: disruptionBudget(podsAt('spec.pxc.size')) },
    ...['haproxy', 'proxysql'].flatMap(proxy => [
      { path: `spec.${proxy}`, classify: proxySection },
      { path: `spec.${proxy}.size`, classify: proxyReplicas },
      { path: `spec.${proxy}.affinity`, classify: antiAffinity(perconaAntiAffinity) },
      { path: `spec.${proxy}.podDisruptionBudget`, classify: disruptionBudget(podsAt(`spec.${proxy}.size`)) },
    ]),
    { path: 'spec.pause', classify: paused },
    ...backupStorageFields('spec.backup.storages.*', backupStorageRemoved(schedulesUse)),
    ...scheduleFields('spec.backup.schedule', 'storageName', ['keep', 'retention.count']),
    { path: 'spec.backup.pitr', classify: pointInTimeRecovery },
  ],
});
