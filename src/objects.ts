import { ApiObject, JsonPatch, Lazy } from 'cdk8s';

/**
 * A value computed at synthesis time, typed as what it produces, so that a typed spec can include parts
 * that constructs added later contribute (backup schedules, for instance).
 * @internal
 */
export function lazy<T>(produce: () => T): T {
  return Lazy.any({ produce }) as unknown as T;
}

/** Drops undefined values so optional fields stay out of manifests. @internal */
export function compact<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

const CLUSTER_SCOPED = new WeakSet<ApiObject>();

/**
 * Drops the chart's namespace from a cluster-scoped object (cdk8s stamps it on every object).
 * @internal
 */
export function clusterScoped(obj: ApiObject): void {
  CLUSTER_SCOPED.add(obj);
  if (obj.metadata.namespace !== undefined) obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
}

/** Whether an object was marked cluster-scoped with `clusterScoped`. @internal */
export function isClusterScoped(obj: ApiObject): boolean {
  return CLUSTER_SCOPED.has(obj);
}

