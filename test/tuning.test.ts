import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Tuning } from '../src';

describe('Tuning.postgres', () => {
  test.each<[string, Size, Cpu, { [key: string]: string }]>([
    ['2 GiB, 1 CPU', Size.gibibytes(2), Cpu.units(1), {
      max_connections: '100', shared_buffers: '512MB', effective_cache_size: '1536MB', maintenance_work_mem: '128MB', work_mem: '5242kB',
    }],
    ['8 GiB, 2 CPU', Size.gibibytes(8), Cpu.units(2), {
      max_connections: '100', shared_buffers: '2048MB', effective_cache_size: '6144MB', maintenance_work_mem: '512MB', work_mem: '20971kB',
    }],
    ['64 GiB, 16 CPU', Size.gibibytes(64), Cpu.units(16), {
      max_connections: '500', shared_buffers: '16384MB', effective_cache_size: '49152MB', maintenance_work_mem: '2048MB', work_mem: '33554kB',
    }],
    ['1 GiB, 600m', Size.gibibytes(1), Cpu.millis(600), {
      max_connections: '100', shared_buffers: '256MB', effective_cache_size: '768MB', maintenance_work_mem: '64MB', work_mem: '4096kB',
    }],
  ])('%s', (_, memory, cpu, expected) => {
    expect(Tuning.postgres(memory, cpu)).toEqual(expected);
  });
});

describe('Tuning.mysql', () => {
  test.each<[string, Size, { [key: string]: string }]>([
    ['1 GiB', Size.gibibytes(1), { innodb_buffer_pool_size: String(640 * 2 ** 20), innodb_buffer_pool_instances: '1', max_connections: '200' }],
    ['8 GiB', Size.gibibytes(8), { innodb_buffer_pool_size: String(5632 * 2 ** 20), innodb_buffer_pool_instances: '5', max_connections: '800' }],
    ['64 GiB', Size.gibibytes(64), { innodb_buffer_pool_size: String(45824 * 2 ** 20), innodb_buffer_pool_instances: '8', max_connections: '2000' }],
  ])('%s', (_, memory, expected) => {
    const t = Tuning.mysql(memory);
    expect(t).toEqual(expected);
    expect(Number(t.innodb_buffer_pool_size) % (128 * 2 ** 20)).toBe(0);
  });
});
