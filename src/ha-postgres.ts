import { Names, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { BackupSchedule } from './backup-schedule';
import { BackupStorage } from './backup-storage';
import { keepGuarantees } from './blueprint-guarantees';
import { DatabaseCluster, DatabaseStorage } from './database-cluster';
import { DatabaseEngine, Operator, PostgresVersion } from './engine';
import { Expose } from './expose';
import { Monitoring } from './monitoring';
import { ProxyType } from './proxy';
import { DatabaseResources } from './quantity';
import { Rule } from './rules';
import { AntiAffinity, SchedulingOptions } from './scheduling';
import { Tuning } from './tuning';

/** The backups a blueprint takes. */
export interface BlueprintBackupOptions {
  /** Where backups and continuously archived logs go. */
  readonly storage: BackupStorage;
  /**
   * When the full backup runs (five-field cron, UTC).
   * @default '0 2 * * *' - daily at 02:00
   */
  readonly schedule?: string;
  /**
   * Full backups kept.
   * @default 7
   */
  readonly retention?: number;
}

/** Options common to every blueprint. */
export interface BlueprintOptions {
  /**
   * The database's name.
   * @default - derived from the construct path
   */
  readonly name?: string;
  /**
   * The namespace.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Backups (required unless `unsafeOverrides`).
   * @default - none, refused
   */
  readonly backup?: BlueprintBackupOptions;
  /**
   * CPU and memory of each member; the engine parameters are tuned from them.
   * @default - 2 CPU and 8 GiB
   */
  readonly resources?: DatabaseResources;
  /**
   * The data volume of each member.
   * @default - 100 GiB on the cluster's default StorageClass
   */
  readonly storage?: DatabaseStorage;
  /**
   * Scheduling; anti-affinity must stay REQUIRED and zone spread on unless `unsafeOverrides`.
   * @default - required anti-affinity on the hostname, spread across zones
   */
  readonly scheduling?: SchedulingOptions;
  /**
   * How clients reach the database.
   * @default Expose.clusterIp()
   */
  readonly expose?: Expose;
  /**
   * Engine parameters; they override the tuned values.
   * @default - the tuned values only
   */
  readonly config?: { [key: string]: string };
  /**
   * Name of an existing Secret with the users' passwords.
   * @default - the operator generates it
   */
  readonly credentialsSecret?: string;
  /**
   * Monitoring.
   * @default Monitoring.prometheus()
   */
  readonly monitoring?: Monitoring;
  /**
   * Accept props that break the blueprint's guarantees (fewer members, no backups, weaker anti-affinity, ...).
   * The production-readiness report then treats the database like any other.
   * @default false
   */
  readonly unsafeOverrides?: boolean;
}

/** Props of `HaPostgres`. */
export interface HaPostgresProps extends BlueprintOptions {
  /**
   * PostgreSQL version.
   * @default PostgresVersion.V17_7
   */
  readonly version?: PostgresVersion;
  /**
   * The operator: `Operator.CLOUDNATIVE_PG` or `Operator.PERCONA`.
   * @default Operator.PERCONA
   */
  readonly operator?: Operator;
  /**
   * PostgreSQL instances (a primary and its standbys).
   * @default 3
   */
  readonly instances?: number;
  /**
   * PgBouncer pods.
   * @default 2
   */
  readonly poolerReplicas?: number;
}

/** A blueprint's resources: 2 CPU and 8 GiB unless given. @internal */
export function blueprintResources(resources: DatabaseResources | undefined): { cpu: Cpu; memory: Size } {
  return { cpu: resources?.cpu ?? Cpu.units(2), memory: resources?.memory ?? Size.gibibytes(8) };
}
/** The storage every blueprint defaults to. @internal */
export const BLUEPRINT_STORAGE = Size.gibibytes(100);

interface HaPostgresFacts {
  readonly instances: number;
  readonly poolerReplicas: number;
  readonly backup?: BlueprintBackupOptions;
  readonly scheduling: SchedulingOptions;
  readonly operator: Operator;
}

const HA_POSTGRES_GUARANTEES: ReadonlyArray<Rule<HaPostgresFacts>> = [
  { prop: 'instances', value: (f) => f.instances, valid: (f) => f.instances >= 3, reason: 'at least 3 instances, so a synchronous standby survives the loss of another' },
  { prop: 'backup', value: (f) => f.backup, valid: (f) => f.backup !== undefined, reason: 'daily backups with continuous WAL archiving: give `backup.storage`' },
  {
    prop: 'scheduling.antiAffinity',
    value: (f) => f.scheduling.antiAffinity,
    valid: (f) => (f.scheduling.antiAffinity ?? AntiAffinity.REQUIRED) === AntiAffinity.REQUIRED,
    reason: 'required anti-affinity, so no two instances share a node',
  },
  { prop: 'scheduling.spreadAcrossZones', value: (f) => f.scheduling.spreadAcrossZones, valid: (f) => f.scheduling.spreadAcrossZones !== false, reason: 'instances spread across zones' },
  { prop: 'poolerReplicas', value: (f) => f.poolerReplicas, valid: (f) => f.poolerReplicas >= 2, reason: 'at least 2 PgBouncer pods' },
  {
    prop: 'operator',
    value: (f) => f.operator,
    valid: (f) => f.operator === Operator.CLOUDNATIVE_PG || f.operator === Operator.PERCONA,
    reason: 'synchronous replication, which only CloudNativePG and the Percona operator offer',
  },
];

/**
 * A production PostgreSQL: three instances with one synchronous standby, required anti-affinity across hosts and
 * spread across zones, PgBouncer (at least two pods, spread, with a disruption budget), a daily full backup with
 * retention and continuous WAL archiving for point-in-time recovery, Prometheus monitoring, TLS, and engine
 * parameters tuned from the resources (see `Tuning.postgres`).
 */
export class HaPostgres extends Construct {
  /** The underlying DatabaseCluster. */
  public readonly cluster: DatabaseCluster;
  /** The daily full backup, if backups are configured. */
  public readonly backupSchedule?: BackupSchedule;

  constructor(scope: Construct, id: string, props: HaPostgresProps = {}) {
    super(scope, id);
    const operator = props.operator ?? Operator.PERCONA;
    const facts: HaPostgresFacts = {
      instances: props.instances ?? 3,
      poolerReplicas: props.poolerReplicas ?? 2,
      backup: props.backup,
      scheduling: props.scheduling ?? {},
      operator,
    };
    keepGuarantees(this, 'HaPostgres', HA_POSTGRES_GUARANTEES, facts, props.unsafeOverrides ?? false);
    const resources = blueprintResources(props.resources);
    this.cluster = new DatabaseCluster(this, 'Cluster', {
      engine: DatabaseEngine.postgres({ version: props.version ?? PostgresVersion.V17_7, operator }),
      name: props.name ?? Names.toDnsLabel(this, { includeHash: false }),
      namespace: props.namespace,
      replicas: facts.instances,
      synchronousReplicas: facts.instances > 1 ? 1 : 0,
      resources,
      storage: { size: BLUEPRINT_STORAGE, ...props.storage },
      proxy: { type: ProxyType.PGBOUNCER, replicas: facts.poolerReplicas },
      expose: props.expose,
      scheduling: { antiAffinity: AntiAffinity.REQUIRED, spreadAcrossZones: true, ...props.scheduling },
      backup: props.backup && { storage: props.backup.storage, pointInTimeRecovery: true },
      monitoring: props.monitoring ?? Monitoring.prometheus(),
      config: { ...Tuning.postgres(resources.memory, resources.cpu), ...props.config },
      credentialsSecret: props.credentialsSecret,
      singleNodeDevelopment: facts.instances === 1,
    });
    if (props.backup) {
      this.backupSchedule = this.cluster.addBackupSchedule('daily', { schedule: props.backup.schedule ?? '0 2 * * *', retention: props.backup.retention ?? 7 });
    }
  }
}
