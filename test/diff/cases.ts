import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments, stringify } from 'yaml';

/**
 * The fixture pairs of the safe-change guard, as edits of realistic base outputs (`bases/*.yaml`): one case per
 * rule and target, plus removals, renames and operator changes. `generate-fixtures.ts` writes them to
 * `fixtures/<case>/{old,new}/`; `fixtures.test.ts` checks the committed fixtures against this table and the
 * guard's classification against `expected`.
 */

type Doc = { [key: string]: any };
type Edit = (docs: Doc[]) => void;

export interface FixtureCase {
  readonly name: string;
  /** Base files (without `.yaml`) in both outputs. */
  readonly bases: string[];
  readonly oldEdits: Edit[];
  readonly newEdits: Edit[];
  /** Every expected change as `[database ]field: class`; the database defaults to the target's database. */
  readonly expected: string[];
  readonly database: string;
  /** Text that the reasons must contain, e.g. a rename hint. */
  readonly mentions?: string[];
}

function find(docs: Doc[], kind: string, name?: string): Doc {
  const doc = docs.find(d => d.kind === kind && (name === undefined || d.metadata.name === name));
  if (!doc) throw new Error(`no ${kind} ${name ?? ''} in the base`);
  return doc;
}

function applies(edit: Edit, docs: Doc[]): boolean {
  try {
    edit(docs);
    return true;
  } catch {
    return false;
  }
}

function parent(root: Doc, dotted: string): [Doc, string] {
  const keys = dotted.split('.');
  const last = keys.pop()!;
  const holder = keys.reduce((o, k) => (o[k] ??= {}), root);
  return [holder, last];
}

/** Sets a field; numeric keys index lists (`spec.replsets.0.size`). */
export const set = (kind: string, dotted: string, value: unknown, name?: string): Edit => docs => {
  const [holder, key] = parent(find(docs, kind, name), dotted);
  // Cases share values between their old and new edits: copy so that a later edit changes one side only.
  holder[key] = JSON.parse(JSON.stringify(value));
};

export const unset = (kind: string, dotted: string, name?: string): Edit => docs => {
  const [holder, key] = parent(find(docs, kind, name), dotted);
  if (Array.isArray(holder)) holder.splice(Number(key), 1);
  else delete holder[key];
};

export const push = (kind: string, dotted: string, item: unknown): Edit => docs => {
  const [holder, key] = parent(find(docs, kind), dotted);
  holder[key].push(JSON.parse(JSON.stringify(item)));
};

export const drop = (kind: string, name?: string): Edit => docs => {
  docs.splice(docs.indexOf(find(docs, kind, name)), 1);
};

export const renameTo = (kind: string, name: string): Edit => docs => {
  find(docs, kind).metadata.name = name;
};

export const replace = (kind: string, doc: Doc): Edit => docs => {
  docs.splice(docs.indexOf(find(docs, kind)), 1, doc);
};

const BASES_DIR = path.join(__dirname, 'bases');

export function readBase(base: string): Doc[] {
  return parseAllDocuments(fs.readFileSync(path.join(BASES_DIR, `${base}.yaml`), 'utf-8')).map(d => d.toJS());
}

/** The manifest files of one side of a case: file name → YAML text. */
export function renderSide(fixture: FixtureCase, side: 'old' | 'new'): Map<string, string> {
  const bases = fixture.bases.map(readBase);
  for (const edit of side === 'old' ? fixture.oldEdits : fixture.newEdits) {
    // Each edit applies to the first base that holds its object.
    if (!bases.some(docs => applies(edit, docs))) throw new Error(`${fixture.name}: an edit of the ${side} side finds nothing to edit`);
  }
  return new Map(fixture.bases.map((base, i) => [`${base}.k8s.yaml`, bases[i].map(d => stringify(d)).join('---\n')]));
}

interface CaseOptions {
  readonly old?: Edit[];
  readonly bases?: string[];
  readonly mentions?: string[];
}

/** Cases for one target's base: `make(name, newEdits, expected, options)`. */
function casesOf(prefix: string, database: string, bases: string[]) {
  return (name: string, newEdits: Edit[], expected: string[], options: CaseOptions = {}): FixtureCase => ({
    name: `${prefix}-${name}`,
    bases: options.bases ?? bases,
    oldEdits: options.old ?? [],
    newEdits,
    expected,
    database,
    mentions: options.mentions,
  });
}

const PXC = 'PerconaXtraDBCluster';
const PSMDB = 'PerconaServerMongoDB';
const PG = 'PerconaPGCluster';
const EVEREST = 'DatabaseCluster';
const SC = 'StorageClass';
const MDB = 'MariaDB';

const pxc = casesOf('pxc', 'shop/fleet-orders', ['pxc', 'storage-class']);
const psmdb = casesOf('psmdb', 'shop/fleet-sessions', ['psmdb']);
const pg = casesOf('percona-pg', 'shop/fleet-ledger', ['percona-pg']);
const cnpg = casesOf('cnpg', 'shop/fleet-catalog', ['cnpg']);
const everest = casesOf('everest', 'shop/fleet-events', ['everest']);
const core = casesOf('core', 'shop/fleet-orders', ['pxc', 'storage-class']);
const mariadb = casesOf('mariadb', 'shop/fleet-accounts', ['mariadb']);

const pxcRequiredAntiAffinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' } }] } };
const pgManualRepo1 = [set(PG, 'spec.backups.pgbackrest.manual', { repoName: 'repo1' })];
const pgInstanceSet2 = { name: 'instance2', replicas: 2, dataVolumeClaimSpec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } } };
/** An on-demand plugin Backup of the catalog cluster, taken from `target`. */
const cnpgBackup = (target: string) => ({
  apiVersion: 'postgresql.cnpg.io/v1',
  kind: 'Backup',
  metadata: { name: 'fleet-catalog-before-migration', namespace: 'shop' },
  spec: { cluster: { name: 'fleet-catalog' }, method: 'plugin', pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' }, target },
});
const cnpgTablespace = [set('Cluster', 'spec.tablespaces', [{ name: 'archive', storage: { size: '10Gi' } }])];
const cnpgSynchronous = [set('Cluster', 'spec.postgresql.synchronous', { method: 'any', number: 1, dataDurability: 'required' })];
const cnpgCatalog = (major: number) => [
  unset('Cluster', 'spec.imageName'),
  set('Cluster', 'spec.imageCatalogRef', { apiGroup: 'postgresql.cnpg.io', kind: 'ClusterImageCatalog', name: 'postgresql', major }),
];
const everestEngine = (type: string, version: string) => [set(EVEREST, 'spec.engine.type', type), set(EVEREST, 'spec.engine.version', version)];
const everestDataImport = (dumpPath: string) => [set(EVEREST, 'spec.dataSource', { dataImport: { dataImporterName: 'pg-dump', source: { path: dumpPath } } })];
const psmdbSharding = [
  set(PSMDB, 'spec.sharding', { enabled: true, configsvrReplSet: { size: 3 }, mongos: { size: 3 } }),
];

export const CASES: FixtureCase[] = [
  // Percona XtraDB Cluster
  pxc('scale-up', [set(PXC, 'spec.pxc.size', 5)], ['spec.pxc.size: safe']),
  pxc('scale-down', [set(PXC, 'spec.pxc.size', 3)], ['spec.pxc.size: risky'], { old: [set(PXC, 'spec.pxc.size', 5)] }),
  pxc('scale-to-one', [set(PXC, 'spec.pxc.size', 1)], ['spec.pxc.size: destructive']),
  pxc('new-proxy-replica', [set(PXC, 'spec.haproxy.size', 4)], ['spec.haproxy.size: safe']),
  pxc('proxy-scale-down', [set(PXC, 'spec.haproxy.size', 2)], ['spec.haproxy.size: risky']),
  pxc('resources', [set(PXC, 'spec.pxc.resources.limits.cpu', '2')], ['spec.pxc.resources: restart']),
  pxc('configuration', [set(PXC, 'spec.pxc.configuration', '[mysqld]\nmax_connections=800\n')], ['spec.pxc.configuration: restart']),
  pxc('image-within-minor', [set(PXC, 'spec.pxc.image', 'percona/percona-xtradb-cluster:8.0.43-34.1')], ['spec.pxc.image: restart']),
  pxc('image-next-minor', [set(PXC, 'spec.pxc.image', 'percona/percona-xtradb-cluster:8.4.5-5.1')], ['spec.pxc.image: risky']),
  pxc('image-downgrade', [set(PXC, 'spec.pxc.image', 'percona/percona-xtradb-cluster:8.0.41-32.1')], ['spec.pxc.image: destructive']),
  pxc('image-major', [set(PXC, 'spec.pxc.image', 'percona/percona-xtradb-cluster:9.1.0-1.1')], ['spec.pxc.image: destructive']),
  pxc('storage-grow', [set(PXC, 'spec.pxc.volumeSpec.persistentVolumeClaim.resources.requests.storage', '50Gi')],
    ['spec.pxc.volumeSpec.persistentVolumeClaim.resources.requests.storage: safe']),
  pxc('storage-shrink', [set(PXC, 'spec.pxc.volumeSpec.persistentVolumeClaim.resources.requests.storage', '10Gi')],
    ['spec.pxc.volumeSpec.persistentVolumeClaim.resources.requests.storage: destructive']),
  pxc('storage-class', [set(PXC, 'spec.pxc.volumeSpec.persistentVolumeClaim.storageClassName', 'standard')],
    ['spec.pxc.volumeSpec.persistentVolumeClaim.storageClassName: destructive']),
  pxc('anti-affinity-weakened', [set(PXC, 'spec.pxc.affinity.advanced', pxcRequiredAntiAffinity)], ['spec.pxc.affinity: risky']),
  pxc('anti-affinity-off', [set(PXC, 'spec.pxc.affinity', { antiAffinityTopologyKey: 'none' })], ['spec.pxc.affinity: risky']),
  pxc('anti-affinity-strengthened', [set(PXC, 'spec.pxc.affinity', {})], ['spec.pxc.affinity: restart'],
    { old: [set(PXC, 'spec.pxc.affinity.advanced', pxcRequiredAntiAffinity)] }),
  pxc('pdb-removed', [unset(PXC, 'spec.pxc.podDisruptionBudget')], ['spec.pxc.podDisruptionBudget: risky']),
  pxc('pdb-loosened', [set(PXC, 'spec.pxc.podDisruptionBudget.maxUnavailable', 2)], ['spec.pxc.podDisruptionBudget: risky'],
    { mentions: ['a drain may evict 2 at once instead of 1'] }),
  pxc('pdb-rewritten', [set(PXC, 'spec.pxc.podDisruptionBudget', { minAvailable: 2 })], ['spec.pxc.podDisruptionBudget: safe'],
    { mentions: ['the same disruption budget (maxUnavailable 1 → minAvailable 2)'] }),
  pxc('pdb-rewritten-looser', [set(PXC, 'spec.pxc.podDisruptionBudget', { minAvailable: 1 })], ['spec.pxc.podDisruptionBudget: risky'],
    { mentions: ['disruption budget loosened (maxUnavailable 1 → minAvailable 1)'] }),
  pxc('cr-version-downgrade', [set(PXC, 'spec.crVersion', '1.17.0')], ['spec.crVersion: risky'], { mentions: ['crVersion downgrade from 1.18.0 to 1.17.0'] }),
  pxc('cr-version-upgrade', [set(PXC, 'spec.crVersion', '1.19.0')], ['spec.crVersion: restart'], { mentions: ['crVersion raised'] }),
  pxc('pitr-off', [set(PXC, 'spec.backup.pitr.enabled', false)], ['spec.backup.pitr: risky']),
  pxc('pitr-on', [set(PXC, 'spec.backup.pitr.enabled', true)], ['spec.backup.pitr: safe'], { old: [set(PXC, 'spec.backup.pitr.enabled', false)] }),
  pxc('retention-shortened', [set(PXC, 'spec.backup.schedule.0.retention.count', 3)], ['spec.backup.schedule[daily].retention.count: risky']),
  pxc('new-schedule', [push(PXC, 'spec.backup.schedule', { name: 'weekly', schedule: '0 3 * * 0', storageName: 's3-archive', keep: 4 })],
    ['spec.backup.schedule[weekly]: safe']),
  pxc('schedule-time', [set(PXC, 'spec.backup.schedule.0.schedule', '30 1 * * *')], ['spec.backup.schedule[daily].schedule: safe']),
  pxc('schedule-removed', [unset(PXC, 'spec.backup.schedule.0')], ['spec.backup.schedule[daily]: risky']),
  pxc('used-storage-removed', [unset(PXC, 'spec.backup.storages.s3-main')], ['spec.backup.storages.s3-main: destructive']),
  pxc('unused-storage-removed', [unset(PXC, 'spec.backup.storages.s3-archive')], ['spec.backup.storages.s3-archive: risky']),
  pxc('storage-bucket-changed', [set(PXC, 'spec.backup.storages.s3-archive.s3.bucket', 'archive-2/shop')], ['spec.backup.storages.s3-archive.s3: risky']),
  pxc('proxy-switched', [set(PXC, 'spec.haproxy', { enabled: false }), set(PXC, 'spec.proxysql', { enabled: true, size: 3, image: 'percona/proxysql2:2.7.3' })],
    ['spec.haproxy: risky', 'spec.proxysql: destructive']),
  pxc('paused', [set(PXC, 'spec.pause', true)], ['spec.pause: risky']),
  pxc('unlisted-field', [set(PXC, 'spec.tls.SANs', ['orders.example.com'])], ['spec.tls.SANs: restart']),

  // Percona Server for MongoDB
  psmdb('scale-up', [set(PSMDB, 'spec.replsets.0.size', 5)], ['spec.replsets[rs0].size: safe']),
  psmdb('scale-down', [set(PSMDB, 'spec.replsets.0.size', 3)], ['spec.replsets[rs0].size: risky'], { old: [set(PSMDB, 'spec.replsets.0.size', 5)] }),
  psmdb('scale-to-one', [set(PSMDB, 'spec.replsets.0.size', 1)], ['spec.replsets[rs0].size: destructive']),
  psmdb('resources', [set(PSMDB, 'spec.replsets.0.resources.limits.memory', '4Gi')], ['spec.replsets[rs0].resources: restart']),
  psmdb('configuration', [set(PSMDB, 'spec.replsets.0.configuration', 'operationProfiling:\n  mode: all\n')], ['spec.replsets[rs0].configuration: restart']),
  psmdb('image-within-minor', [set(PSMDB, 'spec.image', 'percona/percona-server-mongodb:8.0.19-7')], ['spec.image: restart']),
  psmdb('major-sequential', [set(PSMDB, 'spec.image', 'percona/percona-server-mongodb:8.0.17-6')], ['spec.image: risky'],
    { old: [set(PSMDB, 'spec.image', 'percona/percona-server-mongodb:7.0.24-13')] }),
  psmdb('major-skipped', [set(PSMDB, 'spec.image', 'percona/percona-server-mongodb:8.0.17-6')], ['spec.image: destructive'],
    { old: [set(PSMDB, 'spec.image', 'percona/percona-server-mongodb:6.0.25-20')] }),
  psmdb('downgrade', [set(PSMDB, 'spec.image', 'percona/percona-server-mongodb:7.0.24-13')], ['spec.image: destructive']),
  psmdb('storage-shrink', [set(PSMDB, 'spec.replsets.0.volumeSpec.persistentVolumeClaim.resources.requests.storage', '10Gi')],
    ['spec.replsets[rs0].volumeSpec.persistentVolumeClaim.resources.requests.storage: destructive']),
  psmdb('storage-class', [set(PSMDB, 'spec.replsets.0.volumeSpec.persistentVolumeClaim.storageClassName', 'standard')],
    ['spec.replsets[rs0].volumeSpec.persistentVolumeClaim.storageClassName: destructive']),
  psmdb('anti-affinity-off', [set(PSMDB, 'spec.replsets.0.affinity.antiAffinityTopologyKey', 'none')], ['spec.replsets[rs0].affinity: risky']),
  psmdb('pdb-removed', [unset(PSMDB, 'spec.replsets.0.podDisruptionBudget')], ['spec.replsets[rs0].podDisruptionBudget: risky']),
  psmdb('pdb-rewritten', [set(PSMDB, 'spec.replsets.0.podDisruptionBudget', { minAvailable: 2 })], ['spec.replsets[rs0].podDisruptionBudget: safe'],
    { mentions: ['the same disruption budget'] }),
  psmdb('pdb-percentage', [set(PSMDB, 'spec.replsets.0.podDisruptionBudget', { maxUnavailable: '50%' })], ['spec.replsets[rs0].podDisruptionBudget: risky'],
    { mentions: ['a drain may evict 2 at once instead of 1'] }),
  psmdb('sharding-enabled', psmdbSharding, ['spec.sharding: destructive']),
  psmdb('sharding-disabled', [set(PSMDB, 'spec.sharding', { enabled: false })], ['spec.sharding: destructive'], { old: psmdbSharding }),
  psmdb('mongos-scale-down', [...psmdbSharding, set(PSMDB, 'spec.sharding.mongos.size', 2)], ['spec.sharding.mongos.size: risky'], { old: psmdbSharding }),
  psmdb('config-servers-below-three', [...psmdbSharding, set(PSMDB, 'spec.sharding.configsvrReplSet.size', 2)],
    ['spec.sharding.configsvrReplSet.size: destructive'], { old: psmdbSharding, mentions: ['require at least 3'] }),
  psmdb('config-servers-to-one', [...psmdbSharding, set(PSMDB, 'spec.sharding.configsvrReplSet.size', 1)],
    ['spec.sharding.configsvrReplSet.size: destructive'], { old: psmdbSharding }),
  psmdb('new-shard', [push(PSMDB, 'spec.replsets', { name: 'rs1', size: 3 })], ['spec.replsets[rs1]: safe']),
  psmdb('shard-removed', [], ['spec.replsets[rs1]: destructive'], { old: [push(PSMDB, 'spec.replsets', { name: 'rs1', size: 3 })], mentions: ['the data on it is gone'] }),
  psmdb('cr-version-downgrade', [set(PSMDB, 'spec.crVersion', '1.20.1')], ['spec.crVersion: risky'], { mentions: ['crVersion downgrade'] }),
  psmdb('replset-renamed', [set(PSMDB, 'spec.replsets.0.name', 'rs1')], ['spec.replsets[rs0]: destructive', 'spec.replsets[rs1]: safe'],
    { mentions: ['replica set rs0 possibly renamed to rs1'] }),
  psmdb('pitr-off', [set(PSMDB, 'spec.backup.pitr.enabled', false)], ['spec.backup.pitr: risky']),
  psmdb('retention-shortened', [set(PSMDB, 'spec.backup.tasks.0.keep', 3)], ['spec.backup.tasks[daily].keep: risky']),
  psmdb('new-schedule', [push(PSMDB, 'spec.backup.tasks', { name: 'hourly', enabled: true, schedule: '0 * * * *', keep: 24, storageName: 's3-main' })],
    ['spec.backup.tasks[hourly]: safe']),
  psmdb('schedule-disabled', [set(PSMDB, 'spec.backup.tasks.0.enabled', false)], ['spec.backup.tasks[daily].enabled: risky']),
  psmdb('used-storage-removed', [unset(PSMDB, 'spec.backup.storages.s3-main')], ['spec.backup.storages.s3-main: destructive']),
  psmdb('backups-off', [set(PSMDB, 'spec.backup.enabled', false)], ['spec.backup.enabled: risky']),

  // Percona Operator for PostgreSQL
  pg('scale-up', [set(PG, 'spec.instances.0.replicas', 4)], ['spec.instances[instance1].replicas: safe']),
  pg('scale-down', [set(PG, 'spec.instances.0.replicas', 2)], ['spec.instances[instance1].replicas: risky']),
  pg('scale-to-one', [set(PG, 'spec.instances.0.replicas', 1)], ['spec.instances[instance1].replicas: destructive']),
  pg('resources', [set(PG, 'spec.instances.0.resources.limits.cpu', '2')], ['spec.instances[instance1].resources: restart']),
  pg('parameters', [set(PG, 'spec.patroni.dynamicConfiguration.postgresql.parameters.max_connections', 400)],
    ['spec.patroni.dynamicConfiguration.postgresql.parameters: restart']),
  pg('image-within-major', [set(PG, 'spec.image', 'percona/percona-distribution-postgresql:17.8-1')], ['spec.image: restart']),
  pg('image-downgrade', [set(PG, 'spec.image', 'percona/percona-distribution-postgresql:17.6-1')], ['spec.image: destructive']),
  pg('major-upgrade', [set(PG, 'spec.postgresVersion', 18), set(PG, 'spec.image', 'percona/percona-distribution-postgresql:18.1-1')],
    ['spec.postgresVersion: destructive', 'spec.image: destructive']),
  pg('storage-grow', [set(PG, 'spec.instances.0.dataVolumeClaimSpec.resources.requests.storage', '40Gi')],
    ['spec.instances[instance1].dataVolumeClaimSpec.resources.requests.storage: safe']),
  pg('storage-shrink', [set(PG, 'spec.instances.0.dataVolumeClaimSpec.resources.requests.storage', '10Gi')],
    ['spec.instances[instance1].dataVolumeClaimSpec.resources.requests.storage: destructive']),
  pg('storage-class', [set(PG, 'spec.instances.0.dataVolumeClaimSpec.storageClassName', 'standard')],
    ['spec.instances[instance1].dataVolumeClaimSpec.storageClassName: destructive']),
  pg('anti-affinity-removed', [unset(PG, 'spec.instances.0.affinity')], ['spec.instances[instance1].affinity: risky']),
  pg('min-available-lowered', [set(PG, 'spec.instances.0.minAvailable', 1)], ['spec.instances[instance1].minAvailable: risky'],
    { mentions: ['a drain may evict 2 at once instead of 1'] }),
  pg('postgres-version-downgrade', [set(PG, 'spec.postgresVersion', 16), set(PG, 'spec.image', 'percona/percona-distribution-postgresql:16.11-1')],
    ['spec.postgresVersion: destructive', 'spec.image: destructive'], { mentions: ['downgrade from 17 to 16'] }),
  pg('pdb-removed', [unset(PG, 'spec.instances.0.minAvailable')], ['spec.instances[instance1].minAvailable: risky']),
  pg('new-pgbouncer-replica', [set(PG, 'spec.proxy.pgBouncer.replicas', 3)], ['spec.proxy.pgBouncer.replicas: safe']),
  pg('retention-shortened', [set(PG, 'spec.backups.pgbackrest.global.repo1-retention-full', '3')],
    ['spec.backups.pgbackrest.global.repo1-retention-full: risky']),
  pg('new-schedule', [set(PG, 'spec.backups.pgbackrest.repos.1.schedules', { full: '0 3 * * 0' })], ['spec.backups.pgbackrest.repos[repo2].schedules.full: safe']),
  pg('scheduled-repo-removed', [unset(PG, 'spec.backups.pgbackrest.repos.0')], ['spec.backups.pgbackrest.repos[repo1]: destructive']),
  pg('manual-backup-repo-removed', [...pgManualRepo1, unset(PG, 'spec.backups.pgbackrest.repos.0')], ['spec.backups.pgbackrest.repos[repo1]: destructive'],
    { old: pgManualRepo1 }),
  pg('volume-repo-removed', [], ['spec.backups.pgbackrest.repos[repo3]: destructive'], {
    old: [push(PG, 'spec.backups.pgbackrest.repos', { name: 'repo3', volume: { volumeClaimSpec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '50Gi' } } } } })],
  }),
  pg('unscheduled-repo-removed', [unset(PG, 'spec.backups.pgbackrest.repos.1')], ['spec.backups.pgbackrest.repos[repo2]: risky']),
  pg('instance-set-added', [push(PG, 'spec.instances', pgInstanceSet2)], ['spec.instances[instance2]: safe']),
  pg('cr-version-upgrade', [set(PG, 'spec.crVersion', '2.9.0')], ['spec.crVersion: restart']),
  pg('instance-set-removed', [], ['spec.instances[instance2]: risky'], { old: [push(PG, 'spec.instances', pgInstanceSet2)] }),
  pg('instance-set-renamed', [set(PG, 'spec.instances.0.name', 'instance2')], ['spec.instances[instance1]: destructive', 'spec.instances[instance2]: safe'],
    { mentions: ['instance set instance1 possibly renamed to instance2'] }),

  // CloudNativePG
  cnpg('backup-spec-changed', [replace('ScheduledBackup', cnpgBackup('prefer-standby'))], ['spec.target: risky'], { old: [replace('ScheduledBackup', cnpgBackup('primary'))] }),
  cnpg('scale-up', [set('Cluster', 'spec.instances', 5)], ['spec.instances: safe']),
  cnpg('scale-down', [set('Cluster', 'spec.instances', 2)], ['spec.instances: risky']),
  cnpg('scale-to-one', [set('Cluster', 'spec.instances', 1)], ['spec.instances: destructive']),
  cnpg('resources', [set('Cluster', 'spec.resources.requests.memory', '3Gi')], ['spec.resources: restart']),
  cnpg('parameters', [set('Cluster', 'spec.postgresql.parameters.work_mem', '16MB')], ['spec.postgresql.parameters: restart']),
  cnpg('image-within-major', [set('Cluster', 'spec.imageName', 'ghcr.io/cloudnative-pg/postgresql:17.8-system-trixie')], ['spec.imageName: restart']),
  cnpg('image-major-plus-one', [set('Cluster', 'spec.imageName', 'ghcr.io/cloudnative-pg/postgresql:18.1-system-trixie')], ['spec.imageName: risky']),
  cnpg('image-major-skipped', [set('Cluster', 'spec.imageName', 'ghcr.io/cloudnative-pg/postgresql:17.7-system-trixie')], ['spec.imageName: risky'],
    { old: [set('Cluster', 'spec.imageName', 'ghcr.io/cloudnative-pg/postgresql:15.14-system-trixie')] }),
  cnpg('image-downgrade', [set('Cluster', 'spec.imageName', 'ghcr.io/cloudnative-pg/postgresql:16.11-system-trixie')], ['spec.imageName: destructive']),
  cnpg('storage-grow', [set('Cluster', 'spec.storage.size', '30Gi')], ['spec.storage.size: safe']),
  cnpg('storage-shrink', [set('Cluster', 'spec.storage.size', '10Gi')], ['spec.storage.size: destructive']),
  cnpg('storage-class', [set('Cluster', 'spec.storage.storageClass', 'standard')], ['spec.storage.storageClass: destructive']),
  cnpg('wal-storage-removed', [], ['spec.walStorage: destructive'], { old: [set('Cluster', 'spec.walStorage', { size: '5Gi' })], mentions: ['the webhook refuses it'] }),
  cnpg('pvc-template-storage-class', [set('Cluster', 'spec.storage.pvcTemplate', { storageClassName: 'standard' })],
    ['spec.storage.pvcTemplate.storageClassName: destructive'], { old: [set('Cluster', 'spec.storage.pvcTemplate', { storageClassName: 'fast-ssd' })] }),
  cnpg('tablespace-added', cnpgTablespace, ['spec.tablespaces[archive]: safe']),
  cnpg('tablespace-removed', [], ['spec.tablespaces[archive]: destructive'], { old: cnpgTablespace, mentions: ['a tablespace cannot be removed'] }),
  cnpg('tablespace-shrunk', [...cnpgTablespace, set('Cluster', 'spec.tablespaces.0.storage.size', '5Gi')], ['spec.tablespaces[archive].storage.size: destructive'],
    { old: cnpgTablespace }),
  cnpg('service-account-changed', [set('Cluster', 'spec.serviceAccountName', 'catalog-sa')], ['spec.serviceAccountName: risky'],
    { old: [set('Cluster', 'spec.serviceAccountName', 'fleet-catalog')], mentions: ['immutable: the API server refuses the change'] }),
  cnpg('pooler-service-account-changed', [set('Pooler', 'spec.serviceAccountName', 'catalog-pooler-b')], ['spec.serviceAccountName: risky'],
    { old: [set('Pooler', 'spec.serviceAccountName', 'catalog-pooler-a')], mentions: ['immutable: the API server refuses the change'] }),
  cnpg('pooler-cluster-changed', [set('Pooler', 'spec.cluster.name', 'fleet-catalog-2')], ['spec.cluster.name: risky'],
    { mentions: ['immutable: the API server refuses the change'] }),
  cnpg('schedule-cluster-changed', [set('ScheduledBackup', 'spec.cluster.name', 'fleet-catalog-2')], ['spec.cluster.name: risky'],
    { mentions: ['immutable: the API server refuses the change'] }),
  cnpg('bootstrap-changed', [set('Cluster', 'spec.bootstrap', { initdb: { database: 'catalog', owner: 'catalog' } })], ['spec.bootstrap: risky'],
    { old: [set('Cluster', 'spec.bootstrap', { initdb: { database: 'app', owner: 'app' } })], mentions: ['has no effect on an existing cluster'] }),
  cnpg('image-catalog-same-major', cnpgCatalog(17), ['spec: restart'], { mentions: ['imageName → imageCatalogRef within PostgreSQL 17'] }),
  cnpg('image-catalog-next-major', cnpgCatalog(18), ['spec: risky'], { mentions: ['PostgreSQL 17 → 18: offline in-place pg_upgrade'] }),
  cnpg('image-catalog-to-image-name', [], ['spec: restart'], { old: cnpgCatalog(17) }),
  cnpg('synchronous-weakened', [...cnpgSynchronous, set('Cluster', 'spec.postgresql.synchronous.dataDurability', 'preferred')],
    ['spec.postgresql.synchronous: risky'], { old: cnpgSynchronous, mentions: ['synchronous replication weakened (1 → 0'] }),
  cnpg('synchronous-off', [], ['spec.postgresql.synchronous: risky'], { old: cnpgSynchronous, mentions: ['synchronous replication turned off'] }),
  cnpg('synchronous-on', cnpgSynchronous, ['spec.postgresql.synchronous: safe']),
  cnpg('replica-mode-on', [set('Cluster', 'spec.replica', { enabled: true, source: 'fleet-catalog-origin' })], ['spec.replica: risky'],
    { mentions: ['the cluster is demoted'] }),
  cnpg('replica-source-changed', [set('Cluster', 'spec.replica', { enabled: true, source: 'fleet-catalog-dr' })], ['spec.replica.source: risky'],
    { old: [set('Cluster', 'spec.replica', { enabled: true, source: 'fleet-catalog-origin' })] }),
  cnpg('replica-mode-off', [set('Cluster', 'spec.replica', { enabled: false, source: 'fleet-catalog-origin' })], ['spec.replica: risky'],
    { old: [set('Cluster', 'spec.replica', { enabled: true, source: 'fleet-catalog-origin' })], mentions: ['the cluster is promoted'] }),
  cnpg('anti-affinity-weakened', [set('Cluster', 'spec.affinity.podAntiAffinityType', 'preferred')], ['spec.affinity: risky']),
  cnpg('anti-affinity-off', [set('Cluster', 'spec.affinity.enablePodAntiAffinity', false)], ['spec.affinity: risky']),
  cnpg('pdb-disabled', [set('Cluster', 'spec.enablePDB', false)], ['spec.enablePDB: risky']),
  cnpg('wal-archiving-off', [set('Cluster', 'spec.plugins.0.isWALArchiver', false)], ['spec.plugins[barman-cloud.cloudnative-pg.io].isWALArchiver: risky']),
  cnpg('backup-plugin-removed', [unset('Cluster', 'spec.plugins')], ['spec.plugins[barman-cloud.cloudnative-pg.io]: risky']),
  cnpg('new-pooler-replica', [set('Pooler', 'spec.instances', 3)], ['spec.instances: safe']),
  cnpg('pooler-scale-down', [set('Pooler', 'spec.instances', 1)], ['spec.instances: risky']),
  cnpg('pooler-removed', [drop('Pooler'), drop('PodDisruptionBudget')], ['(object): risky', '(object): risky']),
  cnpg('pooler-pdb-removed', [drop('PodDisruptionBudget')], ['(object): risky']),
  cnpg('pooler-pdb-loosened', [set('PodDisruptionBudget', 'spec.maxUnavailable', 2)], ['spec: risky'], { mentions: ['a drain may evict 2 at once instead of 1'] }),
  cnpg('pooler-pdb-rewritten', [unset('PodDisruptionBudget', 'spec.maxUnavailable'), set('PodDisruptionBudget', 'spec.minAvailable', 1)], ['spec: safe'],
    { mentions: ['the same disruption budget (maxUnavailable 1 → minAvailable 1)'] }),
  cnpg('pooler-pdb-rewritten-looser', [unset('PodDisruptionBudget', 'spec.maxUnavailable'), set('PodDisruptionBudget', 'spec.minAvailable', 0)], ['spec: risky'],
    { mentions: ['disruption budget loosened (maxUnavailable 1 → minAvailable 0)'] }),
  cnpg('pooler-pdb-selector', [set('PodDisruptionBudget', 'spec.selector.matchLabels.tier', 'pooler')], ['spec.selector.matchLabels.tier: safe']),
  cnpg('retention-shortened', [set('ObjectStore', 'spec.retentionPolicy', '7d')], ['spec.retentionPolicy: risky']),
  cnpg('retention-lengthened', [set('ObjectStore', 'spec.retentionPolicy', '8w')], ['spec.retentionPolicy: safe']),
  cnpg('new-schedule', [], ['(object): safe'], { old: [drop('ScheduledBackup')] }),
  cnpg('schedule-time', [set('ScheduledBackup', 'spec.schedule', '0 30 1 * * *')], ['spec.schedule: safe']),
  cnpg('schedule-suspended', [set('ScheduledBackup', 'spec.suspend', true)], ['spec.suspend: risky']),
  cnpg('used-object-store-removed', [drop('ObjectStore')], ['(object): destructive']),
  cnpg('unused-object-store-removed', [drop('ObjectStore'), unset('Cluster', 'spec.plugins')], ['(object): risky', 'spec.plugins[barman-cloud.cloudnative-pg.io]: risky']),

  // OpenEverest DatabaseCluster
  everest('scale-up', [set(EVEREST, 'spec.engine.replicas', 5)], ['spec.engine.replicas: safe']),
  everest('scale-down', [set(EVEREST, 'spec.engine.replicas', 3)], ['spec.engine.replicas: risky'], { old: [set(EVEREST, 'spec.engine.replicas', 5)] }),
  everest('scale-to-one', [set(EVEREST, 'spec.engine.replicas', 1)], ['spec.engine.replicas: destructive']),
  everest('new-proxy-replica', [set(EVEREST, 'spec.proxy.replicas', 4)], ['spec.proxy.replicas: safe']),
  everest('resources', [set(EVEREST, 'spec.engine.resources.cpu', '2')], ['spec.engine.resources: restart']),
  everest('config', [set(EVEREST, 'spec.engine.config', 'operationProfiling:\n  mode: all\n')], ['spec.engine.config: restart']),
  everest('version-within-minor', [set(EVEREST, 'spec.engine.version', '8.0.19-7')], ['spec.engine.version: restart']),
  everest('psmdb-major-sequential', [], ['spec.engine.version: risky'], { old: [set(EVEREST, 'spec.engine.version', '7.0.24-13')] }),
  everest('psmdb-major-skipped', [], ['spec.engine.version: destructive'], { old: [set(EVEREST, 'spec.engine.version', '6.0.25-20')] }),
  everest('downgrade', [set(EVEREST, 'spec.engine.version', '8.0.12-4')], ['spec.engine.version: destructive']),
  everest('pxc-major', everestEngine('pxc', '9.1.0-1'), ['spec.engine.version: destructive'], { old: everestEngine('pxc', '8.4.5-5') }),
  everest('postgresql-major', everestEngine('postgresql', '17.7'), ['spec.engine.version: destructive'], { old: everestEngine('postgresql', '16.11') }),
  everest('engine-type-changed', [set(EVEREST, 'spec.engine.type', 'pxc'), set(EVEREST, 'spec.engine.version', '8.0.42-33')], ['spec.engine: destructive'],
    { mentions: ['the API server refuses it'] }),
  everest('storage-shrink', [set(EVEREST, 'spec.engine.storage.size', '10Gi')], ['spec.engine.storage.size: destructive']),
  everest('storage-class', [set(EVEREST, 'spec.engine.storage.class', 'standard')], ['spec.engine.storage.class: destructive']),
  everest('sharding-disabled', [set(EVEREST, 'spec.sharding.enabled', false)], ['spec.sharding: destructive']),
  everest('shard-removed', [set(EVEREST, 'spec.sharding.shards', 1)], ['spec.sharding.shards: destructive']),
  everest('new-shard', [set(EVEREST, 'spec.sharding.shards', 3)], ['spec.sharding.shards: safe']),
  everest('pitr-off', [set(EVEREST, 'spec.backup.pitr.enabled', false)], ['spec.backup.pitr: risky']),
  everest('retention-shortened', [set(EVEREST, 'spec.backup.schedules.0.retentionCopies', 2)], ['spec.backup.schedules[daily].retentionCopies: risky']),
  everest('new-schedule', [push(EVEREST, 'spec.backup.schedules', { name: 'hourly', enabled: true, schedule: '0 * * * *', backupStorageName: 's3-main' })],
    ['spec.backup.schedules[hourly]: safe']),
  everest('used-backup-storage-removed', [drop('BackupStorage')], ['(object): destructive']),
  everest('unused-backup-storage-removed', [drop('BackupStorage'), unset(EVEREST, 'spec.backup')],
    ['(object): risky', 'spec.backup.pitr: risky', 'spec.backup.schedules[daily]: risky']),
  everest('backup-storage-moved', [set('BackupStorage', 'spec.bucket', 'backups-2')], ['spec.bucket: risky']),
  everest('weaker-policy-named', [set(EVEREST, 'spec.podSchedulingPolicyName', 'everest-default')], ['spec.podSchedulingPolicyName: risky']),
  everest('policy-weakened', [set('PodSchedulingPolicy', 'spec.affinityConfig.psmdb.engine', {}, 'everest-strict')], ['spec.affinityConfig: risky']),
  everest('paused', [set(EVEREST, 'spec.paused', true)], ['spec.paused: risky']),
  everest('cr-version-downgrade', [set(EVEREST, 'spec.engine.crVersion', '1.20.1')], ['spec.engine.crVersion: risky'],
    { old: [set(EVEREST, 'spec.engine.crVersion', '1.21.2')], mentions: ['crVersion downgrade'] }),
  everest('config-servers-below-three', [set(EVEREST, 'spec.sharding.configServer.replicas', 2)], ['spec.sharding.configServer.replicas: destructive'],
    { mentions: ['require at least 3'] }),
  everest('load-balancer-config-cleared', [unset(EVEREST, 'spec.proxy.expose.loadBalancerConfigName')], ['spec.proxy.expose.loadBalancerConfigName: risky'],
    { mentions: ['cannot be cleared once set'] }),
  everest('load-balancer-config-renamed', [set(EVEREST, 'spec.proxy.expose.loadBalancerConfigName', 'shop-public'), renameTo('LoadBalancerConfig', 'shop-public')],
    ['spec.proxy.expose.loadBalancerConfigName: safe', '(object): safe', '(object): safe']),
  everest('load-balancer-annotations', [set('LoadBalancerConfig', 'spec.annotations.tier', 'gold')], ['spec.annotations.tier: safe'],
    { mentions: ['Service annotations changed'] }),
  everest('load-balancer-config-removed', [drop('LoadBalancerConfig')], ['(object): risky'], { mentions: ['LoadBalancerConfig removed while databases name it'] }),
  everest('data-source-changed', [set(EVEREST, 'spec.dataSource', { dbClusterBackupName: 'fleet-events-2' })], ['spec.dataSource: risky'],
    { old: [set(EVEREST, 'spec.dataSource', { dbClusterBackupName: 'fleet-events-1' })], mentions: ['has no effect on an existing cluster'] }),
  everest('data-source-removed', [], ['spec.dataSource: safe'], { old: [set(EVEREST, 'spec.dataSource', { dbClusterBackupName: 'fleet-events-1' })] }),
  everest('data-import-changed', everestDataImport('/dumps/b'), ['spec.dataSource: risky'],
    { old: everestDataImport('/dumps/a'), mentions: ['immutable: the API server refuses the change'] }),
  everest('split-horizon-changed', [set(EVEREST, 'spec.engineFeatures.psmdb.splitHorizonDnsConfigName', 'shop-b')],
    ['spec.engineFeatures.psmdb.splitHorizonDnsConfigName: risky'], { old: [set(EVEREST, 'spec.engineFeatures.psmdb.splitHorizonDnsConfigName', 'shop-a')] }),
  everest('active-storage-changed', [set(EVEREST, 'spec.backup.schedules.0.backupStorageName', 's3-archive'), set(EVEREST, 'spec.backup.pitr.backupStorageName', 's3-archive')],
    ['spec.backup.schedules[daily].backupStorageName: risky', 'spec.backup.pitr.backupStorageName: risky'], { mentions: ['the active backup storage of a PSMDB cluster changed'] }),
  everest('second-storage', [set(EVEREST, 'spec.backup.schedules.0.backupStorageName', 's3-archive')],
    ['spec.backup.schedules[daily].backupStorageName: destructive'], { mentions: ['now use several storages'] }),

  // MariaDB operator
  mariadb('scale-up', [set(MDB, 'spec.replicas', 5)], ['spec.replicas: safe']),
  mariadb('galera-even', [set(MDB, 'spec.replicas', 4)], ['spec.replicas: destructive'], { mentions: ['CEL rule'] }),
  mariadb('storage-shrink', [set(MDB, 'spec.storage.size', '50Gi')], ['spec.storage.size: destructive']),
  mariadb('major-upgrade', [set(MDB, 'spec.image', 'mariadb:12.2.2')], ['spec.image: risky'], { mentions: ['mariadb-upgrade'] }),
  mariadb('pdb-changed', [set(MDB, 'spec.podDisruptionBudget', { minAvailable: 2 })], ['spec.podDisruptionBudget: risky']),
  mariadb('topology-switch', [unset(MDB, 'spec.galera'), set(MDB, 'spec.replication', { enabled: true })],
    ['spec.galera: destructive', 'spec.replication: destructive']),
  mariadb('schedule-cron', [set('PhysicalBackup', 'spec.schedule.cron', '0 3 * * *')], ['spec.schedule.cron: risky'], { mentions: ['immutable'] }),
  mariadb('maxscale-router', [set('MaxScale', 'spec.services.0.router', 'readconnroute')], ['spec.services[rw-router].router: risky']),
  mariadb('maxscale-removed', [drop('MaxScale'), unset(MDB, 'spec.maxScaleRef')], ['(object): risky', 'spec.maxScaleRef: risky']),

  // Core objects the databases use
  core('reclaim-policy-delete', [set(SC, 'reclaimPolicy', 'Delete')], ['reclaimPolicy: destructive']),
  core('provisioner-changed', [set(SC, 'provisioner', 'pd.csi.storage.gke.io')], ['provisioner: risky']),
  core('storage-class-removed', [drop(SC)], ['(object): risky']),
  core('volume-expansion-off', [set(SC, 'allowVolumeExpansion', false)], ['allowVolumeExpansion: risky']),
  core('unused-storage-class', [set(SC, 'parameters.type', 'io2')], ['fast-ssd parameters: risky'],
    { bases: ['storage-class'] }),
  core('secret-changed', [set('Secret', 'stringData.AWS_SECRET_ACCESS_KEY', 'rotated')], ['(object): safe'], { bases: ['pxc'] }),

  // Removals, renames and operator changes
  pxc('removed', [drop(PXC)], ['(object): destructive']),
  pxc('added', [], ['(object): safe'], { old: [drop(PXC)] }),
  pxc('renamed', [renameTo(PXC, 'fleet-orders-v2')], ['(object): destructive', 'shop/fleet-orders-v2 (object): safe'],
    { mentions: ['possibly renamed to fleet-orders-v2', 'possibly renamed from fleet-orders'] }),
  pxc('operator-changed', [replace(PXC, {
    apiVersion: 'everest.percona.com/v1alpha1',
    kind: EVEREST,
    metadata: { name: 'fleet-orders', namespace: 'shop' },
    spec: { engine: { type: 'pxc', version: '8.0.42-33', replicas: 3, storage: { size: '20Gi', class: 'fast-ssd' } }, proxy: { type: 'haproxy', replicas: 3 } },
  })], ['(object): destructive', '(object): safe'], { mentions: ['the operator changed: now a DatabaseCluster of the same name'] }),
  psmdb('renamed-namespace', [set(PSMDB, 'metadata.namespace', 'shop-v2')], ['(object): destructive', 'shop-v2/fleet-sessions (object): safe']),
  cnpg('renamed', [renameTo('Cluster', 'fleet-catalog-v2')],
    ['(object): destructive', 'shop/fleet-catalog-v2 (object): safe'], { mentions: ['possibly renamed to fleet-catalog-v2'] }),
  pxc('unchanged', [], []),
];
