import { PSMDB_CONFIG_REPLSET, psmdbReplsetNames, usersSecret } from './names';
import { PSMDB_CATALOGUE } from './versions';
import { ClusterModel, ScheduleModel, storagesOf } from '../../model';
import { backupObjectNameRule } from '../../restore-rules';
import { RestoreSource } from '../../restore-source';
import { nameLengthRule, Rule } from '../../rules';

function longestReplsetName(model: ClusterModel): string {
  return [...psmdbReplsetNames(model), ...(model.sharding ? [PSMDB_CONFIG_REPLSET] : [])].reduce((a, b) => (b.length > a.length ? b : a));
}

/**
 * What the PSMDB operator checks of any cluster it runs, directly or under Everest (which names the native cluster
 * after its DatabaseCluster): the name's length with its longest replica set.
 */
export const PSMDB_CLUSTER_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  nameLengthRule('Percona Server for MongoDB', 50, longestReplsetName),
];

/** PBM keeps one storage per cluster, so everything that touches storage (`modelOf` once the checked object is added) shares it. */
function oneStorageRule<T>(prop: string, modelOf: (subject: T) => ClusterModel): Rule<T> {
  return {
    prop,
    value: (t) => storagesOf(modelOf(t)).map((s) => s.name),
    valid: (t) => storagesOf(modelOf(t)).length <= 1,
    reason: 'PBM keeps one storage per cluster: backups, schedules, PITR and restores of a MongoDB cluster share one BackupStorage',
  };
}

/** A named backup is restored through the storage it was taken to, which must be the cluster's. */
function namedBackupRule<T>(prop: string, modelOf: (subject: T) => ClusterModel, sourceOf: (subject: T) => RestoreSource | undefined): Rule<T> {
  return {
    prop,
    value: (t) => sourceOf(t)?.backupName,
    when: (t) => sourceOf(t)?.backupName !== undefined,
    valid: (t) => storagesOf(modelOf(t)).length === 1,
    reason: 'the operator restores a named backup through the cluster\'s backup storage: give the cluster a backup.storage (or the source\'s storage)',
  };
}

/** The operator's and PBM's limits that our props can break, beyond the engine's own. */
export const PSMDB_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  ...PSMDB_CLUSTER_RULES,
  ...PSMDB_CATALOGUE.rules(),
  // A clone's storage is the only one that can differ from `backup.storage` at this point.
  oneStorageRule<ClusterModel>('restoreFrom.storage', (m) => m),
  backupObjectNameRule<ClusterModel>('restoreFrom', (m) => m.restoreFrom),
  namedBackupRule<ClusterModel>('restoreFrom.backupName', (m) => m, (m) => m.restoreFrom),
  {
    prop: 'monitoring.credentialsSecret',
    value: (m) => m.monitoring?.pmmOptions?.credentialsSecret,
    when: (m) => m.monitoring?.pmmOptions !== undefined,
    valid: (m) => m.monitoring!.pmmOptions!.credentialsSecret === usersSecret(m),
    reason: (m) => `the PSMDB operator reads the PMM token (key PMM_SERVER_TOKEN) from the users Secret only: name ${usersSecret(m)}, `
      + 'or set credentialsSecret to the Secret that holds both',
  },
];

type ScheduleSubject = { readonly model: ClusterModel; readonly schedule: ScheduleModel };

export const SCHEDULE_RULES: ReadonlyArray<Rule<ScheduleSubject>> = [
  oneStorageRule<ScheduleSubject>('storage', (s) => ({ ...s.model, schedules: [...s.model.schedules, s.schedule] })),
  {
    prop: 'schedule',
    value: (s) => s.schedule.cron,
    valid: (s) => s.model.schedules.every((other) => other.cron !== s.schedule.cron),
    reason: 'PBM runs one backup at a time: another schedule of this cluster already starts at that time',
  },
];

// On-demand backups and restores are checked once they have added their storage to the model.
export const ON_DEMAND_RULES: ReadonlyArray<Rule<ClusterModel>> = [oneStorageRule<ClusterModel>('storage', (m) => m)];

type RestoreSubject = { readonly model: ClusterModel; readonly source: RestoreSource };

export const RESTORE_RULES: ReadonlyArray<Rule<RestoreSubject>> = [
  oneStorageRule<RestoreSubject>('source.storage', (r) => r.model),
  backupObjectNameRule<RestoreSubject>('source', (r) => r.source),
  namedBackupRule<RestoreSubject>('source.backupName', (r) => r.model, (r) => r.source),
];
