import {
  always, antiAffinity, backupStorageRemoved, configurationChanged, databaseReplicas, destructive, disruptionBudget, imageChange, operatorVersion,
  paused, podsAt, pointInTimeRecovery, proxyReplicas, resourcesChanged, risky, safe, storageClass, storageSize, VersionPolicy,
} from '../../diff/rules/classifiers';
import { exposure } from '../../diff/rules/exposure';
import { Classifier, KindRules } from '../../diff/rules/rule';
import { backupStorageFields, databaseKind, proxySection, scheduleFields } from '../../diff/rules/tables';
import { splitImage } from '../../diff/values';
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

/**
 * ProxySQL turned on in a running MySQL 8 cluster. pkg/controller/pxc/controller.go:Reconcile refuses it while the HAProxy
 * StatefulSet exists ("you can't switch from HAProxy to ProxySQL"), and build/pxc-entrypoint.sh stops every database pod
 * that would move from caching_sha2_password, the default without ProxySQL, to the mysql_native_password ProxySQL needs.
 * MySQL 5.7 uses mysql_native_password throughout: there the switch is an ordinary proxy change (left to later rules).
 */
const proxySqlEnabled: Classifier = (before, after, context) => {
  if (before?.enabled === true || after?.enabled !== true) return undefined;
  const tag = splitImage(String(context.newObject?.spec?.pxc?.image ?? '')).tag ?? '';
  if (tag.startsWith('5.7')) return undefined;
  return destructive('ProxySQL cannot be turned on in a running MySQL 8 cluster: the operator refuses the switch from HAProxy, '
    + 'and database pods started without ProxySQL refuse the mysql_native_password it needs (build/pxc-entrypoint.sh): '
    + 'the cluster stays in error until the change is reverted');
};

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
    { path: 'spec.pxc.expose', classify: exposure('the database pods\' Services') },
    { path: 'spec.proxysql', classify: proxySqlEnabled },
    ...['haproxy', 'proxysql'].flatMap(proxy => [
      { path: `spec.${proxy}`, classify: proxySection },
      { path: `spec.${proxy}.size`, classify: proxyReplicas },
      { path: `spec.${proxy}.affinity`, classify: antiAffinity(perconaAntiAffinity) },
      { path: `spec.${proxy}.podDisruptionBudget`, classify: disruptionBudget(podsAt(`spec.${proxy}.size`)) },
    ]),
    { path: 'spec.haproxy.exposePrimary', classify: exposure('the HAProxy primary Service') },
    { path: 'spec.proxysql.expose', classify: exposure('the ProxySQL Service') },
    // The StatefulSet's volume claim templates cannot change: the operator's update of it is refused (upgrade.go:updatePod).
    {
      path: 'spec.proxysql.volumeSpec',
      classify: always(destructive('the ProxySQL volume cannot change: the API server refuses the '
      + 'StatefulSet update and the cluster stays in error')),
    },
    // How later changes roll out; the StatefulSet's strategy changes without restarting a pod (statefulset/node.go:UpdateStrategy).
    { path: 'spec.updateStrategy', classify: always(safe('how the operator rolls out later changes')) },
    // Read by checkSafeDefaults only (pxc_types.go): the size changes that come with them are judged on their own.
    { path: 'spec.unsafeFlags', classify: always(safe('the operator\'s size checks change with the size')) },
    // secrets.go:reconcileUsersSecret, users.go:reconcileUsers: every system password that differs is rotated, pods restart.
    {
      path: 'spec.secretsName',
      classify: always(risky('another users Secret: the operator creates it with new passwords if '
      + 'it does not exist, rotates every system password that differs and restarts the pods')),
    },
    { path: 'spec.pause', classify: paused },
    ...backupStorageFields('spec.backup.storages.*', backupStorageRemoved(schedulesUse)),
    // Read by each backup Job and by the binlog collector when they start (job.go:JobSpec, binlog-collector.go:GetDeployment).
    ...['verifyTLS', 'resources', 'containerOptions', 'nodeSelector', 'tolerations'].map(field => ({
      path: `spec.backup.storages.*.${field}`, classify: always(safe('backup Jobs and the binlog collector use it from their next start')),
    })),
    ...scheduleFields('spec.backup.schedule', 'storageName', ['keep', 'retention.count']),
    { path: 'spec.backup.pitr', classify: pointInTimeRecovery },
  ],
});
