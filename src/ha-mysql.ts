import { Names } from 'cdk8s';
import { Construct } from 'constructs';
import { BackupSchedule } from './backup-schedule';
import { keepGuarantees } from './blueprint-guarantees';
import { DatabaseCluster } from './database-cluster';
import { DatabaseEngine, MysqlVersion, Operator } from './engine';
import { BLUEPRINT_STORAGE, blueprintResources, BlueprintBackupOptions, BlueprintOptions } from './ha-postgres';
import { Monitoring } from './monitoring';
import { ProxyType } from './proxy';
import { Rule } from './rules';
import { AntiAffinity, SchedulingOptions } from './scheduling';
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

interface HaMysqlFacts {
  readonly replicas: number;
  readonly haproxyReplicas: number;
  readonly backup?: BlueprintBackupOptions;
  readonly scheduling: SchedulingOptions;
}

const HA_MYSQL_GUARANTEES: ReadonlyArray<Rule<HaMysqlFacts>> = [
  { prop: 'replicas', value: (f) => f.replicas, valid: (f) => f.replicas === 3 || f.replicas === 5, reason: '3 or 5 Galera nodes, so the cluster keeps quorum when one fails' },
  { prop: 'haproxyReplicas', value: (f) => f.haproxyReplicas, valid: (f) => f.haproxyReplicas >= 2, reason: 'at least 2 HAProxy pods' },
  { prop: 'backup', value: (f) => f.backup, valid: (f) => f.backup !== undefined, reason: 'daily backups with binlog shipping for point-in-time recovery: give `backup.storage`' },
  {
    prop: 'scheduling.antiAffinity',
    value: (f) => f.scheduling.antiAffinity,
    valid: (f) => (f.scheduling.antiAffinity ?? AntiAffinity.REQUIRED) === AntiAffinity.REQUIRED,
    reason: 'required anti-affinity, so no two nodes share a host',
  },
  { prop: 'scheduling.spreadAcrossZones', value: (f) => f.scheduling.spreadAcrossZones, valid: (f) => f.scheduling.spreadAcrossZones !== false, reason: 'nodes and proxies spread across zones' },
];

/**
 * A production MySQL on Percona XtraDB Cluster: three Galera nodes, two HAProxy pods, required anti-affinity and
 * zone spread for both, a daily full backup with retention and binlog shipping for point-in-time recovery,
 * Prometheus monitoring, TLS, and InnoDB tuned from the resources (see `Tuning.mysql`).
 */
export class HaMysql extends Construct {
  /** The underlying DatabaseCluster. */
  public readonly cluster: DatabaseCluster;
  /** The daily full backup, if backups are configured. */
  public readonly backupSchedule?: BackupSchedule;

  constructor(scope: Construct, id: string, props: HaMysqlProps = {}) {
    super(scope, id);
    const facts: HaMysqlFacts = {
      replicas: props.replicas ?? 3,
      haproxyReplicas: props.haproxyReplicas ?? 2,
      backup: props.backup,
      scheduling: props.scheduling ?? {},
    };
    keepGuarantees(this, 'HaMysql', HA_MYSQL_GUARANTEES, facts, props.unsafeOverrides ?? false);
    const resources = blueprintResources(props.resources);
    this.cluster = new DatabaseCluster(this, 'Cluster', {
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
      this.backupSchedule = this.cluster.addBackupSchedule('daily', { schedule: props.backup.schedule ?? '0 2 * * *', retention: props.backup.retention ?? 7 });
    }
  }
}
