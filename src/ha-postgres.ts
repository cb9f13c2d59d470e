import { Names, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { BackupSchedule } from './backup-schedule';
import { BackupStorage } from './backup-storage';
import { Blueprint, Guarantee } from './blueprint';
import { DatabaseStorage } from './database-cluster';
import { DatabaseEngine, Operator, PostgresVersion } from './engine';
import { Expose } from './expose';
import { Monitoring } from './monitoring';
import { ProxyType } from './proxy';
import { DatabaseResources } from './quantity';
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
   * Backups: every blueprint keeps daily backups (a database without them is a DatabaseCluster, not a blueprint).
   */
  readonly backup: BlueprintBackupOptions;
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

/** Guarantees every blueprint keeps: backups, and pods spread over hosts and zones. @internal */
export function blueprintGuarantees(backup: string, antiAffinityReason: string, spreadReason?: string): Guarantee[] {
  return [
    Guarantee.present('backup', `daily backups with ${backup}: give \`backup.storage\``),
    Guarantee.oneOf('scheduling.antiAffinity', [AntiAffinity.REQUIRED], `required anti-affinity, so ${antiAffinityReason}`),
    ...(spreadReason ? [Guarantee.noneOf('scheduling.spreadAcrossZones', [false], spreadReason)] : []),
  ];
}

const HA_POSTGRES_GUARANTEES: Guarantee[] = [
  Guarantee.atLeast('instances', 3, 'at least 3 instances, so a synchronous standby survives the loss of another'),
  ...blueprintGuarantees('continuous WAL archiving', 'no two instances share a node', 'instances spread across zones'),
  Guarantee.atLeast('poolerReplicas', 2, 'at least 2 PgBouncer pods'),
  Guarantee.oneOf('operator', [Operator.CLOUDNATIVE_PG, Operator.PERCONA], 'synchronous replication, which only CloudNativePG and the Percona operator offer'),
  // PostgreSQL's synchronous_commit: `local` and `off` return before the standby confirms the commit.
  Guarantee.noneOf('config.synchronous_commit', ['local', 'off'], 'that a synchronous standby confirms every commit'),
];

/**
 * A production PostgreSQL: three instances with one synchronous standby, required anti-affinity across hosts and
 * spread across zones, PgBouncer (at least two pods, spread, with a disruption budget), a daily full backup with
 * retention and continuous WAL archiving for point-in-time recovery, Prometheus monitoring, TLS, and engine
 * parameters tuned from the resources (see `Tuning.postgres`).
 */
export class HaPostgres extends Blueprint {
  /** The daily full backup, if backups are configured. */
  public readonly backupSchedule?: BackupSchedule;

  constructor(scope: Construct, id: string, props: HaPostgresProps) {
    super(scope, id, { blueprintName: 'HaPostgres', guarantees: HA_POSTGRES_GUARANTEES, unsafeOverrides: props.unsafeOverrides });
    const operator = props.operator ?? Operator.PERCONA;
    const facts = { ...props, instances: props.instances ?? 3, poolerReplicas: props.poolerReplicas ?? 2, operator };
    const resources = blueprintResources(props.resources);
    const cluster = this.buildCluster(facts, {
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
      this.backupSchedule = cluster.addBackupSchedule('daily', { schedule: props.backup.schedule ?? '0 2 * * *', retention: props.backup.retention ?? 7 });
    }
  }
}
