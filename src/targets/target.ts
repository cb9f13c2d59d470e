import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { BackupStorage } from '../backup-storage';
import { EngineType, Operator, DatabaseEngine } from '../engine';
import { ExposeType } from '../expose';
import { Monitoring } from '../monitoring';
import { ProxyType } from '../proxy';
import { Quantities } from '../quantity';
import { RestoreSource } from '../restore-source';
import { Rule } from '../rules';
import { ResolvedScheduling } from '../scheduling';

/**
 * Everything a target needs to render one database: the user's props with every default resolved.
 * Targets read only this, never the raw props, so each default is decided once (in DatabaseCluster).
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
  /** Backup schedules, appended by BackupSchedule constructs; read lazily at synthesis. */
  readonly schedules: ScheduleModel[];
  /** Storages used by on-demand backups and restores, appended by those constructs; read lazily. */
  readonly extraStorages: BackupStorage[];
}

/** One backup schedule with its defaults resolved. @internal */
export interface ScheduleModel {
  readonly name: string;
  /** Five-field cron, UTC. */
  readonly cron: string;
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

/** What a target hands back to the DatabaseCluster construct. @internal */
export interface RenderedCluster {
  /** The native custom resource (the escape hatch for `addJsonPatch`). */
  readonly engineResource: ApiObject;
  /** The Service name clients connect to (without namespace). */
  readonly serviceName: string;
  readonly port: number;
  /** The Secret with the users' passwords (the one given, or the one the operator creates). */
  readonly credentialsSecretName: string;
}

/**
 * One operator target: how an engine-neutral `ClusterModel` becomes that operator's objects.
 * Adding an operator means adding one module that implements this interface and listing it in ./index.ts.
 * @internal
 */
export interface EngineTarget {
  readonly engine: EngineType;
  readonly operator: Operator;
  /** Human name with version, used in error messages ("Percona XtraDB Cluster operator 1.18.0"). */
  readonly description: string;
  /** Proxy types the target can deploy. */
  readonly proxyTypes: ReadonlyArray<ProxyType>;
  /**
   * True when the operator ships logs (WAL) continuously to every backup storage, whatever
   * `backup.pointInTimeRecovery` says (pgBackRest, Barman Cloud); the readiness report then has nothing to warn about.
   */
  readonly archivesLogsWithEveryStorage: boolean;
  /** The target's own rules, checked after the engine-neutral ones. */
  readonly rules: ReadonlyArray<Rule<ClusterModel>>;
  /** The operator's limits on a new schedule, given the cluster's existing ones (`model.schedules`). */
  readonly scheduleRules: ReadonlyArray<Rule<{ readonly model: ClusterModel; readonly schedule: ScheduleModel }>>;
  /** The proxy used when the props name none. */
  defaultProxy(model: { readonly sharding?: unknown }): ProxyType;
  /** Creates the target's objects below `scope`. Called once, from the DatabaseCluster constructor. */
  render(scope: Construct, model: ClusterModel): RenderedCluster;
  /**
   * Creates the objects one schedule needs on its own (a CloudNativePG ScheduledBackup); most operators need
   * none, because their native spec reads `model.schedules` lazily.
   */
  renderSchedule(scope: Construct, model: ClusterModel, schedule: ScheduleModel): void;
  /** The operator's on-demand backup object. */
  renderOnDemandBackup(scope: Construct, model: ClusterModel, backup: { readonly name: string; readonly storage: BackupStorage }): ApiObject;
  /** The operator's in-place restore object. */
  renderRestore(scope: Construct, model: ClusterModel, restore: { readonly name: string; readonly source: RestoreSource }): ApiObject;
}

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
