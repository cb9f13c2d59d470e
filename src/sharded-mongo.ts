import { Names } from 'cdk8s';
import { Construct } from 'constructs';
import { BackupSchedule } from './backup-schedule';
import { keepGuarantees } from './blueprint-guarantees';
import { DatabaseCluster } from './database-cluster';
import { DatabaseEngine, MongodbVersion, Operator } from './engine';
import { BLUEPRINT_STORAGE, blueprintResources, BlueprintBackupOptions, BlueprintOptions } from './ha-postgres';
import { Monitoring } from './monitoring';
import { ProxyType } from './proxy';
import { Rule } from './rules';
import { AntiAffinity, SchedulingOptions } from './scheduling';

/** Props of `ShardedMongo`. */
export interface ShardedMongoProps extends BlueprintOptions {
  /**
   * MongoDB version.
   * @default MongodbVersion.V8_0_17
   */
  readonly version?: MongodbVersion;
  /**
   * Shards.
   * @default 2
   */
  readonly shards?: number;
  /**
   * Members of each shard's replica set.
   * @default 3
   */
  readonly membersPerShard?: number;
  /**
   * Config server members.
   * @default 3
   */
  readonly configServers?: number;
  /**
   * mongos routers.
   * @default 2
   */
  readonly mongosReplicas?: number;
}

interface ShardedMongoFacts {
  readonly membersPerShard: number;
  readonly configServers: number;
  readonly mongosReplicas: number;
  readonly backup?: BlueprintBackupOptions;
  readonly scheduling: SchedulingOptions;
}

const SHARDED_MONGO_GUARANTEES: ReadonlyArray<Rule<ShardedMongoFacts>> = [
  { prop: 'membersPerShard', value: (f) => f.membersPerShard, valid: (f) => f.membersPerShard >= 3, reason: 'at least 3 members per shard, so each shard elects a primary after a failure' },
  { prop: 'configServers', value: (f) => f.configServers, valid: (f) => f.configServers >= 3, reason: 'at least 3 config servers' },
  { prop: 'mongosReplicas', value: (f) => f.mongosReplicas, valid: (f) => f.mongosReplicas >= 2, reason: 'at least 2 mongos routers' },
  { prop: 'backup', value: (f) => f.backup, valid: (f) => f.backup !== undefined, reason: 'daily backups with oplog shipping for point-in-time recovery: give `backup.storage`' },
  {
    prop: 'scheduling.antiAffinity',
    value: (f) => f.scheduling.antiAffinity,
    valid: (f) => (f.scheduling.antiAffinity ?? AntiAffinity.REQUIRED) === AntiAffinity.REQUIRED,
    reason: 'required anti-affinity, so no two members of a replica set share a node',
  },
];

/**
 * A production sharded MongoDB on Percona Server for MongoDB: shards of three members, three config servers, at
 * least two mongos routers, required anti-affinity and zone spread, a daily backup with oplog shipping for
 * point-in-time recovery, Prometheus monitoring and TLS.
 */
export class ShardedMongo extends Construct {
  /** The underlying DatabaseCluster. */
  public readonly cluster: DatabaseCluster;
  /** The daily backup, if backups are configured. */
  public readonly backupSchedule?: BackupSchedule;

  constructor(scope: Construct, id: string, props: ShardedMongoProps = {}) {
    super(scope, id);
    const facts: ShardedMongoFacts = {
      membersPerShard: props.membersPerShard ?? 3,
      configServers: props.configServers ?? 3,
      mongosReplicas: props.mongosReplicas ?? 2,
      backup: props.backup,
      scheduling: props.scheduling ?? {},
    };
    keepGuarantees(this, 'ShardedMongo', SHARDED_MONGO_GUARANTEES, facts, props.unsafeOverrides ?? false);
    this.cluster = new DatabaseCluster(this, 'Cluster', {
      engine: DatabaseEngine.mongodb({ version: props.version ?? MongodbVersion.V8_0_17, operator: Operator.PERCONA }),
      name: props.name ?? Names.toDnsLabel(this, { includeHash: false }),
      namespace: props.namespace,
      replicas: facts.membersPerShard,
      sharding: { shards: props.shards ?? 2, configServers: facts.configServers },
      resources: blueprintResources(props.resources),
      storage: { size: BLUEPRINT_STORAGE, ...props.storage },
      proxy: { type: ProxyType.MONGOS, replicas: facts.mongosReplicas },
      expose: props.expose,
      scheduling: { antiAffinity: AntiAffinity.REQUIRED, spreadAcrossZones: true, ...props.scheduling },
      backup: props.backup && { storage: props.backup.storage, pointInTimeRecovery: true },
      monitoring: props.monitoring ?? Monitoring.prometheus(),
      config: props.config,
      credentialsSecret: props.credentialsSecret,
      singleNodeDevelopment: facts.membersPerShard === 1,
    });
    if (props.backup) {
      this.backupSchedule = this.cluster.addBackupSchedule('daily', { schedule: props.backup.schedule ?? '0 2 * * *', retention: props.backup.retention ?? 7 });
    }
  }
}
