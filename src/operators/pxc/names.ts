import { ClusterModel } from '../../model';

export const MYSQL_PORT = 3306;
export const EXPORTER_PORT = 9104;
/** A restore runs Jobs named `restore-job-<restore>-<cluster>` (and pitr-job-, prepare-job-), and a Job name is a label. */
export const RESTORE_JOB_NAME_MAX_LENGTH = 63;
export const RESTORE_JOB_PREFIX = 'restore-job-';
/** How much of the cluster and storage names the operator keeps in a scheduled backup's name (naming.ScheduledBackupName). */
export const SCHEDULED_NAME_PREFIX_LENGTH = 16;

/** Labels the PXC operator puts on the pods of one component (pxc, haproxy, proxysql). */
export function componentLabels(name: string, component: string): { [key: string]: string } {
  return { 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': component };
}

/** The users Secret: the one given, or the one the operator creates (named explicitly either way). */
export function usersSecret(model: ClusterModel): string {
  return model.credentialsSecret ?? `${model.name}-secrets`;
}
