import { KubeObject } from '../manifests';
import {
  always, backupLocation, backupStorageAdded, destructive, presence, restart, retentionCount, risky, safe,
  scheduleAdded, scheduleDisabled, scheduleRemoved, scheduleTarget, scheduleTime, switchedSection, toggle,
} from './classifiers';
import { Classifier, FieldRule, KindRules } from './rule';

// Building blocks that several operator tables share.

/** Rules for a database kind: unlisted fields are assumed to roll the pods, and removal is destructive. @internal */
export function databaseKind(props: Pick<KindRules, 'apiGroup' | 'kind' | 'engine' | 'fields'>): KindRules {
  return {
    ...props,
    otherFields: restart('a field without a rule here: assume the operator rolls the pods to apply it'),
    added: safe('new database'),
    removed: () => destructive('database removed: the operator deletes its pods, and its volumes unless they are retained'),
  };
}

/** Fields of a schedule list such as `spec.backup.schedule`, with the names this operator gives them. @internal */
export function scheduleFields(list: string, storageField: string, retentionFields: string[]): FieldRule[] {
  return [
    { path: `${list}[]`, classify: presence(scheduleAdded, scheduleRemoved) },
    { path: `${list}[].schedule`, classify: scheduleTime },
    { path: `${list}[].enabled`, classify: toggle(safe('backup schedule enabled'), scheduleDisabled, true) },
    { path: `${list}[].${storageField}`, classify: scheduleTarget },
    ...retentionFields.map(field => ({ path: `${list}[].${field}`, classify: retentionCount })),
  ];
}

/**
 * Fields of a map or list of backup storages (`spec.backup.storages.*`): adding one is safe, pointing one elsewhere
 * is risky, and `removed` classifies a removal.
 * @internal
 */
export function backupStorageFields(entry: string, removed: Classifier): FieldRule[] {
  return [
    { path: entry, classify: presence(backupStorageAdded, removed) },
    ...['type', 's3', 'azure', 'gcs', 'filesystem', 'volume'].map(field => ({ path: `${entry}.${field}`, classify: backupLocation })),
  ];
}

const switchedProxy = risky('proxy switched: clients connect through another service');

/** A proxy type field (Everest `spec.proxy.type`). @internal */
export const proxySwitched = always(switchedProxy);

/** A proxy section switched by `enabled` (PXC `spec.haproxy`, `spec.proxysql`): one change for the whole section. @internal */
export const proxySection = switchedSection(switchedProxy, switchedProxy);

/** The databases in the same namespace as `object` that `matches` selects. @internal */
export function databasesInNamespace(object: KubeObject, databases: KubeObject[], matches: (database: any) => boolean): KubeObject[] {
  return databases.filter(d => d.metadata.namespace === object.metadata.namespace && matches(d));
}
