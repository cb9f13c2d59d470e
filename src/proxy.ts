import { DatabaseResources } from './quantity';

/** The proxy, router or pooler in front of a database. */
export enum ProxyType {
  /** HAProxy (MySQL). */
  HAPROXY = 'haproxy',
  /** ProxySQL (MySQL). */
  PROXYSQL = 'proxysql',
  /** PgBouncer (PostgreSQL). */
  PGBOUNCER = 'pgbouncer',
  /** mongos (sharded MongoDB). */
  MONGOS = 'mongos',
  /** MariaDB MaxScale (MariaDB): a read-write splitting router that follows the primary. */
  MAXSCALE = 'maxscale',
  /** No proxy: clients connect to the database service directly. */
  NONE = 'none',
}

/** The proxy in front of a database. */
export interface ProxyOptions {
  /**
   * The proxy type.
   * @default - HAProxy for MySQL, PgBouncer for PostgreSQL, mongos for sharded MongoDB, none for a MongoDB replica set,
   * MaxScale for a multi-member MariaDB cluster and none for a single MariaDB
   */
  readonly type?: ProxyType;
  /**
   * Proxy pods.
   * @default - as many as database replicas (at least 2 for a multi-member database)
   */
  readonly replicas?: number;
  /**
   * CPU and memory of each proxy pod.
   * @default - 200m CPU and 256 MiB for HAProxy and PgBouncer, 600m and 1 GiB for ProxySQL, mongos and MaxScale
   */
  readonly resources?: DatabaseResources;
}
