/**
 * What `ManagedDatabase.status` should say, computed from the ManagedDatabase, its live native resource and the
 * last successful backup: a pure function, so that equal inputs give equal output and nothing is written at rest.
 */
import { fingerprint } from './fingerprint';
import { KubeObject, OperatorStatusMapping, Phase } from '../status-mapping';

export interface Condition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason: string;
  readonly message: string;
  readonly lastTransitionTime: string;
  readonly observedGeneration?: number;
}

export interface Observation {
  /** The ManagedDatabase, with its current status. */
  readonly managedDatabase: KubeObject;
  /** How the operator of its native kind reports status; undefined for a kind this reconciler does not know. */
  readonly operator?: OperatorStatusMapping;
  /** Its native resource, if it exists. */
  readonly native?: KubeObject;
  /** Completion time of the newest successful backup of the native resource. */
  readonly lastSuccessfulBackup?: Date;
  readonly now: Date;
}

export interface DesiredStatus {
  readonly status: KubeObject;
  /** When the status would change without any event (a backup turning stale), in epoch milliseconds. */
  readonly recheckAt?: number;
}

/** RFC 3339 without fractions, as Kubernetes writes `date-time` fields. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Whether two versions agree as far as both are precise (`17` and `17.7`; `17.7` and `17.7-2`). */
export function sameVersion(running: string, desired: string): boolean {
  const a = running.split(/[.-]/);
  const b = desired.split(/[.-]/);
  return a.slice(0, Math.min(a.length, b.length)).every((part, i) => part === b[i]);
}

export function desiredStatus(observation: Observation): DesiredStatus {
  const { managedDatabase: md, native, now } = observation;
  const spec = md.spec ?? {};
  const generation: number | undefined = md.metadata?.generation;
  const previous: Condition[] = md.status?.conditions ?? [];
  const condition = (type: string, status: Condition['status'], reason: string, message: string): Condition => {
    const before = previous.find((c) => c.type === type);
    const lastTransitionTime = before?.status === status ? before.lastTransitionTime : rfc3339(now);
    return { type, status, reason, message, lastTransitionTime, ...(generation !== undefined ? { observedGeneration: generation } : {}) };
  };

  const operator = observation.operator;
  const report = native && operator?.report(native);
  const kind = spec.resource?.kind ?? 'native resource';
  let phase: Phase = report?.phase ?? 'Provisioning';
  if (native?.metadata?.deletionTimestamp) phase = 'Deleting';
  else if (report && phase === 'Ready' && (report.readyMembers ?? 0) < (report.members ?? 0)) phase = 'Degraded';
  else if (report && phase === 'Failed' && (report.readyMembers ?? 0) > 0) phase = 'Degraded';
  else if (report && phase === 'Provisioning' && (report.readyMembers ?? 0) > 0 && report.engineVersion && spec.engineVersion
    && !sameVersion(report.engineVersion, spec.engineVersion)) phase = 'Upgrading';

  const ready = !operator
    ? condition('Ready', 'Unknown', 'UnsupportedKind', `this reconciler does not know ${spec.resource?.apiVersion} ${kind}`)
    : phase === 'Ready'
      ? condition('Ready', 'True', 'Ready', `${report?.readyMembers ?? 0}/${report?.members ?? 0} members ready`)
      : !native
        ? condition('Ready', 'False', 'NotFound', `${kind} ${spec.resource?.name} does not exist`)
        : condition('Ready', 'False', phase, `${operator.name} reports ${JSON.stringify(report?.state ?? '')}`);

  const backup = backupCondition(spec.backup?.maxAgeSeconds, observation.lastSuccessfulBackup, now);
  const pointers: string[] | undefined = spec.fingerprint?.paths;
  const specInSync = !native
    ? condition('SpecInSync', 'Unknown', 'NotFound', `${kind} ${spec.resource?.name} does not exist`)
    : !pointers || !spec.fingerprint?.hash
      ? condition('SpecInSync', 'Unknown', 'NoFingerprint', 'the ManagedDatabase names no synthesized fields')
      : fingerprint(native, pointers) === spec.fingerprint.hash
        ? condition('SpecInSync', 'True', 'Matches', `the live ${kind} holds the ${pointers.length} synthesized spec fields`)
        : condition('SpecInSync', 'False', 'Drifted', `the live ${kind} differs from the synthesized spec in at least one of ${pointers.length} fields`);

  const host = report?.host;
  const port = report?.port ?? spec.port;
  const status: KubeObject = {
    observedGeneration: generation,
    phase,
    nativeState: report?.state,
    readyMembers: report?.readyMembers,
    members: report?.members,
    endpoint: host && (port ? `${host}:${port}` : host),
    engineVersion: report?.engineVersion,
    lastSuccessfulBackup: observation.lastSuccessfulBackup && rfc3339(observation.lastSuccessfulBackup),
    conditions: [ready, condition('BackupHealthy', backup.status, backup.reason, backup.message), specInSync],
  };
  return { status: dropUndefined(status), recheckAt: backup.staleAt };
}

function backupCondition(maxAgeSeconds: number | undefined, last: Date | undefined, now: Date) {
  if (maxAgeSeconds === undefined) {
    return { status: 'False' as const, reason: 'NoSchedule', message: 'no backup schedule promises a backup' };
  }
  if (!last) return { status: 'False' as const, reason: 'NoSuccessfulBackup', message: 'no backup has succeeded yet' };
  const staleAt = last.getTime() + maxAgeSeconds * 1000;
  if (now.getTime() >= staleAt) {
    return { status: 'False' as const, reason: 'BackupStale', message: `the last successful backup (${rfc3339(last)}) is older than the ${maxAgeSeconds}s the schedules promise` };
  }
  return { status: 'True' as const, reason: 'BackupFresh', message: `the last successful backup (${rfc3339(last)}) is within the ${maxAgeSeconds}s the schedules promise`, staleAt };
}

function dropUndefined(obj: KubeObject): KubeObject {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}
