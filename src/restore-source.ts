import { BackupStorage } from './backup-storage';

/** Options of `RestoreSource.backup()`. */
export interface BackupRestoreOptions {
  /**
   * The backup to restore: the name of its backup object (an `OnDemandBackup`'s or a scheduled backup's name), or
   * on the Percona PostgreSQL target the pgBackRest label of the backup set (e.g. `20261120-083000F`, or
   * `20261120-083000F_20261121-010000I` for an incremental one), as `pgbackrest info` lists it, or on CloudNativePG
   * the Barman backup ID (e.g. `20261120T083000`, the Backup object's `status.backupID`).
   */
  readonly backupName: string;
  /**
   * The storage that holds the backup, when it comes from another cluster (on Percona PostgreSQL: the storage whose
   * pgBackRest repository holds the backup set; on CloudNativePG, always: the storage of the source's archive).
   * @default - the backup object is looked up in the namespace (Percona PostgreSQL: the cluster's first repository)
   */
  readonly storage?: BackupStorage;
  /**
   * The cluster that took the backup, for a clone that reads the backup from its path in `storage` (Percona
   * PostgreSQL, where a clone by label requires it, and CloudNativePG). Targets that find a backup through its backup
   * object ignore it.
   * @default - none: the backup is found through its backup object, or in the restoring cluster's own repository
   */
  readonly sourceCluster?: string;
  /**
   * The source cluster's namespace (it selects the path inside the storage), with `sourceCluster`.
   * @default - the restoring cluster's namespace
   */
  readonly sourceNamespace?: string;
}

/** Options of `RestoreSource.pointInTime()`. */
export interface PointInTimeRestoreOptions {
  /** The storage that holds the source cluster's backups and logs. */
  readonly storage: BackupStorage;
  /** The name of the cluster whose backups are restored. */
  readonly sourceCluster: string;
  /** The instant to recover to, an RFC 3339 timestamp such as `2026-11-20T08:30:00Z`. */
  readonly time: string;
  /**
   * The source cluster's namespace (it selects the path inside the storage).
   * @default - the restoring cluster's namespace
   */
  readonly sourceNamespace?: string;
  /**
   * The full backup to replay logs on, by its backup object's name. Operators that pick the base backup
   * themselves ignore it (CloudNativePG refuses it); Percona XtraDB Cluster needs it.
   * @default - the operator picks the latest full backup before `time`
   */
  readonly baseBackupName?: string;
}

/** What a restore or a clone starts from. */
export class RestoreSource {
  /** A named backup. */
  public static backup(options: BackupRestoreOptions): RestoreSource {
    return new RestoreSource(options.backupName, options.storage, options.sourceCluster, undefined, options.sourceNamespace, undefined);
  }

  /** A storage and an instant: the latest full backup before it, plus logs up to it. */
  public static pointInTime(options: PointInTimeRestoreOptions): RestoreSource {
    return new RestoreSource(undefined, options.storage, options.sourceCluster, options.time, options.sourceNamespace, options.baseBackupName);
  }

  private constructor(
    /** The backup's name, for `backup()`. */
    public readonly backupName: string | undefined,
    /** The storage, if given. */
    public readonly storage: BackupStorage | undefined,
    /** The source cluster, for `pointInTime()` and, if given, `backup()`. */
    public readonly sourceCluster: string | undefined,
    /** The RFC 3339 instant, for `pointInTime()`. */
    public readonly time: string | undefined,
    /** The source cluster's namespace, for `pointInTime()` and, if given, `backup()`. */
    public readonly sourceNamespace: string | undefined,
    /** The full backup that `pointInTime()` starts from, if given. */
    public readonly baseBackupName: string | undefined,
  ) {}
}
