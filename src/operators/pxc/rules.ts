import { RESTORE_JOB_NAME_MAX_LENGTH, RESTORE_JOB_PREFIX, SCHEDULED_NAME_PREFIX_LENGTH } from './names';
import { PXC_CATALOGUE } from './versions';
import { BackupProvider } from '../../backup-storage';
import { ClusterModel, ScheduleModel } from '../../model';
import { isDnsSubdomain } from '../../names';
import { backupObjectNameRule } from '../../restore-rules';
import { RestoreSource } from '../../restore-source';
import { nameLengthRule, Rule } from '../../rules';

/**
 * What the PXC operator checks of any cluster it runs, directly or under Everest (which names the native cluster
 * after its DatabaseCluster): the name's length and Galera's quorum.
 */
export const PXC_CLUSTER_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  nameLengthRule('Percona XtraDB Cluster', 22, () => ''),
  {
    prop: 'replicas',
    value: (m) => m.replicas,
    valid: (m) => m.replicas % 2 === 1 && m.replicas <= 5,
    reason: 'a Galera cluster needs an odd size of at most 5 to keep quorum',
  },
];

/** Limits of the PXC operator 1.18.0 on the cluster when it is rendered directly. */
export const PXC_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  ...PXC_CLUSTER_RULES,
  ...PXC_CATALOGUE.rules(),
  {
    prop: 'backup.pointInTimeRecovery',
    value: (m) => m.backup?.storage.provider,
    when: (m) => m.backup?.pointInTimeRecovery === true,
    valid: (m) => m.backup!.storage.provider === BackupProvider.S3,
    reason: 'the PXC binlog collector uploads to Amazon S3 or an S3-compatible store only',
  },
];

/** How scheduled backups are named decides which schedules can coexist (naming.ScheduledBackupName). */
export const PXC_SCHEDULE_RULES: ReadonlyArray<Rule<{ readonly model: ClusterModel; readonly schedule: ScheduleModel }>> = [
  {
    prop: 'schedule',
    value: ({ schedule }) => schedule.cron,
    when: ({ schedule }) => schedule.enabled,
    valid: ({ model, schedule }) => !model.schedules.some((s) => s.enabled && s.cron === schedule.cron
      && s.storage.name.slice(0, SCHEDULED_NAME_PREFIX_LENGTH) === schedule.storage.name.slice(0, SCHEDULED_NAME_PREFIX_LENGTH)),
    reason: 'PXC names a scheduled backup after the cluster, the storage, the second it starts and a hash of the cron '
      + 'expression: two schedules with the same expression on one storage would create the same backup',
  },
];

/**
 * What a PerconaXtraDBClusterRestore can express, for `prop` (`source` of a DatabaseRestore, `restoreFrom` of a
 * clone). A backup is found through its PerconaXtraDBClusterBackup object, whose status records where it is; binlogs
 * are replayed on a full backup that the operator does not choose itself.
 */
export function restoreRules(prop: string): ReadonlyArray<Rule<RestoreSource>> {
  return [
    backupObjectNameRule<RestoreSource>(prop, (s) => s),
    {
      prop: `${prop}.storage`,
      value: (s) => s.storage?.name,
      when: (s) => s.time === undefined,
      valid: (s) => s.storage === undefined,
      reason: 'PXC restores a backup through its PerconaXtraDBClusterBackup object (of any cluster in the namespace), '
        + 'which records the storage; inside a storage a backup is a folder named <cluster>-<date>-<time>-full, which a '
        + 'backup name cannot name: leave `storage` out',
    },
    {
      prop: `${prop}.baseBackupName`,
      value: (s) => s.baseBackupName,
      when: (s) => s.time !== undefined,
      valid: (s) => s.baseBackupName !== undefined && isDnsSubdomain(s.baseBackupName),
      reason: 'PXC replays binlogs on a full backup it does not pick itself, and the latest one before the instant is '
        + 'unknown at synthesis: name the PerconaXtraDBClusterBackup to start from',
    },
    {
      prop: `${prop}.storage`,
      value: (s) => s.storage?.provider,
      when: (s) => s.time !== undefined,
      valid: (s) => s.storage?.provider === BackupProvider.S3,
      reason: 'PXC keeps binlogs on Amazon S3 or an S3-compatible store only',
    },
  ];
}

export const RESTORE_NAME_RULES: ReadonlyArray<Rule<{ readonly name: string; readonly model: ClusterModel }>> = [
  {
    prop: 'name',
    value: ({ name }) => name,
    valid: ({ name, model }) => `${RESTORE_JOB_PREFIX}${name}-${model.name}`.length <= RESTORE_JOB_NAME_MAX_LENGTH,
    reason: ({ model }) => `PXC names the restore's Job ${RESTORE_JOB_PREFIX}<restore>-<cluster>, at most ${RESTORE_JOB_NAME_MAX_LENGTH} `
      + `characters: with cluster ${model.name}, a restore name has at most ${RESTORE_JOB_NAME_MAX_LENGTH - RESTORE_JOB_PREFIX.length - model.name.length - 1}`,
  },
];
