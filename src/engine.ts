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

/** A MySQL (Percona XtraDB Cluster) version: the image tag of `percona/percona-xtradb-cluster`. */
export class MysqlVersion {
  /** 8.4.5-5.1, shipped with PXC operator 1.18.0. */
  public static readonly V8_4_5 = new MysqlVersion('8.4.5-5.1');
  /** 8.0.42-33.1, the recommended version of PXC operator 1.18.0. */
  public static readonly V8_0_42 = new MysqlVersion('8.0.42-33.1');
  /** 5.7.44-31.65 (end of life upstream; kept for migrations). */
  public static readonly V5_7_44 = new MysqlVersion('5.7.44-31.65');

  /** Any version, e.g. `8.0.42-33.1`. Checked when a cluster uses it. */
  public static of(version: string): MysqlVersion {
    return new MysqlVersion(version);
  }

  private constructor(public readonly version: string) {}
}

/** A MongoDB (Percona Server for MongoDB) version: the image tag of `percona/percona-server-mongodb`. */
export class MongodbVersion {
  /** 8.0.17-6, shipped with PSMDB operator 1.21.2. */
  public static readonly V8_0_17 = new MongodbVersion('8.0.17-6');
  /** 7.0.28-15. */
  public static readonly V7_0_28 = new MongodbVersion('7.0.28-15');
  /** 6.0.27-21. */
  public static readonly V6_0_27 = new MongodbVersion('6.0.27-21');

  /** Any version, e.g. `8.0.17-6`. Checked when a cluster uses it. */
  public static of(version: string): MongodbVersion {
    return new MongodbVersion(version);
  }

  private constructor(public readonly version: string) {}
}

/**
 * A PostgreSQL version (`major.minor`). Percona's images add a build number: the constants know it, and
 * `of('17.8-1')` gives it explicitly.
 */
export class PostgresVersion {
  /** 18.1 (Percona image 18.1-3). */
  public static readonly V18_1 = new PostgresVersion('18.1-3');
  /** 17.7 (Percona image 17.7-2). */
  public static readonly V17_7 = new PostgresVersion('17.7-2');
  /** 16.11 (Percona image 16.11-2). */
  public static readonly V16_11 = new PostgresVersion('16.11-2');
  /** 15.15 (Percona image 15.15-2). */
  public static readonly V15_15 = new PostgresVersion('15.15-2');
  /** 14.20 (Percona image 14.20-2). */
  public static readonly V14_20 = new PostgresVersion('14.20-2');
  /** 13.23 (Percona image 13.23-2; Percona operator only). */
  public static readonly V13_23 = new PostgresVersion('13.23-2');

  /**
   * Any version: `17.7`, or `17.7-2` to name the Percona image build as well.
   * Checked when a cluster uses it.
   */
  public static of(version: string): PostgresVersion {
    return PostgresVersion.KNOWN.find((v) => v.version === version) ?? new PostgresVersion(version);
  }

  private static get KNOWN(): PostgresVersion[] {
    return [PostgresVersion.V18_1, PostgresVersion.V17_7, PostgresVersion.V16_11, PostgresVersion.V15_15,
      PostgresVersion.V14_20, PostgresVersion.V13_23];
  }

  /** `major.minor`, e.g. `17.7`. */
  public readonly version: string;
  /** The Percona image build, e.g. `17.7-2`, if known. */
  public readonly perconaBuild?: string;

  private constructor(versionOrBuild: string) {
    const [version, build] = versionOrBuild.split('-', 2);
    this.version = version;
    this.perconaBuild = build === undefined ? undefined : versionOrBuild;
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
  /** MySQL on Percona XtraDB Cluster (or Everest). */
  public static mysql(props: MysqlEngineProps): DatabaseEngine {
    return new DatabaseEngine(EngineType.MYSQL, props.version.version, props);
  }

  /** MongoDB on Percona Server for MongoDB (or Everest). */
  public static mongodb(props: MongodbEngineProps): DatabaseEngine {
    return new DatabaseEngine(EngineType.MONGODB, props.version.version, props);
  }

  /** PostgreSQL on the Percona operator, CloudNativePG or Everest. */
  public static postgres(props: PostgresEngineProps): DatabaseEngine {
    return new DatabaseEngine(EngineType.POSTGRES, props.version.version, props, props.version.perconaBuild);
  }

  /** The operator that runs the database. */
  public readonly operator: Operator;
  /** The image that replaces the default one, if any. */
  public readonly image?: string;

  private constructor(
    /** The engine. */
    public readonly type: EngineType,
    /** The engine version as the operators and Everest spell it (`8.0.42-33.1`, `8.0.17-6`, `17.7`). */
    public readonly version: string,
    options: EngineOptions,
    /** The Percona image build of a PostgreSQL version (`17.7-2`). */
    public readonly perconaBuild?: string,
  ) {
    this.operator = options.operator ?? Operator.PERCONA;
    this.image = options.image;
  }

  /** The major version number (8 for `8.0.42-33.1`, 17 for `17.7`). */
  public get majorVersion(): number {
    return parseInt(this.version.split('.')[0], 10);
  }

  /** `major.minor` (8.0, 17.7). */
  public get minorVersion(): string {
    return this.version.split('-')[0].split('.').slice(0, 2).join('.');
  }
}
