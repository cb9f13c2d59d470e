import { KubeObject } from '../manifests';
import { destructive, disruptionBudget, immutable, PodCount, risky, safe, toggle } from './classifiers';
import { Classifier, KindRules, ObjectIndex } from './rule';

const RECREATE = 'the StorageClass must be deleted and recreated (existing volumes keep their settings)';
const recreateStorageClass = immutable(RECREATE);

const reclaimPolicy: Classifier = (before, after, context) => (after === 'Delete'
  ? destructive(`reclaim policy changed to Delete: deleting a claim now deletes its volume and data (and the API server refuses the change: ${RECREATE})`)
  : recreateStorageClass(before, after, context));

/** Storage class names anywhere in a database spec (`storageClassName`, `storageClass`, Everest's `storage.class`). */
function storageClassNames(value: unknown, key = ''): string[] {
  if (typeof value === 'string') return ['storageClassName', 'storageClass'].includes(key) ? [value] : [];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => (key === 'storage' && k === 'class' ? storageClassNames(v, 'storageClass') : storageClassNames(v, k)));
}

function storageClassUsers(storageClass: KubeObject, objects: ObjectIndex): KubeObject[] {
  return objects.databases.filter(d => storageClassNames(d.spec).includes(storageClass.metadata.name));
}

/** `storage.k8s.io/v1` StorageClass: everything but `allowVolumeExpansion` is immutable. @internal */
export const STORAGE_CLASS_RULES: KindRules = {
  apiGroup: 'storage.k8s.io',
  kind: 'StorageClass',
  fields: [
    { path: 'reclaimPolicy', classify: reclaimPolicy },
    { path: 'provisioner', classify: recreateStorageClass },
    { path: 'parameters', classify: recreateStorageClass },
    { path: 'volumeBindingMode', classify: recreateStorageClass },
    { path: 'allowVolumeExpansion', classify: toggle(safe('volume expansion allowed'), risky('volume expansion disallowed: database storage can no longer grow')) },
  ],
  otherFields: safe('StorageClass setting changed'),
  added: safe('new StorageClass'),
  removed: (storageClass, context) => (storageClassUsers(storageClass, context.newObjects).length > 0
    ? risky('StorageClass removed while databases use it: new volumes cannot be provisioned')
    : safe('StorageClass removed')),
  servedDatabases: storageClassUsers,
};

/**
 * The supporting objects whose pods a PDB selects (by a label carrying the object's name, in the PDB's namespace):
 * those of kinds that run pods the operator gives no budget of its own.
 */
function selectedPodOwners(pdb: KubeObject, objects: ObjectIndex): KubeObject[] {
  const labels = Object.values<unknown>(pdb.spec?.selector?.matchLabels ?? {});
  return objects.objects.filter(o => o.metadata.namespace === pdb.metadata.namespace && labels.includes(o.metadata.name)
    && objects.rulesOf(o)?.podCount !== undefined);
}

/** The database (or the database a selected pod owner serves) whose name a PDB selector label carries, in the PDB's namespace. */
function protectedDatabases(pdb: KubeObject, objects: ObjectIndex): KubeObject[] {
  const labels = Object.values<unknown>(pdb.spec?.selector?.matchLabels ?? {});
  const served = selectedPodOwners(pdb, objects).flatMap(o => objects.rulesOf(o)?.servedDatabases?.(o, objects) ?? []);
  return objects.databases.filter(d => d.metadata.namespace === pdb.metadata.namespace
    && (labels.includes(d.metadata.name) || served.includes(d)));
}

/** Pods a PDB protects, known for the budgets the library emits over a supporting object's pods. */
const protectedPods: PodCount = (context, side) => {
  const [pdb, objects] = side === 'old' ? [context.oldObject!, context.oldObjects] : [context.newObject!, context.newObjects];
  const [owner] = selectedPodOwners(pdb, objects);
  return owner ? objects.rulesOf(owner)!.podCount!(owner) : undefined;
};

/** `policy/v1` PodDisruptionBudget, e.g. one the library emits over a pooler's pods. @internal */
export const POD_DISRUPTION_BUDGET_RULES: KindRules = {
  apiGroup: 'policy',
  kind: 'PodDisruptionBudget',
  fields: [{ path: 'spec', only: ['maxUnavailable', 'minAvailable'], classify: disruptionBudget(protectedPods) }],
  otherFields: safe('PodDisruptionBudget selector changed'),
  added: safe('PodDisruptionBudget added'),
  removed: () => risky('PodDisruptionBudget removed: a node drain may evict several pods at once'),
  servedDatabases: protectedDatabases,
};
