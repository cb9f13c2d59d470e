import { ApiObject, Chart, Names, Size, SizeRoundingBehavior } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { addAppRules } from './app-rules';
import { BackupSchedule, BackupScheduleOptions } from './backup-schedule';
import { BackupStorage } from './backup-storage';
import { clusterWarnings } from './cluster-readiness';
import { CLUSTER_RULES, ClusterFacts } from './cluster-rules';
import { IDatabaseCluster, registerClusterState } from './cluster-state';
import { DatabaseEngine } from './engine';
import { ENGINE_RULES } from './engines';
import { invalid } from './errors';
import { Expose, normalizeCidr } from './expose';
import { ManagedDatabaseLink } from './managed-database';
import { ClusterModel, ScheduleModel } from './model';
import { Monitoring } from './monitoring';
import type * as Registry from './operators';
import { EngineTarget } from './provider';
import { ProxyOptions, ProxyType } from './proxy';
import { cpuCores, DatabaseResources, quantities } from './quantity';
import { insideBlueprint, markForReadiness } from './readiness';
import { checkRestoreSource } from './restore-rules';
import { RestoreSource } from './restore-source';
import { checkRules, Validation } from './rules';
import { resolveScheduling, SchedulingOptions } from './scheduling';
import { DatabaseStorageClass } from './storage-class';

/** The data volume of each database member. */
export interface DatabaseStorage {
  /**
   * Volume size.
   * @default Size.gibibytes(20)
   */
  readonly size?: Size;
  /**
   * A StorageClass of this app.
   * @default - `storageClassName`, or the cluster's default StorageClass
   */
  readonly storageClass?: DatabaseStorageClass;
  /**
   * The name of an existing StorageClass.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
}

/** MongoDB sharding. */
export interface ShardingOptions {
  /** Number of shards (each a replica set of `replicas` members). */
  readonly shards: number;
  /**
   * Members of the config server replica set.
   * @default 3
   */
  readonly configServers?: number;
}

/** Backups of a cluster. */
export interface ClusterBackupOptions {
  /** Where backups go (the default storage of the cluster's schedules and on-demand backups). */
  readonly storage: BackupStorage;
  /**
   * Ship binlogs, oplogs or WAL continuously so that the cluster can be restored to any instant.
   * @default false
   */
  readonly pointInTimeRecovery?: boolean;
}

/** Props of a `DatabaseCluster`. */
export interface DatabaseClusterProps {
  /** The engine, its version and the operator that runs it. */
  readonly engine: DatabaseEngine;
  /**
   * The database's name (metadata.name of the native resource).
   * @default - derived from the construct path, without a hash
   */
  readonly name?: string;
  /**
   * The namespace.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Database members (replica set members, instances, Galera nodes).
   * @default 3
   */
  readonly replicas?: number;
  /**
   * Standbys that must confirm each commit before it returns (PostgreSQL only: CloudNativePG
   * `postgresql.synchronous` with `dataDurability: required`, Patroni strict synchronous mode on Percona).
   * @default 0 - asynchronous replication
   */
  readonly synchronousReplicas?: number;
  /**
   * Allow `replicas: 1`: a development database without failover.
   * @default false
   */
  readonly singleNodeDevelopment?: boolean;
  /**
   * CPU and memory of each member (requests equal limits).
   * @default - 1 CPU and 2 GiB
   */
  readonly resources?: DatabaseResources;
  /**
   * The data volume of each member.
   * @default - 20 GiB on the cluster's default StorageClass
   */
  readonly storage?: DatabaseStorage;
  /**
   * The proxy, router or pooler in front of the database.
   * @default - the engine's default proxy, see `ProxyOptions.type`
   */
  readonly proxy?: ProxyOptions;
  /**
   * How clients reach the database.
   * @default Expose.clusterIp()
   */
  readonly expose?: Expose;
  /**
   * Where the database, proxy and config-server pods run.
   * @default - preferred anti-affinity on the hostname
   */
  readonly scheduling?: SchedulingOptions;
  /**
   * Backups.
   * @default - no backups (a production-readiness warning)
   */
  readonly backup?: ClusterBackupOptions;
  /**
   * Monitoring.
   * @default - none
   */
  readonly monitoring?: Monitoring;
  /**
   * Engine parameters (my.cnf `[mysqld]` keys, mongod options as dotted paths, postgresql.conf keys).
   * @default - the operator's defaults
   */
  readonly config?: { [key: string]: string };
  /**
   * Name of an existing Secret with the users' passwords. The library never writes a password.
   * @default - the operator generates the Secret
   */
  readonly credentialsSecret?: string;
  /**
   * Sharding (MongoDB only).
   * @default - a single replica set
   */
  readonly sharding?: ShardingOptions;
  /**
   * Create the cluster from a backup (a clone) instead of empty.
   * @default - an empty database
   */
  readonly restoreFrom?: RestoreSource;
  /**
   * Stop the database pods, keeping the data.
   * @default false
   */
  readonly paused?: boolean;
}

const DEFAULT_RESOURCES = { cpu: Cpu.units(1), memory: Size.gibibytes(2) };

/**
 * A database on Kubernetes, described once and synthesized into the native resources of the operator
 * that `engine` names (Percona XtraDB Cluster, Percona Server for MongoDB, Percona PostgreSQL,
 * CloudNativePG or OpenEverest), with its disruption budgets, anti-affinity and exposure.
 */
export class DatabaseCluster extends Construct implements IDatabaseCluster {
  /** The database's name. */
  public readonly name: string;
  /** The namespace, if the chart or the props set one. */
  public readonly namespace?: string;
  /** The engine. */
  public readonly engine: DatabaseEngine;
  /** The Service clients connect to: `name.namespace.svc` (just the name without a namespace). */
  public readonly host: string;
  /** The port clients connect to. */
  public readonly port: number;
  /** The Secret that holds the users' passwords. */
  public readonly credentialsSecretName: string;
  /** The native custom resource: an escape hatch for `addJsonPatch`. */
  public readonly engineResource: ApiObject;
  /** The resolved model, as operators see it: read-only. @internal */
  public readonly _model: ClusterModel;
  /** @internal */
  public readonly _target: EngineTarget;
  /** What schedules, backups and restores registered; the model reads these arrays. */
  private readonly schedules: ScheduleModel[] = [];
  private readonly extraStorages: BackupStorage[] = [];

