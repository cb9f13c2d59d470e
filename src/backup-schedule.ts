import { Construct } from 'constructs';
import { BackupStorage } from './backup-storage';
import { idFragment, storageFor } from './cluster-objects';
import { IDatabaseCluster, stateOf } from './cluster-state';
import { cronProblem } from './cron';
import { ScheduleModel } from './model';
import { isDns1035Label } from './names';
import { checkRules, Rule } from './rules';

/** Options of `cluster.addBackupSchedule()`. */
export interface BackupScheduleOptions {
  /**
   * When full backups run: a five-field cron expression (minute hour day-of-month month day-of-week), UTC.
   * CloudNativePG's six-field form is derived from it.
   */
  readonly schedule: string;
  /**
   * Full backups kept.
   * @default 7
   */
  readonly retention?: number;
  /**
   * Where the backups go.
   * @default - the cluster's `backup.storage`
   */
  readonly storage?: BackupStorage;
  /**
   * Whether the schedule runs.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The schedule's name in the operator's spec.
   * @default - derived from the construct id
   */
  readonly name?: string;
}

/** Props of a `BackupSchedule`. */
export interface BackupScheduleProps extends BackupScheduleOptions {
  /** The cluster to back up. */
  readonly cluster: IDatabaseCluster;
}

const SCHEDULE_RULES: ReadonlyArray<Rule<ScheduleModel & { cronProblem?: string }>> = [
  {
    prop: 'name',
    value: (s) => s.name,
    valid: (s) => isDns1035Label(s.name, 40),
    reason: 'a schedule name is a lowercase DNS label of at most 40 characters',
  },
  { prop: 'schedule', value: (s) => s.cron, valid: (s) => s.cronProblem === undefined, reason: (s) => s.cronProblem! },
  {
    prop: 'retention',
    value: (s) => s.retention,
    valid: (s) => Number.isInteger(s.retention) && s.retention >= 1 && s.retention <= 9999,
    reason: 'retention is the number of full backups kept: a whole number from 1 to 9999',
  },
];

/**
 * A recurring full backup of one cluster, mapped to its operator's own schedule: a schedule in the cluster's spec,
 * or an object of its own where the operator has one (the README shows each operator's mapping).
 */
export class BackupSchedule extends Construct {
  /** The schedule's name in the operator's spec. */
  public readonly name: string;
  /** The five-field cron expression. */
  public readonly schedule: string;
  /** Full backups kept. */
  public readonly retention: number;
  /** Where the backups go. */
  public readonly storage: BackupStorage;
  /** Whether the schedule runs. */
  public readonly enabled: boolean;

  constructor(scope: Construct, id: string, props: BackupScheduleProps) {
    super(scope, id);
    const cluster = stateOf(this, 'cluster', props.cluster);
    const storage = storageFor(this, cluster, props.storage, 'a schedule');
    const model: ScheduleModel = {
      name: props.name ?? idFragment(id),
      cron: props.schedule,
      cronDialect: cluster.target.cronDialect,
      retention: props.retention ?? 7,
      storage,
      enabled: props.enabled ?? true,
    };
    checkRules(this, SCHEDULE_RULES, { ...model, cronProblem: cronProblem(model.cron, model.cronDialect) });
    cluster.addSchedule(this, model);
    this.name = model.name;
    this.schedule = model.cron;
    this.retention = model.retention;
    this.storage = storage;
    this.enabled = model.enabled;
  }
}
