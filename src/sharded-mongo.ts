import { Names } from 'cdk8s';
import { Construct } from 'constructs';
import { BackupSchedule } from './backup-schedule';
import { Blueprint, Guarantee } from './blueprint';
import { DatabaseEngine, MongodbVersion, Operator } from './engine';
import { BLUEPRINT_STORAGE, blueprintGuarantees, blueprintResources, BlueprintOptions } from './ha-postgres';
import { Monitoring } from './monitoring';
import { ProxyType } from './proxy';
import { AntiAffinity } from './scheduling';

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

const SHARDED_MONGO_GUARANTEES: Guarantee[] = [
  Guarantee.atLeast('membersPerShard', 3, 'at least 3 members per shard, so each shard elects a primary after a failure'),
  Guarantee.atLeast('configServers', 3, 'at least 3 config servers'),
  Guarantee.atLeast('mongosReplicas', 2, 'at least 2 mongos routers'),
  ...blueprintGuarantees('oplog shipping for point-in-time recovery', 'no two members of a replica set share a node'),
];

/**
 * A production sharded MongoDB on Percona Server for MongoDB: shards of three members, three config servers, at
 * least two mongos routers, required anti-affinity and zone spread, a daily backup with oplog shipping for
 * point-in-time recovery, Prometheus monitoring and TLS.
 */
export class ShardedMongo extends Blueprint {
  /** The daily backup, if backups are configured. */
  public readonly backupSchedule?: BackupSchedule;

  constructor(scope: Construct, id: string, props: ShardedMongoProps) {
    super(scope, id, { blueprintName: 'ShardedMongo', guarantees: SHARDED_MONGO_GUARANTEES, unsafeOverrides: props.unsafeOverrides });
    const facts = {
      ...props,
      membersPerShard: props.membersPerShard ?? 3,
      configServers: props.configServers ?? 3,
      mongosReplicas: props.mongosReplicas ?? 2,
    };
    const cluster = this.buildCluster(facts, {
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
      this.backupSchedule = cluster.addBackupSchedule('daily', { schedule: props.backup.schedule ?? '0 2 * * *', retention: props.backup.retention ?? 7 });
    }
  }
}
