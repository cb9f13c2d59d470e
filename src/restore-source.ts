import { BackupStorage } from './backup-storage';

/** Options of `RestoreSource.backup()`. */
export interface BackupRestoreOptions {
  /** The name of the backup object (e.g. an `OnDemandBackup`'s or a scheduled backup's name). */
  readonly backupName: string;
  /**
   * The storage that holds the backup, when it comes from another cluster.
   * @default - the backup object is looked up in the namespace
   */
  readonly storage?: BackupStorage;
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
   * themselves ignore it; Percona XtraDB Cluster needs it.
   * @default - the operator picks the latest full backup before `time`
   */
  readonly baseBackupName?: string;
}

/** What a restore or a clone starts from. */
export class RestoreSource {
  /** A named backup. */
  public static backup(options: BackupRestoreOptions): RestoreSource {
    return new RestoreSource(options.backupName, options.storage, undefined, undefined, undefined, undefined);
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
    /** The source cluster, for `pointInTime()`. */
    public readonly sourceCluster: string | undefined,
    /** The RFC 3339 instant, for `pointInTime()`. */
    public readonly time: string | undefined,
    /** The source cluster's namespace, for `pointInTime()`. */
    public readonly sourceNamespace: string | undefined,
    /** The full backup that `pointInTime()` starts from, if given. */
    public readonly baseBackupName: string | undefined,
  ) {}
}
