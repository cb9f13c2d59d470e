import {
  BACKUP_JOB_PREFIX, CLUSTER_NAME_MAX_LENGTH, crc32, JOB_NAME_MAX_LENGTH, RESTORE_JOB_PREFIX, SCHEDULE_HASH_MINIMUM,
  SCHEDULED_NAME_PREFIX_LENGTH,
} from './names';
import { PXC_CATALOGUE, PXC_OPERATOR_VERSION } from './versions';
import { parseVersion, splitImage } from '../../diff/values';
import { MYSQL_PARAMETERS } from '../../engines/mysql';
import { ExposeType } from '../../expose';
import { ClusterModel, ScheduleModel } from '../../model';
import { isDnsSubdomain } from '../../names';
import { ProxyType } from '../../proxy';
import { quantityBytes } from '../../quantity';
import { backupObjectNameRule } from '../../restore-rules';
import { RestoreSource } from '../../restore-source';
import { nameLengthRule, Rule } from '../../rules';

const OPERATOR = `the PXC operator ${PXC_OPERATOR_VERSION}`;
const GIB = 2 ** 30;

/**
 * my.cnf options the operator owns. Its scripts write them into node.cnf at every pod start, from the pod's address,
 * the cluster's peers and Secrets (build/pxc-configure-pxc.sh, build/pxc-entrypoint.sh); the operator and the proxies
 * reach mysqld on the ports it fixes (3306, admin port 33062: pkg/controller/pxc/replication.go, pkg/pxc/queries).
 * Written in the user's section too, one of the two values is lost, and either loss breaks the cluster or TLS.
 */
const RESERVED_PARAMETERS: ReadonlyArray<string> = [
  // build/pxc-configure-pxc.sh
  'wsrep_cluster_address', 'wsrep_cluster_name', 'wsrep_node_address', 'wsrep_node_incoming_address', 'wsrep_sst_donor',
  'wsrep_sst_auth', 'server_id', 'admin_address', 'extra_port', 'extra_max_connections', 'pxc_encrypt_cluster_traffic',
  'ssl_ca', 'ssl_cert', 'ssl_key',
  // build/pxc-entrypoint.sh (the authentication plugin follows the proxy: ProxySQL needs mysql_native_password)
  'gtid_mode', 'enforce_gtid_consistency', 'plugin_load', 'wsrep_notify_cmd', 'authentication_policy',
  'default_authentication_plugin', 'skip_replica_start', 'skip_slave_start',
  // the ports the operator, the proxies and the Services use
  'port', 'admin_port',
];

/** How mysqld reads an option name: dashes and underscores alike, case-insensitive, with an optional `loose-` prefix. */
const mysqlOption = MYSQL_PARAMETERS.normalize;

const isOn = (value: string) => ['1', 'on', 'true', 'yes'].includes(value.trim().toLowerCase());

/**
 * What the PXC operator checks of any cluster it runs, whether rendered here or by Everest (which names the native
 * cluster after its DatabaseCluster, turns on volume expansion and passes the engine parameters through as
 * `pxc.configuration`): the name's length, Galera's quorum, whole-GiB volumes and the parameters it owns.
 */
