/**
 * Acme's database blueprints: an organisation's own construct library on top of cdk8s-dbaas (a peer dependency).
 * `AcmePostgres` is what every Acme team gets when it asks for PostgreSQL: the promises below hold for every
 * database built with it, or synthesis fails with an error that names the broken promise.
 */
import { Names, Size } from 'cdk8s';
import {
  AntiAffinity, BackupSchedule, BackupStorage, Blueprint, DatabaseEngine, Guarantee, GuaranteeViolation, Monitoring, Operator,
  PostgresVersion, ProxyType,
} from 'cdk8s-dbaas';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/** Props of `AcmePostgres`. */
export interface AcmePostgresProps {
  /** Where backups and WAL go; Acme keeps data in the EU. */
  readonly backupStorage: BackupStorage;
  /**
   * PostgreSQL instances.
   * @default 3
   */
  readonly instances?: number;
  /**
   * Daily full backups kept.
   * @default 14
   */
  readonly retention?: number;
  /**
   * Break Acme's promises anyway (a disposable test database, say); the readiness report then speaks about it.
   * @default false
   */
  readonly unsafeOverrides?: boolean;
}

/** Acme's data-residency policy: a guarantee of its own kind, written as a subclass of `Guarantee`. */
class EuDataResidency extends Guarantee {
  constructor() {
    super('backups in the EU', 'that backups stay in an EU region (Acme data-residency policy)');
  }

  public violations(props: AcmePostgresProps): GuaranteeViolation[] {
    const region = props.backupStorage.region;
    return region !== undefined && region.startsWith('eu-') ? [] : [{ prop: 'backupStorage.region', value: region }];
  }
}

const ACME_POSTGRES_GUARANTEES: Guarantee[] = [
  Guarantee.atLeast('instances', 3, 'at least 3 instances, so a synchronous standby survives the loss of another'),
  Guarantee.atLeast('retention', 14, 'two weeks of daily backups'),
  new EuDataResidency(),
];

/** PostgreSQL the Acme way: 3 instances with a synchronous standby, PgBouncer, daily backups kept two weeks in the EU. */
export class AcmePostgres extends Blueprint {
  /** The daily full backup. */
  public readonly backupSchedule: BackupSchedule;

  constructor(scope: Construct, id: string, props: AcmePostgresProps) {
    super(scope, id, { blueprintName: 'AcmePostgres', guarantees: ACME_POSTGRES_GUARANTEES, unsafeOverrides: props.unsafeOverrides });
    const resolved = { ...props, instances: props.instances ?? 3, retention: props.retention ?? 14 };
    const cluster = this.buildCluster(resolved, {
      engine: DatabaseEngine.postgres({ version: PostgresVersion.V17_7, operator: Operator.CLOUDNATIVE_PG }),
      name: Names.toDnsLabel(this, { includeHash: false }),
      replicas: resolved.instances,
      synchronousReplicas: resolved.instances > 1 ? 1 : 0,
      resources: { cpu: Cpu.units(2), memory: Size.gibibytes(8) },
      storage: { size: Size.gibibytes(50) },
      proxy: { type: ProxyType.PGBOUNCER, replicas: 2 },
      scheduling: { antiAffinity: AntiAffinity.REQUIRED, spreadAcrossZones: true },
      backup: { storage: props.backupStorage, pointInTimeRecovery: true },
      monitoring: Monitoring.prometheus(),
      // Only reachable with unsafeOverrides: the guarantees refuse fewer than 3 instances.
      singleNodeDevelopment: resolved.instances === 1,
    });
    this.backupSchedule = cluster.addBackupSchedule('daily', { schedule: '0 1 * * *', retention: resolved.retention });
  }
}
