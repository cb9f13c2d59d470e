/** The operator family that runs a database. */
export enum Operator {
  /** The Percona operator of the engine (XtraDB Cluster, Server for MongoDB, or PostgreSQL). */
  PERCONA = 'percona',
  /** CloudNativePG (PostgreSQL only). */
  CLOUDNATIVE_PG = 'cloudnative-pg',
  /** OpenEverest: emits Everest `DatabaseCluster` objects instead of native custom resources. */
  EVEREST = 'everest',
}

/** The database engine. */
export enum EngineType {
  MYSQL = 'mysql',
  MONGODB = 'mongodb',
  POSTGRES = 'postgresql',
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

/** Options common to every engine. */
export interface EngineOptions {
  /**
   * The operator that runs the database.
   * @default Operator.PERCONA
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