export const PXC_CLUSTER_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  // pkg/apis/pxc/v1/pxc_types.go:Validate ("cluster name (%s) too long, must be no more than 22 characters").
  nameLengthRule('Percona XtraDB Cluster', CLUSTER_NAME_MAX_LENGTH, () => ''),
  {
    // pkg/apis/pxc/v1/pxc_types.go:checkSafeDefaults (the unsafe flag pxcSize is only written for singleNodeDevelopment).
    prop: 'replicas',
    value: (m) => m.replicas,
    valid: (m) => m.replicas % 2 === 1 && m.replicas <= 5,
    reason: 'a Galera cluster needs an odd size of at most 5 to keep quorum',
  },
  {
    // pkg/controller/pxc/volumes.go:reconcilePersistentVolumes compares RoundUpGiB(request) with the volumes' capacity.
    prop: 'storage.size',
    value: (m) => m.storage.size,
    valid: (m) => quantityBytes(m.storage.size) % GIB === 0,
    reason: `${OPERATOR} rounds the volume request up to whole GiB and, with volume expansion on, resizes every volume to `
      + 'that right after creation (and reverts and fails where the StorageClass cannot expand): give a whole number of GiB',
  },
  {
    prop: 'config',
    value: (m) => Object.keys(m.config).filter((k) => RESERVED_PARAMETERS.includes(mysqlOption(k))),
    valid: (m) => Object.keys(m.config).every((k) => !RESERVED_PARAMETERS.includes(mysqlOption(k))),
    reason: `${OPERATOR} sets these itself at every pod start (build/pxc-configure-pxc.sh, build/pxc-entrypoint.sh) `
      + 'from the pod, its peers, the proxy and the TLS Secrets, and reaches mysqld on fixed ports',
  },
  {
    // pkg/controller/pxc/replication.go:checkReadonlyStatus turns read_only off on every reconcile of a source cluster.
    prop: 'config',
    value: (m) => Object.entries(m.config).filter(([k, v]) => ['read_only', 'super_read_only'].includes(mysqlOption(k)) && isOn(v))
      .map(([k, v]) => `${k}=${v}`),
    valid: (m) => !Object.entries(m.config).some(([k, v]) => ['read_only', 'super_read_only'].includes(mysqlOption(k)) && isOn(v)),
    reason: `${OPERATOR} turns read_only off again on every pod of a cluster that is not a replica (replication.go:checkReadonlyStatus)`,
  },
  {
    // pkg/apis/pxc/v1/pxc_types.go:executeConfigurationTemplate renders pxc.configuration with pongo2 when a memory limit is set.
    prop: 'config',
    value: (m) => Object.entries(m.config).filter(([, v]) => /\{[{%#]/.test(v)).map(([k, v]) => `${k}=${v}`),
    valid: (m) => Object.values(m.config).every((v) => !/\{[{%#]/.test(v)),
    reason: `${OPERATOR} renders the configuration as a pongo2 template (pxc_types.go:executeConfigurationTemplate): `
      + '`{{`, `{%` and `{#` in a value are evaluated or fail the reconcile',
  },
  {
    // cmd/pitr/collector reads the binary logs: a server without them leaves point-in-time recovery empty.
    prop: 'config',
    value: (m) => Object.keys(m.config).filter((k) => ['skip_log_bin', 'disable_log_bin'].includes(mysqlOption(k))),
    when: (m) => m.backup?.pointInTimeRecovery === true,
    valid: (m) => !Object.keys(m.config).some((k) => ['skip_log_bin', 'disable_log_bin'].includes(mysqlOption(k))),
    reason: 'point-in-time recovery collects the binary logs, which these options turn off',
  },
];

/** The series (`8.0`) an image tag names, when the tag starts with a version. */
function imageSeries(image: string): string | undefined {
  const tag = splitImage(image).tag;
  const version = tag === undefined ? undefined : parseVersion(tag);
  return version && version.release.length >= 2 ? version.release.slice(0, 2).join('.') : undefined;
}

/** Limits of the PXC operator 1.18.0 on the cluster when it is rendered directly. */
export const PXC_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  ...PXC_CLUSTER_RULES,
  ...PXC_CATALOGUE.rules(),
  {
    prop: 'engine.image',
    value: (m) => m.engine.image,
    when: (m) => m.engine.image !== undefined && !m.engine.image.includes('@'),
    valid: (m) => ![undefined, 'latest'].includes(splitImage(m.engine.image!).tag),
    reason: 'a floating tag runs whatever build is current when a pod restarts: pin a version tag or a digest',
  },
  {
    // The backup, restore and binlog images follow the version's series (pkg/pxc/backup: xtrabackup must match the server).
    prop: 'engine.image',
    value: (m) => m.engine.image,
    when: (m) => m.engine.image !== undefined && imageSeries(m.engine.image) !== undefined,
    valid: (m) => imageSeries(m.engine.image!) === m.engine.minorVersion,
    reason: (m) => `the image's tag names another series than version ${m.engine.version}, whose xtrabackup would take the backups`,
  },
  {
    // pkg/controller/pxc/replication.go:ensurePxcPodServices makes `pxc.expose` one Service per pod, and
    // pkg/controller/pxc/status.go:appHost looks for the address on the headless `<cluster>-pxc`: no cluster address.
    prop: 'expose',
    value: (m) => m.expose.type,
    when: (m) => m.proxy.type === ProxyType.NONE,
    valid: (m) => m.expose.type === ExposeType.CLUSTER_IP,
    reason: `without a proxy ${OPERATOR} exposes each member on a Service of its own, for cross-site replication, and `
      + 'never reports the cluster ready on a LoadBalancer: expose it through HAProxy or ProxySQL',
  },
];

/** How the operator names and runs scheduled backups, for any PXC cluster (Everest passes its schedules through). */
export const PXC_SCHEDULE_RULES: ReadonlyArray<Rule<{ readonly model: ClusterModel; readonly schedule: ScheduleModel }>> = [
  {
    // pkg/naming/backup.go:ScheduledBackupName.
    prop: 'schedule',
    value: ({ schedule }) => schedule.cron,
    when: ({ schedule }) => schedule.enabled,
    valid: ({ model, schedule }) => !model.schedules.some((s) => s.enabled && s.cron === schedule.cron
      && s.storage.name.slice(0, SCHEDULED_NAME_PREFIX_LENGTH) === schedule.storage.name.slice(0, SCHEDULED_NAME_PREFIX_LENGTH)),
    reason: 'PXC names a scheduled backup after the cluster, the storage, the second it starts and a hash of the cron '
      + 'expression: two schedules with the same expression on one storage would create the same backup',
  },
  {
    // pkg/naming/backup.go:ScheduledBackupName slices 5 base-32 digits of crc32.ChecksumIEEE(schedule) without a check.
    prop: 'schedule',
    value: ({ schedule }) => schedule.cron,
    when: ({ schedule }) => schedule.enabled,
    valid: ({ schedule }) => crc32(schedule.cron) >= SCHEDULE_HASH_MINIMUM,
    reason: `${OPERATOR} names each scheduled backup with 5 base-32 digits of the CRC-32 of this exact text, which has `
      + 'only 4 (pkg/naming/backup.go:ScheduledBackupName): the operator would crash at every run. Write the same '
      + 'schedule another way (a day or month name instead of its number, a list in another order)',
  },
];

/**
 * A clone (`restoreFrom`) is refused. pkg/controller/pxcrestore/controller.go:reconcileStateNew fails a restore for good
 * when the users Secret does not exist yet, and pkg/k8s/cluster.go:PauseClusterWithWait waits forever for the one volume
 * that a cluster paused before its first start never gets: a restore applied with its new cluster races that start.
 */
export const CLONE_RULES: ReadonlyArray<Rule<RestoreSource>> = [
  backupObjectNameRule<RestoreSource>('restoreFrom', (s) => s),
  {
    prop: 'restoreFrom',
    value: (s) => s.backupName ?? s.baseBackupName,
    valid: () => false,
    reason: `${OPERATOR} has no way to create a cluster from a backup: a restore applied together with the new cluster `
      + 'races its first start (it fails, or leaves the cluster paused for good). Create the cluster, then, once it is '
      + 'ready, add a DatabaseRestore of it',
  },
];

/**
 * What a PerconaXtraDBClusterRestore can express, for the `source` of a DatabaseRestore. A backup is found through its
 * PerconaXtraDBClusterBackup object, whose status records where it is; binlogs are replayed on a full backup that the
 * operator does not choose itself.
 */
export const RESTORE_SOURCE_RULES: ReadonlyArray<Rule<RestoreSource>> = [
  backupObjectNameRule<RestoreSource>('source', (s) => s),
  {
    prop: 'source.baseBackupName',
    value: (s) => s.baseBackupName,
    when: (s) => s.time !== undefined,
    valid: (s) => s.baseBackupName !== undefined && isDnsSubdomain(s.baseBackupName),
    reason: 'PXC replays binlogs on a full backup it does not pick itself, and the latest one before the instant is '
      + 'unknown at synthesis: name the PerconaXtraDBClusterBackup to start from',
  },
];

export const RESTORE_NAME_RULES: ReadonlyArray<Rule<{ readonly name: string; readonly model: ClusterModel }>> = [
  {
    prop: 'name',
    value: ({ name }) => name,
    valid: ({ name, model }) => `${RESTORE_JOB_PREFIX}${name}-${model.name}`.length <= JOB_NAME_MAX_LENGTH,
    reason: ({ model }) => `PXC names the restore's Job ${RESTORE_JOB_PREFIX}<restore>-<cluster>, at most ${JOB_NAME_MAX_LENGTH} `
      + `characters: with cluster ${model.name}, a restore name has at most ${JOB_NAME_MAX_LENGTH - RESTORE_JOB_PREFIX.length - model.name.length - 1}`,
  },
];

export const BACKUP_NAME_RULES: ReadonlyArray<Rule<{ readonly name: string }>> = [
  {
    // pkg/naming/backup.go:BackupJobName cuts `xb-<backup>` to 63 characters.
    prop: 'name',
    value: ({ name }) => name,
    valid: ({ name }) => `${BACKUP_JOB_PREFIX}${name}`.length <= JOB_NAME_MAX_LENGTH,
    reason: `PXC runs a backup as the Job ${BACKUP_JOB_PREFIX}<backup> cut to ${JOB_NAME_MAX_LENGTH} characters: two backups whose names `
      + `share their first ${JOB_NAME_MAX_LENGTH - BACKUP_JOB_PREFIX.length} characters would share one Job, so a backup name has at `
      + `most ${JOB_NAME_MAX_LENGTH - BACKUP_JOB_PREFIX.length}`,
  },
];
