/**
 * What users run: the package as `npm pack` makes it, installed into a scratch cdk8s app beside cdk8s,
 * cdk8s-plus-28 and constructs, measured there against the same work without the library, in the same run:
 * - the installed package's size;
 * - `require('cdk8s-dbaas')` against `require('cdk8s-plus-28')`, each in fresh processes, interleaved;
 * - the first `new DatabaseCluster` (which loads its operator's renderer) on top of the require;
 * - `cdk8s synth` of a 50-database app against `cdk8s synth` of an app that builds the same manifests from plain
 *   ApiObjects (the floor cdk8s allows), both through the cdk8s CLI.
 * Needs a compiled package (`npx projen compile`; npm run bench compiles first) and the npm registry for the install.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { median } from './measure';

const ROOT = path.join(__dirname, '..');
const CDK8S_CLI = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');

export interface TarballResult {
  readonly packedBytes: number;
  readonly unpackedBytes: number;
  readonly requireMs: number;
  readonly cdk8sPlusRequireMs: number;
  readonly requireRatio: number;
  readonly firstClusterMs: number;
  readonly synthDatabases: number;
  readonly synthMs: number;
  readonly baselineSynthMs: number;
  readonly synthRatio: number;
}

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Packs the package and installs it, with its peers at this project's versions, into a new directory. */
function install(): { app: string; packedBytes: number; unpackedBytes: number } {
  const app = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-dbaas-tarball-'));
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', app], ROOT));
  const own = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const version = (name: string) => `${name}@${own.devDependencies[name] ?? own.peerDependencies[name]}`;
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true }));
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', path.join(app, packed.filename),
    version('cdk8s'), version('cdk8s-plus-28'), version('constructs')], app);
  return { app, packedBytes: packed.size, unpackedBytes: packed.unpackedSize };
}

/** Milliseconds one fresh process takes for `script`'s timed part (it prints them). */
function timed(app: string, script: string): number {
  return Number(run(process.execPath, ['-e', script], app).trim());
}

const requireScript = (module: string) =>
  `const t = process.hrtime.bigint(); require(${JSON.stringify(module)}); console.log(Number(process.hrtime.bigint() - t) / 1e6);`;

const FIRST_CLUSTER = `
const { App, Chart } = require('cdk8s');
const d = require('cdk8s-dbaas');
const chart = new Chart(new App(), 'first', { namespace: 'shop' });
const t = process.hrtime.bigint();
new d.DatabaseCluster(chart, 'orders', { engine: d.DatabaseEngine.mysql({ version: d.MysqlVersion.V8_0_42 }) });
console.log(Number(process.hrtime.bigint() - t) / 1e6);`;

/**
 * A realistic app: five teams, each with its backup bucket and ten databases over every engine and operator of the
 * package (Everest among them), on a database StorageClass, backed up daily with point-in-time recovery.
 */
const FLEET_APP = `
const { App, Chart } = require('cdk8s');
const d = require('cdk8s-dbaas');
process.env.CDK8S_DBAAS_SILENCE_READINESS = '1';
const app = new App();
const shared = new Chart(app, 'shared');
const fast = new d.DatabaseStorageClass(shared, 'fast', { provisioner: d.StorageProvisioner.AWS_EBS });
const engines = [
  () => d.DatabaseEngine.mysql({ version: d.MysqlVersion.V8_0_42 }),
  () => d.DatabaseEngine.mongodb({ version: d.MongodbVersion.V8_0_17 }),
  () => d.DatabaseEngine.postgres({ version: d.PostgresVersion.V17_7 }),
  () => d.DatabaseEngine.postgres({ version: d.PostgresVersion.V17_7, operator: d.Operator.CLOUDNATIVE_PG }),
  () => d.DatabaseEngine.mysql({ version: d.MysqlVersion.V8_0_42, operator: d.Operator.EVEREST }),
];
for (let team = 0; team < 5; team++) {
  const chart = new Chart(app, 'team-' + team, { namespace: 'team-' + team });
  const storage = new d.BackupStorage(chart, 'backups', {
    provider: d.BackupProvider.S3, bucket: 'acme-backups-' + team, region: 'eu-west-1', credentialsSecret: 'backup-s3',
  });
  for (let i = 0; i < 10; i++) {
    const cluster = new d.DatabaseCluster(chart, 'db-' + i, {
      engine: engines[i % engines.length](),
      storage: { storageClass: fast },
      scheduling: { antiAffinity: d.AntiAffinity.REQUIRED },
      backup: { storage, pointInTimeRecovery: true },
    });
    cluster.addBackupSchedule('daily', { schedule: (i % 60) + ' 2 * * *', retention: 7 });
  }
}
app.synth();`;

