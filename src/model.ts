import { BackupStorage } from './backup-storage';
import { CronDialect } from './cron';
import { DatabaseEngine } from './engine';
import { ExposeType } from './expose';
import { Monitoring } from './monitoring';
import { ProxyType } from './proxy';
import { Quantities } from './quantity';
import { RestoreSource } from './restore-source';
import { ResolvedScheduling } from './scheduling';

/**
 * Everything an operator needs to render one database: the user's props with every default resolved.
 * Operators read only this, never the raw props, so each default is decided once (in DatabaseCluster).
 * @internal
 */
export interface ClusterModel {
  /** metadata.name of the native resource. */
  readonly name: string;
  /** metadata.namespace, if the chart or the props set one. */
  readonly namespace?: string;
  readonly engine: DatabaseEngine;
  readonly replicas: number;
  /** The user explicitly asked for a one-member development cluster. */
  readonly singleNode: boolean;
  /** Standbys that must confirm each commit (PostgreSQL); 0 is asynchronous replication. */
  readonly synchronousReplicas: number;
  readonly resources: Quantities;
  readonly storage: {
    /** Kubernetes quantity, e.g. "100Gi". */
    readonly size: string;
    readonly storageClassName?: string;
  };
  readonly proxy: {
    readonly type: ProxyType;
    readonly replicas: number;
    readonly resources: Quantities;
  };
  readonly expose: {
    readonly type: ExposeType;
    /** Normalized CIDRs (a bare IP became /32 or /128). */
    readonly sourceRanges: string[];
    readonly annotations: { [key: string]: string };
  };
  readonly scheduling: ResolvedScheduling;
  /** Engine parameters (my.cnf / mongod / postgresql.conf keys). */
  readonly config: { [key: string]: string };
  /** An existing Secret with the users' passwords, if the user named one. */
  readonly credentialsSecret?: string;
  readonly sharding?: { readonly shards: number; readonly configServers: number };
  readonly paused: boolean;
  readonly backup?: {
    readonly storage: BackupStorage;
    readonly pointInTimeRecovery: boolean;
  };
  readonly monitoring?: Monitoring;
  readonly restoreFrom?: RestoreSource;
  /** Backup schedules, registered through the cluster as BackupSchedule constructs are added; read lazily at synthesis. */
  readonly schedules: ReadonlyArray<ScheduleModel>;
  /** Storages used by on-demand backups and restores, registered through the cluster; read lazily. */
  readonly extraStorages: ReadonlyArray<BackupStorage>;
}

/** One backup schedule with its defaults resolved. @internal */
export interface ScheduleModel {
  readonly name: string;
  /** Five-field cron, UTC. */
  readonly cron: string;
  /** How the cluster's operator parses and runs `cron`. */
  readonly cronDialect: CronDialect;
  /** Full backups kept. */
  readonly retention: number;
  readonly storage: BackupStorage;
  readonly enabled: boolean;
}

/** Every storage a cluster uses (backup, schedules, on-demand backups, restores), each once, in first-use order. @internal */
export function storagesOf(model: ClusterModel): BackupStorage[] {
  const all = [model.backup?.storage, ...model.schedules.map((s) => s.storage), ...model.extraStorages, model.restoreFrom?.storage];
  return [...new Set(all.filter((s): s is BackupStorage => s !== undefined))];
}
