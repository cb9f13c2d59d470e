import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { buildFleet as buildExampleFleet } from '../examples/fleet';
import {
  BackupProvider, BackupStorage, DatabaseCluster, DatabaseClusterProps, Errors, HaMysql, HaPostgres, Monitoring, OnDemandBackup,
  Operator, ShardedMongo, StatusReconciler,
} from '../src';
import { EnginePair, makeEngine, registeredPairs } from './support/arbitraries';
import { schemaErrors } from './support/schema';
import {
  apiServerProblems, credentialProblems, podSecurityProblems, rbacProblems, resourceLimitProblems,
} from './support/security';

/**
 * The variants each registered target is tried with. A target may refuse one (Everest has no Prometheus, CNPG no
 * PMM): a refusal on a named prop skips that variant, and the fleet must still hold at least one variant with
 * backups and one with monitoring per target.
 */
const VARIANTS: Record<string, (storage: BackupStorage) => Partial<DatabaseClusterProps>> = {
  'backups with point-in-time recovery': (storage) => ({ backup: { storage, pointInTimeRecovery: true } }),
  'backups': (storage) => ({ backup: { storage } }),
  'PMM': () => ({ monitoring: Monitoring.pmm({ url: 'https://pmm.example.com', credentialsSecret: 'pmm-token' }) }),
  'Prometheus': () => ({ monitoring: Monitoring.prometheus() }),
  'sharded': () => ({ sharding: { shards: 2 } }),
};

interface Fleet {
  readonly objects: any[];
  /** For each registered pair (`engine/operator`), each variant: 'built' or the validation error that refused it. */
  readonly variants: Map<string, Record<string, string>>;
}

/** Every registered target with each variant it takes, the blueprints, a status reconciler and the example fleet. */
function broadFleet(): Fleet {
  const app = Testing.app();
  const variants = new Map<string, Record<string, string>>();
  for (const pair of registeredPairs()) {
    const key = `${pair.type}/${pair.operator}`;
    variants.set(key, Object.fromEntries(Object.entries(VARIANTS).map(([variant, props]) =>
      [variant, tryChart(app, `${key}/${variant}`, (chart) => cluster(chart, pair, props))])));
  }
  const blueprints = new Chart(app, 'blueprints', { namespace: 'blueprints' });
  const storage = s3(blueprints);
  new HaMysql(blueprints, 'mysql', { backup: { storage } });
  new HaPostgres(blueprints, 'pg-percona', { backup: { storage }, operator: Operator.PERCONA });
  new HaPostgres(blueprints, 'pg-cnpg', { backup: { storage }, operator: Operator.CLOUDNATIVE_PG });
  new ShardedMongo(blueprints, 'mongo', { backup: { storage } });
  new StatusReconciler(new Chart(app, 'status', { namespace: 'dbaas-system' }), 'reconciler');
  buildExampleFleet(app);
  // An app has one reconciler: the namespaced variant (a Role per namespace instead of a ClusterRole) gets its own.
  const namespacedApp = Testing.app();
  new StatusReconciler(new Chart(namespacedApp, 'status'), 'reconciler', { watchNamespaces: ['shop', 'blueprints'], replicas: 1 });
  return { objects: [...app.charts, ...namespacedApp.charts].flatMap((c) => Testing.synth(c)), variants };
}

function s3(scope: Construct): BackupStorage {
  return new BackupStorage(scope, 's3', { provider: BackupProvider.S3, bucket: 'acme-backups', region: 'eu-west-1', credentialsSecret: 'backup-s3' });
}

/** The storage Everest runs PostgreSQL backups on: an endpoint, path-style URLs, TLS not verified (see test/conformance/everest.test.ts). */
function everestPostgresS3(scope: Construct): BackupStorage {
  return new BackupStorage(scope, 's3', {
    provider: BackupProvider.S3,
    bucket: 'acme-backups',
    region: 'eu-west-1',
    endpoint: 'https://s3.eu-west-1.amazonaws.com',
    forcePathStyle: true,
    verifyTls: false,
    credentialsSecret: 'backup-s3',
  });
}

/** A cluster of the pair with a variant's props, an on-demand backup when it has backups, and a daily schedule. */
function cluster(chart: Chart, pair: EnginePair, variant: (storage: BackupStorage) => Partial<DatabaseClusterProps>): void {
  const props = variant(pair.type === 'postgres' && pair.operator === Operator.EVEREST ? everestPostgresS3(chart) : s3(chart));
  const db = new DatabaseCluster(chart, 'db', { engine: makeEngine(pair), name: 'db', ...props });
  if (props.backup) {
    db.addBackupSchedule('daily', { schedule: '0 3 * * *' });
    new OnDemandBackup(chart, 'before-upgrade', { cluster: db });
  }
}

/** Builds and synthesizes a chart in a namespace of its own: 'built', or the validation error's message (and the chart removed). */
function tryChart(app: App, id: string, build: (chart: Chart) => void): string {
  const name = id.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  const chart = new Chart(app, name, { namespace: name });
  try {
    build(chart);
    Testing.synth(chart);
    return 'built';
  } catch (e) {
    if (!Errors.isValidationError(e)) throw e;
    app.node.tryRemoveChild(chart.node.id);
    return (e as Error).message;
  }
}

