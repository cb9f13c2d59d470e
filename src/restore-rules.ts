import { IConstruct } from 'constructs';
import { invalid } from './errors';
import type { ClusterModel } from './model';
import { isDns1035Label, isDnsSubdomain } from './names';
import { RestoreSource } from './restore-source';
import { Rule } from './rules';

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

/**
 * Checks a restore source against the cluster it restores into. A backup name's format is the target's to decide
 * (a backup object's name, a pgBackRest label, ...): here it only has to be a name at all. A base backup is always
 * named by its backup object.
 * @internal
 */
export function checkRestoreSource(scope: IConstruct, prop: string, source: RestoreSource, model: ClusterModel): void {
  if (source.backupName !== undefined && !/^[^\s/]+$/.test(source.backupName)) {
    invalid(scope, `${prop}.backupName`, source.backupName, 'a backup name must be a non-empty name without whitespace or "/"');
  }
  if (source.baseBackupName !== undefined && !isDnsSubdomain(source.baseBackupName)) {
    invalid(scope, `${prop}.baseBackupName`, source.baseBackupName, 'a backup name must be a DNS subdomain');
  }
  if (source.time !== undefined) {
    if (!isRfc3339(source.time)) invalid(scope, `${prop}.time`, source.time, 'the instant must be an RFC 3339 timestamp such as 2026-11-20T08:30:00Z');
    if (new Date(source.time).getTime() > Date.now()) invalid(scope, `${prop}.time`, source.time, 'the instant is in the future');
  }
  if (source.sourceCluster !== undefined && !isDns1035Label(source.sourceCluster)) {
    invalid(scope, `${prop}.sourceCluster`, source.sourceCluster, 'a cluster name must be a DNS-1035 label');
  }
  // Only a clone (the cluster's own `restoreFrom`): an in-place restore of the cluster's own backup names itself.
  if (source === model.restoreFrom && source.sourceCluster === model.name && source.time === undefined) {
    invalid(scope, `${prop}.sourceCluster`, source.sourceCluster, 'a cluster cannot be cloned from itself');
  }
}

/**
 * For targets that find a backup through its backup object (a Kubernetes object): `backupName` must be a DNS
 * subdomain. `prop` is the source's prop (`restoreFrom`, `source`).
 * @internal
 */
export function backupObjectNameRule<T>(prop: string, sourceOf: (subject: T) => RestoreSource | undefined): Rule<T> {
  return {
    prop: `${prop}.backupName`,
    value: (t) => sourceOf(t)?.backupName,
    when: (t) => sourceOf(t)?.backupName !== undefined,
    valid: (t) => isDnsSubdomain(sourceOf(t)!.backupName!),
    reason: 'a backup name must be a DNS subdomain: it names the backup object',
  };
}