/** The floor: the same manifests from plain ApiObjects, in the same charts. */
const BASELINE_APP = `
const { ApiObject, App, Chart } = require('cdk8s');
const charts = require('./objects.json');
const app = new App();
for (const [name, objects] of Object.entries(charts)) {
  const chart = new Chart(app, name);
  objects.forEach((o, i) => new ApiObject(chart, 'o' + i, o));
}
app.synth();`;

/** Milliseconds of one `cdk8s synth` of `main` in `app`. */
function synthTime(app: string, main: string): number {
  const start = process.hrtime.bigint();
  run(process.execPath, [CDK8S_CLI, 'synth', '--app', `node ${main}`, '--output', path.join(app, `dist-${main}`), '--no-check-upgrade'], app);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The charts' objects the fleet app synthesizes, by chart file name, for the baseline. */
function writeBaselineObjects(app: string): number {
  const dist = path.join(app, 'dist-fleet.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const YAML = require('yaml') as typeof import('yaml');
  const charts: Record<string, unknown[]> = {};
  let databases = 0;
  for (const file of fs.readdirSync(dist).filter((f) => f.endsWith('.k8s.yaml'))) {
    const objects = YAML.parseAllDocuments(fs.readFileSync(path.join(dist, file), 'utf8')).map((doc) => doc.toJS()).filter(Boolean);
    charts[file.replace(/\.k8s\.yaml$/, '')] = objects;
    databases += objects.filter((o: any) => /Cluster$|MongoDB$/.test(o.kind)).length;
  }
  fs.writeFileSync(path.join(app, 'objects.json'), JSON.stringify(charts));
  return databases;
}

export function benchmarkTarball(runs: number): TarballResult {
  const { app, packedBytes, unpackedBytes } = install();
  try {
    fs.writeFileSync(path.join(app, 'fleet.js'), FLEET_APP);
    fs.writeFileSync(path.join(app, 'baseline.js'), BASELINE_APP);
    synthTime(app, 'fleet.js');
    const synthDatabases = writeBaselineObjects(app);
    synthTime(app, 'baseline.js');
    const samples = { require: [] as number[], plus: [] as number[], first: [] as number[], synth: [] as number[], baseline: [] as number[] };
    for (let i = 0; i < runs; i++) {
      samples.require.push(timed(app, requireScript('cdk8s-dbaas')));
      samples.plus.push(timed(app, requireScript('cdk8s-plus-28')));
      samples.first.push(timed(app, FIRST_CLUSTER));
      samples.synth.push(synthTime(app, 'fleet.js'));
      samples.baseline.push(synthTime(app, 'baseline.js'));
    }
    const requireMs = median(samples.require);
    const cdk8sPlusRequireMs = median(samples.plus);
    const synthMs = median(samples.synth);
    const baselineSynthMs = median(samples.baseline);
    return {
      packedBytes,
      unpackedBytes,
      requireMs,
      cdk8sPlusRequireMs,
      requireRatio: requireMs / cdk8sPlusRequireMs,
      firstClusterMs: median(samples.first),
      synthDatabases,
      synthMs,
      baselineSynthMs,
      synthRatio: synthMs / baselineSynthMs,
    };
  } finally {
    fs.rmSync(app, { recursive: true, force: true });
  }
}
