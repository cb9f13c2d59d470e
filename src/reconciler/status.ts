/**
 * What `ManagedDatabase.status` should say, computed from the ManagedDatabase, its live native resource and the
 * last successful backup: a pure function, so that equal inputs give equal output and nothing is written at rest.
 */
import { fingerprint } from './fingerprint';
import { CLIENT_FACING_ROLES, Count, KubeObject, NativeReport, OperatorStatusMapping, Phase } from '../status-mapping';

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

/**
 * The operator's report and the spec fingerprint of each native object, computed once per object: the informers
 * replace an object when it changes and never modify one, and the reconciler computes every database's status again
 * on each pass (Everest's report parses YAML).
 */
const REPORTS = new WeakMap<KubeObject, NativeReport>();
const FINGERPRINTS = new WeakMap<KubeObject, { readonly pointers: ReadonlyArray<string>; readonly hash: string }>();

function reportOf(operator: OperatorStatusMapping, native: KubeObject): NativeReport {
  let report = REPORTS.get(native);
  if (!report) REPORTS.set(native, report = operator.report(native));
  return report;
}

function fingerprintOf(native: KubeObject, pointers: ReadonlyArray<string>): string {
  const known = FINGERPRINTS.get(native);
  if (known?.pointers === pointers) return known.hash;
  const hash = fingerprint(native, pointers);
  FINGERPRINTS.set(native, { pointers, hash });
  return hash;
}

/** Phases of a database that has been running: members missing now are a loss, not a first start. */
const RUNNING: ReadonlyArray<Phase> = ['Ready', 'Degraded', 'Upgrading'];

/** `2/3`, or `haproxy 3/3`. */
function fraction(c: Count, name?: string): string {
  return `${name ? `${name} ` : ''}${c.ready}/${c.desired}`;
}

/** Whether any member or component is missing. */
function missing(report: NativeReport): boolean {
  return [report.members, ...report.components ?? []].some((c) => c !== undefined && c.ready < c.desired);
}

/**
 * The phase, by the engine-neutral rules on top of the operator's: deletion wins; a Ready state with members missing
 * is Degraded; a state the operator writes both at a first start and after a loss is Provisioning unless the
 * database was running: its previous phase here says so, or, the first time this ManagedDatabase sees it, the
 * operator's own record. A running database in such a state is Upgrading (the engine version changes, or nothing is
 * missing: the operator is rolling something out) or Degraded. After a pause or a restore the same state is a start.
 */
function phaseFor(report: NativeReport | undefined, native: KubeObject | undefined, previous: Phase | undefined, desiredVersion: string | undefined)
  : { readonly phase: Phase; readonly afterReady: boolean } {
  if (native?.metadata?.deletionTimestamp) return { phase: 'Deleting', afterReady: false };
  if (!report) return { phase: 'Provisioning', afterReady: false };
  if (report.phase === 'Ready') return { phase: missing(report) ? 'Degraded' : 'Ready', afterReady: false };
  const running = previous === undefined ? report.wasReady === true : RUNNING.includes(previous);
  if (report.phase !== 'Provisioning' || !running) return { phase: report.phase, afterReady: false };
  const upgrading = !!report.engineVersion && !!desiredVersion && !sameVersion(report.engineVersion, desiredVersion);
  return { phase: upgrading || !missing(report) ? 'Upgrading' : 'Degraded', afterReady: true };
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
  const report = native && operator && reportOf(operator, native);
  const kind = spec.resource?.kind ?? 'native resource';
  const { phase, afterReady } = phaseFor(report, native, md.status?.phase, spec.engineVersion);
  const components = report?.components ?? [];
  const counts = [
    ...(report?.members ? [`${fraction(report.members)} members ready`] : []),
    ...components.map((c) => fraction(c, c.name)),
  ].join(', ');

  const ready = !operator
    ? condition('Ready', 'Unknown', 'UnsupportedKind', `this reconciler does not know ${spec.resource?.apiVersion} ${kind}`)
    : !native
      ? condition('Ready', 'False', 'NotFound', `${kind} ${spec.resource?.name} does not exist`)
      : phase === 'Ready'
        ? condition('Ready', 'True', 'Ready', counts || `${operator.name} reports ${JSON.stringify(report?.state)}`)
        : condition('Ready', 'False', phase, `${operator.name} reports ${JSON.stringify(report?.state ?? '')}${afterReady ? ' after being Ready' : ''}${counts ? `; ${counts}` : ''}`);

  const backup = backupCondition(spec.backup?.maxAgeSeconds, observation.lastSuccessfulBackup, now);
  const pointers: string[] | undefined = spec.fingerprint?.paths;
  const specInSync = !native
    ? condition('SpecInSync', 'Unknown', 'NotFound', `${kind} ${spec.resource?.name} does not exist`)
    : !pointers || !spec.fingerprint?.hash
      ? condition('SpecInSync', 'Unknown', 'NoFingerprint', 'the ManagedDatabase names no synthesized fields')
      : fingerprintOf(native, pointers) === spec.fingerprint.hash
        ? condition('SpecInSync', 'True', 'Matches', `the live ${kind} holds the ${pointers.length} synthesized spec fields`)
        : condition('SpecInSync', 'False', 'Drifted', `the live ${kind} differs from the synthesized spec in at least one of ${pointers.length} fields`);

  const clientFacing = components.filter((c) => CLIENT_FACING_ROLES.includes(c.role));
  const status: KubeObject = {
    observedGeneration: generation,
    phase,
    nativeState: report?.state,
    readyMembers: report?.members?.ready,
    members: report?.members?.desired,
    ready: report?.members && fraction(report.members),
    proxies: clientFacing.length > 0 ? clientFacing.map((c) => fraction(c, c.name)).join(', ') : undefined,
    components: components.length > 0 ? components.map(({ name, role, ready: r, desired }) => ({ name, role, ready: r, desired })) : undefined,
    endpoint: endpointOf(md),
    engineVersion: report?.engineVersion,
    lastSuccessfulBackup: observation.lastSuccessfulBackup && rfc3339(observation.lastSuccessfulBackup),
    conditions: [ready, condition('BackupHealthy', backup.status, backup.reason, backup.message), specInSync],
  };
  return { status: dropUndefined(status), recheckAt: backup.staleAt };
}

/**
 * Where clients connect: the library's `cluster.host` and `cluster.port` as the ManagedDatabase carries them. A
 * host without a dot is a bare Service name (Service names are DNS labels): a cluster synthesized without a namespace
 * lives in the ManagedDatabase's.
 */
function endpointOf(md: KubeObject): string | undefined {
  const host: unknown = md.spec?.host;
  const port: unknown = md.spec?.port;
  if (typeof host !== 'string' || host === '' || typeof port !== 'number') return undefined;
  return `${host.includes('.') ? host : `${host}.${md.metadata?.namespace}.svc`}:${port}`;
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
