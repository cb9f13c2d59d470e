import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';

const ROOT = path.join(__dirname, '..', '..');
const fixture = (name: string, side: 'old' | 'new') => path.join(__dirname, 'fixtures', name, side);
const badInput = (name: string) => path.join(__dirname, 'bad-input', name);

/** Runs the command line in-process and captures what it writes. */
function run(...argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { write: (t: string) => { stdout += t; } }, { write: (t: string) => { stderr += t; } });
  return { code, stdout, stderr };
}

const diff = (name: string, ...options: string[]) => run('diff', fixture(name, 'old'), fixture(name, 'new'), ...options);

describe('cdk8s-dbaas diff', () => {
  test('prints a table per database and exits 0 when nothing is destructive', () => {
    const { code, stdout, stderr } = diff('pxc-scale-up');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('shop/fleet-orders (PerconaXtraDBCluster, changed): SAFE');
    expect(stdout).toMatch(/CLASS\s+OBJECT\s+FIELD\s+OLD\s+NEW\s+WHY/);
    expect(stdout).toMatch(/safe\s+PerconaXtraDBCluster shop\/fleet-orders\s+spec\.pxc\.size\s+3\s+5\s+scale up from 3 to 5/);
    expect(stdout).toContain('1 database(s) changed: 1 safe.');
  });

  test('exits 1 on a destructive change and says how to acknowledge it', () => {
    const { code, stdout } = diff('pxc-storage-shrink');
    expect(code).toBe(1);
    expect(stdout).toContain('storage cannot shrink');
    expect(stdout).toContain('If they are intended, rerun with --allow shop/fleet-orders.');
  });

  test.each([[['--allow', 'fleet-orders']], [['--allow', 'shop/fleet-orders']], [['--allow=fleet-orders']]])('%j acknowledges it', (args) => {
    const { code, stdout } = diff('pxc-removed', ...args);
    expect(code).toBe(0);
    expect(stdout).toContain('Acknowledged with --allow: shop/fleet-orders.');
  });

  test('--allow of another database does not acknowledge it', () => {
    const { code, stdout } = diff('pxc-renamed', '--allow', 'fleet-orders-v2');
    expect(code).toBe(1);
    expect(stdout).toContain('possibly renamed to fleet-orders-v2');
  });

  test('an acknowledgement that matches no database in the report is bad input: exit 2, nothing printed as a report', () => {
    const { code, stdout, stderr } = diff('pxc-scale-up', '--allow', 'fleet-typo');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('--allow fleet-typo matches no database in the report');
  });

  test('never cuts a value off: a reviewer reads all of it', () => {
    const { stdout } = diff('pxc-configuration');
    const configuration = stdout.split('\n').find(l => l.includes('spec.pxc.configuration'))!;
    expect(configuration).not.toContain('…');
    expect(configuration).toContain('[mysqld]\\n');
  });

  test('--json prints the report for machines', () => {
    const { code, stdout } = diff('cnpg-used-object-store-removed', '--json');
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ changeClass: 'destructive', blocking: ['shop/fleet-catalog'], acknowledged: [], exitCode: 1 });
    expect(report.databases[0]).toMatchObject({ database: 'shop/fleet-catalog', kind: 'Cluster', apiGroup: 'postgresql.cnpg.io', status: 'changed' });
    expect(report.databases[0].changes[0]).toMatchObject({ changeClass: 'destructive', kind: 'ObjectStore', object: 'shop/fleet-catalog-store', field: '(object)' });
  });

  test('--json lists the databases that --allow acknowledged', () => {
    const report = JSON.parse(diff('pxc-removed', '--json', '--allow', 'fleet-orders').stdout);
    expect(report).toMatchObject({ acknowledged: ['shop/fleet-orders'], blocking: [], exitCode: 0 });
  });

  test('no changes', () => {
    expect(diff('pxc-unchanged')).toEqual({ code: 0, stdout: 'No changes to any database.\n', stderr: '' });
  });

  test('multi-line values stay on one line', () => {
    expect(diff('pxc-configuration').stdout).toContain('[mysqld]\\nmax_connections=500\\n');
  });

  test('never prints the values of kinds it does not know, such as Secrets', () => {
    const { stdout } = diff('core-secret-changed');
    expect(stdout).toContain('Secret shop/fleet-orders-s3');
    expect(stdout).not.toContain('do-not-print-me');
    expect(stdout).not.toContain('rotated');
  });

  test('an output without manifests is empty, not an error', () => {
    const { code, stdout } = run('diff', fixture('pxc-scale-up', 'old'), badInput('empty'));
    expect(code).toBe(1);
    expect(stdout).toContain('database removed');
  });

  test.each([
    ['a missing directory', [fixture('pxc-scale-up', 'old'), path.join(__dirname, 'no-such-dir')], /no-such-dir: cannot read \(ENOENT\)/],
    ['a file that is not YAML', [badInput('not-yaml'), fixture('pxc-scale-up', 'new')], /broken\.yaml: not valid YAML or JSON \(document 1: /],
    ['YAML that is not Kubernetes objects', [badInput('not-kubernetes'), fixture('pxc-scale-up', 'new')],
      /values\.yaml: document 1 is not a Kubernetes object \(it needs apiVersion, kind and metadata\.name\)/],
    ['an object defined twice', [badInput('duplicate'), fixture('pxc-scale-up', 'new')], /duplicate: StorageClass fast-ssd is defined twice/],
  ])('exits 2 on %s with a clear message', (_what, locations, message) => {
    const { code, stdout, stderr } = run('diff', ...locations);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^cdk8s-dbaas diff: bad input: /);
    expect(stderr).toMatch(message);
  });

  test.each([
    [['diff', 'only-one']], [['diff', 'a', 'b', 'c']], [['diff', 'a', 'b', '--jsn']], [['diff', 'a', 'b', '--allow']], [['apply', 'a', 'b']], [[]],
  ])('exits 2 on wrong arguments %j', (argv) => {
    const { code, stderr } = run(...argv);
    expect(code).toBe(2);
    expect(stderr).toContain('Usage: cdk8s-dbaas diff OLD NEW');
  });

  test('--help exits 0', () => {
    const { code, stdout } = run('diff', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('Exit codes: 0 nothing destructive');
  });
});

describe('the cdk8s-dbaas executable', () => {
  function spawn(command: string[], args: string[]) {
    return spawnSync(command[0], [...command.slice(1), ...args], { cwd: ROOT, encoding: 'utf-8', env: { ...process.env, TS_NODE_PROJECT: 'test/tsconfig.json' } });
  }

  test('runs from source with ts-node and sets the exit code', () => {
    const result = spawn([process.execPath, '-r', 'ts-node/register/transpile-only', 'src/cli/main.ts'],
      ['diff', fixture('psmdb-scale-to-one', 'old'), fixture('psmdb-scale-to-one', 'new')]);
    expect(result.stdout).toContain('a 3-node cluster scaled to 1');
    expect(result.status).toBe(1);
  });

  const compiled = path.join(ROOT, 'lib', 'cli', 'main.js');
  (fs.existsSync(compiled) ? test : test.skip)('the compiled bin (lib/cli/main.js) exits 2 on bad input', () => {
    const result = spawn([process.execPath, compiled], ['diff', badInput('not-kubernetes'), badInput('empty')]);
    expect(result.stderr).toContain('is not a Kubernetes object');
    expect(result.status).toBe(2);
  });
});