describe('every synthesized manifest', () => {
  const fleet = broadFleet();
  const each = (check: (o: any) => string[]) => fleet.objects.flatMap((o) => check(o).map((p) => `${o.kind}/${o.metadata?.name}: ${p}`));

  test('the fleet covers every registered target with backups and monitoring, and a status reconciler', () => {
    const gaps = [...fleet.variants].flatMap(([pair, outcomes]) => {
      const built = (...names: string[]) => names.some((n) => outcomes[n] === 'built');
      const missing = [built('backups', 'backups with point-in-time recovery') ? [] : ['backups'], built('PMM', 'Prometheus') ? [] : ['monitoring']].flat();
      // With the outcomes, so that a failure says why the target refused each variant.
      return missing.length > 0 ? [{ pair, missing, outcomes }] : [];
    });
    expect(gaps).toEqual([]);
    expect(fleet.objects.some((o) => o.kind === 'Deployment')).toBe(true);
    expect(schemaErrors(fleet.objects)).toEqual([]);
  });

  test('carries no credential value', () => {
    expect(each(credentialProblems)).toEqual([]);
  });

  test('gives every container CPU and memory limits', () => {
    expect(each(resourceLimitProblems)).toEqual([]);
  });

  test('grants no RBAC wildcard and no Secret access outside the documented ones', () => {
    expect(each(rbacProblems)).toEqual([]);
  });

  test('runs every pod of ours under the restricted Pod Security Standard', () => {
    expect(each(podSecurityProblems)).toEqual([]);
  });

  test('names, labels and quantities are what the API server accepts', () => {
    expect(apiServerProblems(fleet.objects)).toEqual([]);
  });
});

/** The checks themselves: each must catch what it is about, or it proves nothing. */
describe('security checks', () => {
  const container = (extra: any = {}) => ({
    name: 'app',
    image: 'app:1',
    resources: { limits: { cpu: '1', memory: '1Gi' } },
    securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
    ...extra,
  });
  const deployment = (podSpec: any) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { spec: podSpec } } });

  test('a compliant Deployment passes', () => {
    const d = deployment({ containers: [container()] });
    expect([...credentialProblems(d), ...resourceLimitProblems(d), ...podSecurityProblems(d)]).toEqual([]);
  });

  test('credentials: Secret data, literal env passwords, password fields, private keys', () => {
    expect(credentialProblems({ kind: 'Secret', stringData: { a: 'b' } })).toHaveLength(1);
    expect(credentialProblems(deployment({ containers: [container({ env: [{ name: 'DB_PASSWORD', value: 'hunter2' }] })] })).join()).toContain('DB_PASSWORD');
    expect(credentialProblems(deployment({ containers: [container({ env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] })] }))).toEqual([]);
    expect(credentialProblems({ kind: 'X', spec: { pmm: { serverPassword: 'x' } } }).join()).toContain('serverPassword');
    expect(credentialProblems({ kind: 'X', spec: { note: '-----BEGIN RSA PRIVATE KEY-----' } })).toHaveLength(1);
  });

  test('limits: containers and operator components without them', () => {
    expect(resourceLimitProblems(deployment({ containers: [container({ resources: { requests: { cpu: '1' } } })] })).join()).toContain('no cpu or memory limit');
    const pxc = { kind: 'PerconaXtraDBCluster', spec: { pxc: { size: 3 }, haproxy: { enabled: false }, pmm: { enabled: true, resources: { limits: { cpu: '1' } } } } };
    expect(resourceLimitProblems(pxc)).toEqual(['spec.pxc runs containers without a cpu or memory limit', 'spec.pmm runs containers without a memory limit']);
  });

  test('RBAC: wildcards, Secrets, superuser bindings', () => {
    const role = (rule: any) => ({ kind: 'ClusterRole', metadata: { name: 'r' }, rules: [rule] });
    expect(rbacProblems(role({ apiGroups: [''], resources: ['pods'], verbs: ['*'] })).join()).toContain('verbs has a wildcard');
    expect(rbacProblems(role({ apiGroups: ['*'], resources: ['pods'], verbs: ['get'] })).join()).toContain('apiGroups has a wildcard');
    expect(rbacProblems(role({ apiGroups: [''], resources: ['secrets'], verbs: ['get'] })).join()).toContain('secrets');
    expect(rbacProblems({ kind: 'ClusterRoleBinding', roleRef: { kind: 'ClusterRole', name: 'cluster-admin' } }).join()).toContain('cluster-admin');
  });

  test('Pod Security: each restricted control', () => {
    const problems = podSecurityProblems(deployment({
      hostNetwork: true,
      volumes: [{ name: 'h', hostPath: { path: '/' } }],
      containers: [container({ securityContext: { privileged: true, capabilities: { add: ['SYS_ADMIN'] } } })],
    })).join('\n');
    for (const expected of ['host namespace', 'hostPath', 'runAsNonRoot', 'allowPrivilegeEscalation', 'drop ALL', 'seccomp', 'privileged', 'SYS_ADMIN']) {
      expect(problems).toContain(expected);
    }
  });

  test('API server: names, labels, quantities, images and non-finite numbers', () => {
    const problems = apiServerProblems([{
      kind: 'X',
      metadata: { name: 'Bad_Name', labels: { 'a b': 'c' } },
      spec: { resources: { limits: { cpu: 'NaN', memory: 'InfinityGi' } }, replicas: Infinity, image: 'Percona/PXC:8' },
    }]).join('\n');
    for (const expected of ['metadata.name', 'label', 'cpu "NaN"', 'memory "InfinityGi"', 'replicas is Infinity', 'not an image reference']) {
      expect(problems).toContain(expected);
    }
  });
});
