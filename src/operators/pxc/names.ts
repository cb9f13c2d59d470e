import { ClusterModel } from '../../model';

export const MYSQL_PORT = 3306;
export const EXPORTER_PORT = 9104;
/** The longest cluster name (pkg/apis/pxc/v1/pxc_types.go:Validate, `clusterNameMaxLen`). */
export const CLUSTER_NAME_MAX_LENGTH = 22;
/** A Job's name is a label value (`batch.kubernetes.io/job-name`): 63 characters at most. */
export const JOB_NAME_MAX_LENGTH = 63;
/**
 * A restore runs Jobs named `restore-job-<restore>-<cluster>`, `prepare-job-…` (same length) and `pitr-job-…`,
 * untrimmed (pkg/pxc/backup/restore.go:RestoreJob, pkg/naming/restore.go).
 */
export const RESTORE_JOB_PREFIX = 'restore-job-';
/**
 * A backup runs the Job `xb-<backup>`, cut to 63 characters (pkg/naming/backup.go:BackupJobName): two backups whose
 * names share their first 60 characters would share one Job.
 */
export const BACKUP_JOB_PREFIX = 'xb-';
/** How much of the cluster and storage names the operator keeps in a scheduled backup's name (naming.ScheduledBackupName). */
export const SCHEDULED_NAME_PREFIX_LENGTH = 16;
/**
 * naming.ScheduledBackupName ends the name with the first 5 base-32 digits of the CRC-32 (IEEE) of the schedule's
 * text, without checking that there are 5: below 32^4 the slice panics in the cron goroutine, which kills the operator.
 */
export const SCHEDULE_HASH_MINIMUM = 32 ** 4;

/* eslint-disable no-bitwise -- a checksum is bit arithmetic (zlib.crc32 needs Node.js 20.15) */
const CRC32_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let bit = 0; bit < 8; bit++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (IEEE 802.3, Go's `crc32.ChecksumIEEE`) of the UTF-8 bytes of `text`. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of new TextEncoder().encode(text)) crc = CRC32_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
/* eslint-enable no-bitwise */

/** Labels the PXC operator puts on the pods of one component (pxc, haproxy, proxysql). */
export function componentLabels(name: string, component: string): { [key: string]: string } {
  return { 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': component };
}

/** The users Secret: the one given, or the one the operator creates (named explicitly either way). */
export function usersSecret(model: ClusterModel): string {
  return model.credentialsSecret ?? `${model.name}-secrets`;
}
