import { IConstruct } from 'constructs';
import { invalid } from './errors';
import { isDns1035Label } from './names';
import { RestoreSource } from './restore-source';
import type { ClusterModel } from './targets/target';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** True for an RFC 3339 instant that names a real date and time. @internal */
export function isRfc3339(time: string): boolean {
  const m = RFC3339.exec(time);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, the form the Percona operators and pgBackRest take. @internal */
export function toUtcDateTime(time: string): string {
  return new Date(time).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
}

/** `YYYY-MM-DDTHH:MM:SSZ` in UTC, Everest's form. @internal */
export function toUtcRfc3339(time: string): string {
  return new Date(time).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Checks a restore source against the cluster it restores into. @internal */
export function checkRestoreSource(scope: IConstruct, prop: string, source: RestoreSource, model: ClusterModel): void {
  for (const [field, backupName] of [['backupName', source.backupName], ['baseBackupName', source.baseBackupName]]) {
    if (backupName !== undefined && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(backupName)) {
      invalid(scope, `${prop}.${field}`, backupName, 'a backup name must be a DNS subdomain');
    }
  }
  if (source.time !== undefined) {
    if (!isRfc3339(source.time)) invalid(scope, `${prop}.time`, source.time, 'the instant must be an RFC 3339 timestamp such as 2026-11-20T08:30:00Z');
    if (new Date(source.time).getTime() > Date.now()) invalid(scope, `${prop}.time`, source.time, 'the instant is in the future');
  }
  if (source.sourceCluster !== undefined && !isDns1035Label(source.sourceCluster)) {
    invalid(scope, `${prop}.sourceCluster`, source.sourceCluster, 'a cluster name must be a DNS-1035 label');
  }
  if (source.sourceCluster !== undefined && source.sourceCluster === model.name && source.time === undefined) {
    invalid(scope, `${prop}.sourceCluster`, source.sourceCluster, 'a cluster cannot be cloned from itself');
  }
}
