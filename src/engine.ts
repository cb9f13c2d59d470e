/** The operator family that runs a database. */
export enum Operator {
  /** The Percona operator of the engine (XtraDB Cluster, Server for MongoDB, or PostgreSQL). */
  PERCONA = 'percona',
  /** CloudNativePG (PostgreSQL only). */
  CLOUDNATIVE_PG = 'cloudnative-pg',
  /** OpenEverest: emits Everest `DatabaseCluster` objects instead of native custom resources. */
  EVEREST = 'everest',
  /** The MariaDB operator (MariaDB only): MariaDB and MaxScale objects and its own backup kinds. */
  MARIADB = 'mariadb-operator',
}

/** The database engine. */
export enum EngineType {
  MYSQL = 'mysql',
  MONGODB = 'mongodb',
  POSTGRES = 'postgresql',
  MARIADB = 'mariadb',
}

/** How the members of a MariaDB cluster replicate. */
export enum MariadbTopology {
  /** Galera: synchronous multi-primary replication, an odd number of members (at least 3) that keep quorum. */
  GALERA = 'galera',
  /**
   * Asynchronous (semi-synchronous) replication from one primary with automatic failover, at least 2 members.
   * The topology point-in-time recovery needs.
   */
  REPLICATION = 'replication',
}

/**
 * Splits a version as users write it into the engine's version and a distribution's build: `8.0.42-33.1` is MySQL
 * 8.0.42 in a distribution's build 33.1, `17.7` is PostgreSQL 17.7 in whatever build the operator runs.
 */
function splitBuild(versionOrBuild: string): { version: string; build?: string } {
  const dash = typeof versionOrBuild === 'string' ? versionOrBuild.indexOf('-') : -1;
  return dash < 0 ? { version: versionOrBuild } : { version: versionOrBuild.slice(0, dash), build: versionOrBuild.slice(dash + 1) };
}

/**
 * A MySQL version (`major.minor.patch`). Each operator runs the builds its catalogue publishes (the README lists
 * them); `of('8.0.42-33.1')` names one build of an operator's distribution explicitly.
 */
export class MysqlVersion {
  /** MySQL 8.4.5. */
  public static readonly V8_4_5 = new MysqlVersion('8.4.5');
  /** MySQL 8.0.42. */
  public static readonly V8_0_42 = new MysqlVersion('8.0.42');
  /** MySQL 5.7.44 (end of life upstream; kept for migrations). */
  public static readonly V5_7_44 = new MysqlVersion('5.7.44');

  /** Any version, e.g. `8.0.41`, or `8.0.41-32.1` to name a distribution's build. Checked against the operator's catalogue. */
  public static of(version: string): MysqlVersion {
    return new MysqlVersion(version);
  }

  /** The MySQL version, e.g. `8.0.42`. */
  public readonly version: string;
  /** The distribution's build, if given (`33.1` of `8.0.42-33.1`). */
  public readonly distributionBuild?: string;

  private constructor(versionOrBuild: string) {
    ({ version: this.version, build: this.distributionBuild } = splitBuild(versionOrBuild));
  }
}

/**
 * A MongoDB version (`major.minor.patch`). Each operator runs the builds its catalogue publishes;
 * `of('8.0.17-6')` names one build of an operator's distribution explicitly.
 */
export class MongodbVersion {
  /** MongoDB 8.0.17. */
  public static readonly V8_0_17 = new MongodbVersion('8.0.17');
  /** MongoDB 7.0.28. */
  public static readonly V7_0_28 = new MongodbVersion('7.0.28');
  /** MongoDB 6.0.27. */
  public static readonly V6_0_27 = new MongodbVersion('6.0.27');

  /** Any version, e.g. `8.0.12`, or `8.0.12-4` to name a distribution's build. Checked against the operator's catalogue. */
  public static of(version: string): MongodbVersion {
    return new MongodbVersion(version);
  }

  /** The MongoDB version, e.g. `8.0.17`. */
  public readonly version: string;
  /** The distribution's build, if given (`6` of `8.0.17-6`). */
  public readonly distributionBuild?: string;

  private constructor(versionOrBuild: string) {
    ({ version: this.version, build: this.distributionBuild } = splitBuild(versionOrBuild));
  }
}

/**
 * A PostgreSQL version (`major.minor`). Each operator runs the builds its catalogue publishes; `of('17.7-2')` names
 * one build of an operator's distribution explicitly.
 */
export class PostgresVersion {
  /** PostgreSQL 18.1. */
  public static readonly V18_1 = new PostgresVersion('18.1');
  /** PostgreSQL 17.7. */
  public static readonly V17_7 = new PostgresVersion('17.7');
  /** PostgreSQL 16.11. */
  public static readonly V16_11 = new PostgresVersion('16.11');
  /** PostgreSQL 15.15. */
  public static readonly V15_15 = new PostgresVersion('15.15');
  /** PostgreSQL 14.20. */
  public static readonly V14_20 = new PostgresVersion('14.20');
  /** PostgreSQL 13.23 (end of life upstream; not every operator runs it). */
  public static readonly V13_23 = new PostgresVersion('13.23');

  /** Any version: `17.7`, or `17.7-2` to name a distribution's build. Checked against the operator's catalogue. */
  public static of(version: string): PostgresVersion {
    return new PostgresVersion(version);
  }

  /** `major.minor`, e.g. `17.7`. */
  public readonly version: string;
  /** The distribution's build, if given (`2` of `17.7-2`). */
  public readonly distributionBuild?: string;

