import { Names } from 'cdk8s';
import { Construct } from 'constructs';
import { BackupSchedule } from './backup-schedule';
import { Blueprint, Guarantee, GuaranteeViolation } from './blueprint';
import { DatabaseEngine, MysqlVersion, Operator } from './engine';
import { BLUEPRINT_STORAGE, blueprintGuarantees, blueprintResources, BlueprintOptions } from './ha-postgres';
import { Monitoring } from './monitoring';
import { ProxyType } from './proxy';
import { AntiAffinity } from './scheduling';
import { Tuning } from './tuning';

/** Props of `HaMysql`. */
export interface HaMysqlProps extends BlueprintOptions {
  /**
   * MySQL version.
   * @default MysqlVersion.V8_0_42
   */
  readonly version?: MysqlVersion;
  /**
   * Galera nodes (3 or 5).
   * @default 3
   */
  readonly replicas?: number;
  /**
   * HAProxy pods.
   * @default 2
   */
  readonly haproxyReplicas?: number;
}

/**
 * Point-in-time recovery replays the binary log: the MySQL options that switch it off (`skip-log-bin`,
 * `disable-log-bin`, with dashes or underscores; MySQL 8.0 reference, "Binary Logging Options") are refused.
 */
class BinaryLogKept extends Guarantee {
  constructor() {
    super('binary log on', 'binlog shipping for point-in-time recovery, which needs the binary log');
  }

  public violations(props: any): GuaranteeViolation[] {
    const config: { [key: string]: string } = props.config ?? {};
    return Object.keys(config)
      .filter((key) => ['skip_log_bin', 'disable_log_bin'].includes(key.replace(/-/g, '_')))
      .map((key) => ({ prop: `config.${key}`, value: config[key] }));
  }
}

const HA_MYSQL_GUARANTEES: Guarantee[] = [
  Guarantee.oneOf('replicas', [3, 5], '3 or 5 Galera nodes, so the cluster keeps quorum when one fails'),
  Guarantee.atLeast('haproxyReplicas', 2, 'at least 2 HAProxy pods'),
  ...blueprintGuarantees('binlog shipping for point-in-time recovery', 'no two nodes share a host', 'nodes and proxies spread across zones'),
  new BinaryLogKept(),
];

/**
 * A production MySQL on Percona XtraDB Cluster: three Galera nodes, two HAProxy pods, required anti-affinity and
 * zone spread for both, a daily full backup with retention and binlog shipping for point-in-time recovery,
 * Prometheus monitoring, TLS, and InnoDB tuned from the resources (see `Tuning.mysql`).
 */
export class HaMysql extends Blueprint {
  /** The daily full backup, if backups are configured. */
  public readonly backupSchedule?: BackupSchedule;

  constructor(scope: Construct, id: string, props: HaMysqlProps) {
    super(scope, id, { blueprintName: 'HaMysql', guarantees: HA_MYSQL_GUARANTEES, unsafeOverrides: props.unsafeOverrides });
    const facts = { ...props, replicas: props.replicas ?? 3, haproxyReplicas: props.haproxyReplicas ?? 2 };
    const resources = blueprintResources(props.resources);
    const cluster = this.buildCluster(facts, {
      engine: DatabaseEngine.mysql({ version: props.version ?? MysqlVersion.V8_0_42, operator: Operator.PERCONA }),
      name: props.name ?? Names.toDnsLabel(this, { includeHash: false }),
      namespace: props.namespace,
      replicas: facts.replicas,
      resources,
      storage: { size: BLUEPRINT_STORAGE, ...props.storage },
      proxy: { type: ProxyType.HAPROXY, replicas: facts.haproxyReplicas },
      expose: props.expose,
      scheduling: { antiAffinity: AntiAffinity.REQUIRED, spreadAcrossZones: true, ...props.scheduling },
      backup: props.backup && { storage: props.backup.storage, pointInTimeRecovery: true },
      monitoring: props.monitoring ?? Monitoring.prometheus(),
      config: { ...Tuning.mysql(resources.memory), ...props.config },
      credentialsSecret: props.credentialsSecret,
      singleNodeDevelopment: facts.replicas === 1,
    });
    if (props.backup) {
      this.backupSchedule = cluster.addBackupSchedule('daily', { schedule: props.backup.schedule ?? '0 2 * * *', retention: props.backup.retention ?? 7 });
    }
  }
}