  constructor(scope: Construct, id: string, props: DatabaseClusterProps) {
    super(scope, id);
    this.engine = props.engine;
    this._target = registry().targetFor(this, props.engine);
    this._model = this.resolve(props);
    this.name = this._model.name;
    this.namespace = this._model.namespace;
    new Validation(this)
      .check(CLUSTER_RULES, this.facts(props))
      .check(ENGINE_RULES[this.engine.type], this._model)
      .check(this._target.rules, this._model)
      .done();
    if (props.restoreFrom) checkRestoreSource(this, 'restoreFrom', props.restoreFrom, this._model);

    const rendered = this._target.render(this, this._model);
    this.engineResource = rendered.engineResource;
    this.port = rendered.port;
    this.credentialsSecretName = rendered.credentialsSecretName;
    this.host = this.namespace ? `${rendered.serviceName}.${this.namespace}.svc` : rendered.serviceName;
    registerClusterState(this, {
      model: this._model,
      target: this._target,
      addSchedule: (owner, schedule) => this.addSchedule(owner, schedule),
      useStorage: (storage) => { this.extraStorages.push(storage); },
    });
    markForReadiness(this, () => (insideBlueprint(this) ? [] : clusterWarnings(this._model, this._target)));
    addAppRules(this);
    ManagedDatabaseLink.attach(this);
  }

  /** Adds a recurring full backup (see `BackupSchedule`). */
  public addBackupSchedule(id: string, options: BackupScheduleOptions): BackupSchedule {
    return new BackupSchedule(this, id, { ...options, cluster: this });
  }

  /** Checks a schedule against the cluster's and the operator's rules, then records and renders it. */
  private addSchedule(scope: Construct, schedule: ScheduleModel): void {
    if (this.schedules.some((s) => s.name === schedule.name)) {
      invalid(scope, 'name', schedule.name, `cluster ${this.name} already has a schedule of that name`);
    }
    checkRules(scope, this._target.scheduleRules, { model: this._model, schedule });
    this.schedules.push(schedule);
    this._target.renderSchedule(scope, this._model, schedule);
  }

  /** Fills in every default once, so that targets only read decided values. */
  private resolve(props: DatabaseClusterProps): ClusterModel {
    const replicas = props.replicas ?? 3;
    const proxyType = props.proxy?.type ?? this._target.defaultProxy(props);
    const proxyOffer = this._target.proxies.find((p) => p.type === proxyType) ?? this._target.proxies[0];
    const expose = props.expose ?? Expose.clusterIp();
    return {
      name: props.name ?? Names.toDnsLabel(this, { includeHash: false }),
      namespace: props.namespace ?? Chart.of(this).namespace,
      engine: props.engine,
      replicas,
      singleNode: props.singleNodeDevelopment ?? false,
      synchronousReplicas: props.synchronousReplicas ?? 0,
      resources: quantities(props.resources, DEFAULT_RESOURCES),
      storage: {
        size: (props.storage?.size ?? Size.gibibytes(20)).asString(),
        storageClassName: props.storage?.storageClass?.storageClassName ?? props.storage?.storageClassName,
      },
      proxy: {
        type: proxyType,
        replicas: proxyType === ProxyType.NONE ? 0 : props.proxy?.replicas ?? (replicas > 1 ? Math.max(2, replicas) : 1),
        resources: quantities(props.proxy?.resources, proxyOffer.defaultResources),
      },
      expose: {
        type: expose.type,
        sourceRanges: expose.sourceRanges.map(normalizeCidr),
        annotations: expose.annotations,
      },
      scheduling: resolveScheduling(props.scheduling),
      config: props.config ?? {},
      credentialsSecret: props.credentialsSecret,
      sharding: props.sharding && { shards: props.sharding.shards, configServers: props.sharding.configServers ?? 3 },
      paused: props.paused ?? false,
      backup: props.backup && { storage: props.backup.storage, pointInTimeRecovery: props.backup.pointInTimeRecovery ?? false },
      monitoring: props.monitoring,
      restoreFrom: props.restoreFrom,
      schedules: this.schedules,
      extraStorages: this.extraStorages,
    };
  }

  private facts(props: DatabaseClusterProps): ClusterFacts {
    const bytes = (size: Size | undefined, fallback: Size) => (size ?? fallback).toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024;
    return {
      ...this._model,
      cpuCores: cpuCores(this._model.resources.cpu),
      memoryBytes: bytes(props.resources?.memory, DEFAULT_RESOURCES.memory),
      storageBytes: bytes(props.storage?.size, Size.gibibytes(20)),
      proxyTypes: this._target.proxies.map((p) => p.type),
      targetDescription: this._target.description,
      bothStorageClassProps: props.storage?.storageClass !== undefined && props.storage?.storageClassName !== undefined,
    };
  }
}

/**
 * The operator registry's targets load with the first DatabaseCluster rather than with the package: they hold the
 * classes generated from every vendored CRD, which took 120 ms of parsing, more than cdk8s-plus-28's whole load.
 */
function registry(): typeof Registry {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./operators');
}