  private constructor(versionOrBuild: string) {
    ({ version: this.version, build: this.distributionBuild } = splitBuild(versionOrBuild));
  }
}

/**
 * A MariaDB version (`major.minor.patch`), run from the official `mariadb` image of that tag. The constants are the
 * versions the MariaDB operator's release supports, each at its latest image when the operator was released.
 */
export class MariadbVersion {
  /** MariaDB 12.2.2 (a rolling release). */
  public static readonly V12_2_2 = new MariadbVersion('12.2.2');
  /** MariaDB 12.1.2 (a rolling release, end of maintenance upstream; kept for migrations). */
  public static readonly V12_1_2 = new MariadbVersion('12.1.2');
  /** MariaDB 11.8.8 (long-term support; the operator's default). */
  public static readonly V11_8_8 = new MariadbVersion('11.8.8');
  /** MariaDB 11.4.12 (long-term support). */
  public static readonly V11_4_12 = new MariadbVersion('11.4.12');
  /** MariaDB 10.11.18 (long-term support). */
  public static readonly V10_11_18 = new MariadbVersion('10.11.18');
  /** MariaDB 10.6.27 (long-term support, the oldest the operator runs). */
  public static readonly V10_6_27 = new MariadbVersion('10.6.27');

  /**
   * Any version, e.g. `11.8.7`. Checked against the operator's catalogue (give `image` for a version outside it);
   * MariaDB has no distribution builds: an image variant goes in `image`.
   */
  public static of(version: string): MariadbVersion {
    return new MariadbVersion(version);
  }

  private constructor(
    /** The MariaDB version, e.g. `11.8.8`. */
    public readonly version: string,
  ) {}
}

/** Options common to every engine. */
export interface EngineOptions {
  /**
   * The operator that runs the database.
   * @default - Operator.PERCONA (Operator.MARIADB for MariaDB)
   */
  readonly operator?: Operator;
  /**
   * A database image that replaces the one the version implies (a mirror, or a custom build).
   * @default - the operator's image for the version
   */
  readonly image?: string;
}

/** Props of `DatabaseEngine.mysql()`. */
export interface MysqlEngineProps extends EngineOptions {
  /** The MySQL version. */
  readonly version: MysqlVersion;
}

/** Props of `DatabaseEngine.mongodb()`. */
export interface MongodbEngineProps extends EngineOptions {
  /** The MongoDB version. */
  readonly version: MongodbVersion;
}

/** Props of `DatabaseEngine.postgres()`. */
export interface PostgresEngineProps extends EngineOptions {
  /** The PostgreSQL version. */
  readonly version: PostgresVersion;
}

/** Props of `DatabaseEngine.mariadb()`. */
export interface MariadbEngineProps extends EngineOptions {
  /** The MariaDB version. */
  readonly version: MariadbVersion;
  /**
   * How the members replicate.
   * @default - Galera for 3 or more replicas, replication for 2, none for a single-node development cluster
   */
  readonly topology?: MariadbTopology;
}

/** A database engine, its version and the operator that runs it. */
export class DatabaseEngine {
  /** MySQL, on the operator `operator` names. */
  public static mysql(props: MysqlEngineProps): DatabaseEngine {
    return new DatabaseEngine(EngineType.MYSQL, props.version.version, props, props.version.distributionBuild);
  }

  /** MongoDB, on the operator `operator` names. */
  public static mongodb(props: MongodbEngineProps): DatabaseEngine {
    return new DatabaseEngine(EngineType.MONGODB, props.version.version, props, props.version.distributionBuild);
  }

  /** PostgreSQL, on the operator `operator` names. */
  public static postgres(props: PostgresEngineProps): DatabaseEngine {
    return new DatabaseEngine(EngineType.POSTGRES, props.version.version, props, props.version.distributionBuild);
  }

  /** MariaDB, on the MariaDB operator. */
  public static mariadb(props: MariadbEngineProps): DatabaseEngine {
    return new DatabaseEngine(EngineType.MARIADB, props.version.version, { ...props, operator: props.operator ?? Operator.MARIADB },
      undefined, props.topology);
  }

  /** The operator that runs the database. */
  public readonly operator: Operator;
  /** The image that replaces the default one, if any. */
  public readonly image?: string;

  private constructor(
    /** The engine. */
    public readonly type: EngineType,
    /** The engine version (`8.0.42`, `8.0.17`, `17.7`). */
    public readonly version: string,
    options: EngineOptions,
    /** The distribution's build the version names, if any (`33.1` of `8.0.42-33.1`). */
    public readonly distributionBuild?: string,
    /** How the members replicate, if the engine lets the user choose (MariaDB). */
    public readonly topology?: MariadbTopology,
  ) {
    this.operator = options.operator ?? Operator.PERCONA;
    this.image = options.image;
  }

  /** The major version number (8 for `8.0.42`, 17 for `17.7`). */
  public get majorVersion(): number {
    return parseInt(this.version.split('.')[0], 10);
  }

  /** `major.minor` (8.0, 17.7). */
  public get minorVersion(): string {
    return this.version.split('.').slice(0, 2).join('.');
  }

  /** The version as written, with its build if one was named (`8.0.42-33.1`, `17.7`). */
  public get versionWithBuild(): string {
    return this.distributionBuild === undefined ? this.version : `${this.version}-${this.distributionBuild}`;
  }
}
