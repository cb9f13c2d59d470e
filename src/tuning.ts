import { Size, SizeRoundingBehavior } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { cpuCores } from './quantity';

const MIB = 1024 * 1024;

/** Engine parameters derived from a pod's memory and CPU (the blueprints' starting point). */
export class Tuning {
  /**
   * PostgreSQL, the usual rules of thumb for a dedicated server:
   * - `max_connections` = 50 per CPU, between 100 and 500 (PgBouncer multiplexes clients in front);
   * - `shared_buffers` = 25% of memory;
   * - `effective_cache_size` = 75% of memory;
   * - `maintenance_work_mem` = memory / 16, at most 2 GiB;
   * - `work_mem` = (memory − shared_buffers) / (3 × max_connections), at least 4 MiB.
   */
  public static postgres(memory: Size, cpu: Cpu): { [key: string]: string } {
    const mib = memory.toMebibytes({ rounding: SizeRoundingBehavior.FLOOR });
    const maxConnections = clamp(Math.round(50 * cpuCores(cpu.amount)), 100, 500);
    const sharedBuffers = Math.floor(mib / 4);
    return {
      max_connections: String(maxConnections),
      shared_buffers: `${sharedBuffers}MB`,
      effective_cache_size: `${Math.floor(mib * 0.75)}MB`,
      maintenance_work_mem: `${Math.min(2048, Math.floor(mib / 16))}MB`,
      work_mem: `${Math.max(4096, Math.floor(((mib - sharedBuffers) * 1024) / (3 * maxConnections)))}kB`,
    };
  }

  /**
   * MySQL (InnoDB on Percona XtraDB Cluster):
   * - `innodb_buffer_pool_size` = 70% of memory, rounded down to a multiple of 128 MiB (the chunk size), at
   *   least 128 MiB; the rest covers Galera's gcache, per-connection buffers and the OS;
   * - `innodb_buffer_pool_instances` = one per GiB of pool, 1 to 8;
   * - `max_connections` = 100 per GiB of memory, between 200 and 2000.
   */
  public static mysql(memory: Size): { [key: string]: string } {
    const bytes = memory.toMebibytes({ rounding: SizeRoundingBehavior.FLOOR }) * MIB;
    const chunk = 128 * MIB;
    const pool = Math.max(chunk, Math.floor((bytes * 0.7) / chunk) * chunk);
    return {
      innodb_buffer_pool_size: String(pool),
      innodb_buffer_pool_instances: String(clamp(Math.floor(pool / (1024 * MIB)), 1, 8)),
      max_connections: String(clamp(Math.floor((bytes / (1024 * MIB)) * 100), 200, 2000)),
    };
  }

  private constructor() {}
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}
