import { Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  AntiAffinity, BackupProvider, DatabaseEngine, DatabaseRestore, Errors, Expose,
  Monitoring, OnDemandBackup, PostgresVersion, ProxyType, RestoreSource,
} from '../src';
import { CEL_RULES, expectCelRulesHold, postgres, Props, storage, withStorage } from './support/percona-pg';
import { refusal } from './support/refusal';
import { ofKind, only } from './support/schema';

const INSTANT = '2026-11-20T08:30:00Z';

describe('Percona PG target: the cluster', () => {
  test('maps the defaults field by field', () => {
    const { cluster, spec } = postgres();
    const s = spec();
    expect(s.crVersion).toBe('2.8.2');
    expect(s.postgresVersion).toBe(17);
    expect(s.image).toBe('percona/percona-distribution-postgresql:17.7-2');
    expect(s.imagePullPolicy).toBe('IfNotPresent');
    expect(s.port).toBe(5432);
    expect(s.pause).toBe(false);
    expect(s.tlsOnly).toBe(true);
    expect(s.autoCreateUserSchema).toBe(true);
    expect(s.extensions.builtin).toEqual({ pg_stat_monitor: true, pg_stat_statements: false, pg_audit: true, pgvector: false, pg_repack: false });
    expect(s.users).toEqual([{ name: 'fleet-orders', databases: ['fleet-orders'] }]);
    expect(s.patroni).toBeUndefined();
    expect(s.pmm).toBeUndefined();
    expect(s.dataSource).toBeUndefined();
    expect(s.expose).toBeUndefined();

    const [instance] = s.instances;
    expect(s.instances).toHaveLength(1);
    expect(instance.name).toBe('instance1');
    expect(instance.replicas).toBe(3);
    expect(instance.metadata).toEqual({ labels: { 'pgv2.percona.com/version': '2.8.2' } });
    expect(instance.resources).toEqual({ limits: { cpu: '1', memory: '2Gi' }, requests: { cpu: '1', memory: '2Gi' } });
    expect(instance.dataVolumeClaimSpec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } });
    expect(instance.sidecars).toBeUndefined();

    const bouncer = s.proxy.pgBouncer;
    expect(bouncer.replicas).toBe(3);
    expect(bouncer.image).toBe('percona/percona-pgbouncer:1.25.0-1');
    expect(bouncer.port).toBe(5432);
    expect(bouncer.exposeSuperusers).toBe(false);
    expect(bouncer.resources).toEqual({ limits: { cpu: '200m', memory: '256Mi' }, requests: { cpu: '200m', memory: '256Mi' } });
    expect(bouncer.expose).toEqual({ type: 'ClusterIP' });
    expect(bouncer.metadata).toEqual({ labels: { 'pgv2.percona.com/version': '2.8.2' } });

    expect(cluster.host).toBe('fleet-orders-pgbouncer.shop.svc');
    expect(cluster.port).toBe(5432);
    expect(cluster.credentialsSecretName).toBe('fleet-orders-pguser-fleet-orders');
    expectCelRulesHold(s);
  });

  test('a given credentials Secret becomes the application user\'s secretName', () => {
    const { cluster, spec } = postgres({ credentialsSecret: 'orders-app-password' });
    expect(spec().users).toEqual([{ name: 'fleet-orders', databases: ['fleet-orders'], secretName: 'orders-app-password' }]);
    expect(cluster.credentialsSecretName).toBe('orders-app-password');
  });

  test('storage class, resources, engine parameters, synchronous replicas and pause', () => {
    const s = postgres({
      replicas: 5,
      synchronousReplicas: 2,
      resources: { cpu: Cpu.millis(2500), memory: Size.gibibytes(8) },
      storage: { size: Size.gibibytes(100), storageClassName: 'fast-ssd' },
      config: { max_connections: '500', shared_buffers: '2GB' },
      paused: true,
    }).spec();
    expect(s.instances[0].replicas).toBe(5);
    expect(s.instances[0].resources).toEqual({ limits: { cpu: '2500m', memory: '8Gi' }, requests: { cpu: '2500m', memory: '8Gi' } });
    expect(s.instances[0].dataVolumeClaimSpec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'fast-ssd', resources: { requests: { storage: '100Gi' } } });
    expect(s.patroni).toEqual({
      dynamicConfiguration: {
        postgresql: { parameters: { max_connections: '500', shared_buffers: '2GB' } },
        synchronous_mode: true,
        synchronous_mode_strict: true,
        synchronous_node_count: 2,
      },
    });
    expect(s.pause).toBe(true);
  });

  test('engine parameters in a map without a prototype (as fast-check and Object.create(null) make them)', () => {
    const config = Object.assign(Object.create(null), { work_mem: '64MB' });
    expect(postgres({ config }).spec().patroni.dynamicConfiguration.postgresql.parameters).toEqual({ work_mem: '64MB' });
  });

  test('engine.image replaces the Percona image, and lets a version the catalogue does not list through (a newer minor of a major it has)', () => {
    const s = postgres({ engine: DatabaseEngine.postgres({ version: PostgresVersion.of('17.8'), image: 'registry.example/postgres:17.8' }) }).spec();
    expect(s.image).toBe('registry.example/postgres:17.8');
    expect(s.postgresVersion).toBe(17);
  });

  test('PostgresVersion.of with a build names the Percona image', () => {
    expect(postgres({ engine: DatabaseEngine.postgres({ version: PostgresVersion.of('16.11-2') }) }).spec().image)
      .toBe('percona/percona-distribution-postgresql:16.11-2');
  });
});

describe('Percona PG target: scheduling and disruption budgets', () => {
  test('required anti-affinity, zone spread, node selector and tolerations on instance and PgBouncer pods', () => {
    const tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }];
    const s = postgres({
      scheduling: { antiAffinity: AntiAffinity.REQUIRED, topologyKey: 'topology.kubernetes.io/zone', spreadAcrossZones: true, nodeSelector: { pool: 'db' }, tolerations },
    }).spec();
    const nodeAffinity = { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['db'] }] }] } };
    const cases: Array<[any, { [key: string]: string }]> = [
      [s.instances[0], { 'postgres-operator.crunchydata.com/cluster': 'fleet-orders', 'postgres-operator.crunchydata.com/instance-set': 'instance1' }],
      [s.proxy.pgBouncer, { 'postgres-operator.crunchydata.com/cluster': 'fleet-orders', 'postgres-operator.crunchydata.com/role': 'pgbouncer' }],
    ];
    for (const [pods, labels] of cases) {
      expect(pods.affinity).toEqual({
        podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: labels }, topologyKey: 'topology.kubernetes.io/zone' }] },
        nodeAffinity,
      });
      expect(pods.topologySpreadConstraints).toEqual([
        { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: labels } },
      ]);
      expect(pods.tolerations).toEqual(tolerations);
      // The CRD has no nodeSelector on these pods: the node labels are in the node affinity above.
      expect(pods.nodeSelector).toBeUndefined();
    }
  });

  test('preferred anti-affinity by default; none leaves no affinity at all', () => {
    const preferred = postgres().spec().instances[0].affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution;
    expect(preferred).toEqual([{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { 'postgres-operator.crunchydata.com/cluster': 'fleet-orders', 'postgres-operator.crunchydata.com/instance-set': 'instance1' } }, topologyKey: 'kubernetes.io/hostname' } }]);
    const s = postgres({ scheduling: { antiAffinity: AntiAffinity.NONE } }).spec();
    expect(s.instances[0].affinity).toBeUndefined();
    expect(s.proxy.pgBouncer.affinity).toBeUndefined();
    expect(s.instances[0].topologySpreadConstraints).toBeUndefined();
  });

  test('a node selector without anti-affinity is a node affinity alone', () => {
    const s = postgres({ scheduling: { antiAffinity: AntiAffinity.NONE, nodeSelector: { pool: 'db', disk: 'ssd' } } }).spec();
    expect(s.instances[0].affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{
            matchExpressions: [
              { key: 'pool', operator: 'In', values: ['db'] }, { key: 'disk', operator: 'In', values: ['ssd'] },
            ],
          }],
        },
      },
    });
  });

  test('the operator\'s own PDBs let one pod go at a time, and no PodDisruptionBudget of ours is emitted', () => {
    const { spec, objects } = postgres({ proxy: { replicas: 2 } });
    expect(spec().instances[0].minAvailable).toBe(2);
    expect(spec().proxy.pgBouncer.minAvailable).toBe(1);
    expect(ofKind(objects(), 'PodDisruptionBudget')).toEqual([]);
  });

  test('a single-node development cluster does not block node drains', () => {
    const s = postgres({ replicas: 1, singleNodeDevelopment: true }).spec();
    expect(s.instances[0].replicas).toBe(1);
    expect(s.instances[0].minAvailable).toBe(0);
    expect(s.proxy.pgBouncer.replicas).toBe(1);
    expect(s.proxy.pgBouncer.minAvailable).toBe(0);
  });
});

describe('Percona PG target: exposure', () => {
  test('PgBouncer behind a LoadBalancer with source ranges and annotations', () => {
    const s = postgres({
      proxy: { type: ProxyType.PGBOUNCER, replicas: 2, resources: { cpu: Cpu.millis(300), memory: Size.mebibytes(512) } },
      expose: Expose.loadBalancer({ sourceRanges: ['10.0.0.0/8', '192.168.1.1'], annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } }),
    }).spec();
    expect(s.proxy.pgBouncer.expose).toEqual({
      type: 'LoadBalancer',
      loadBalancerSourceRanges: ['10.0.0.0/8', '192.168.1.1/32'],
      annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' },
    });
    expect(s.proxy.pgBouncer.replicas).toBe(2);
    expect(s.proxy.pgBouncer.resources).toEqual({ limits: { cpu: '300m', memory: '512Mi' }, requests: { cpu: '300m', memory: '512Mi' } });
    expect(s.expose).toBeUndefined();
  });

  test('without PgBouncer: zero PgBouncer replicas and the primary exposed through spec.expose', () => {
    const { cluster, spec } = postgres({ proxy: { type: ProxyType.NONE }, expose: Expose.loadBalancer({ sourceRanges: ['203.0.113.0/24'] }) });
    const s = spec();
    expect(s.proxy.pgBouncer.replicas).toBe(0);
    expect(s.proxy.pgBouncer.minAvailable).toBe(0);
    expect(s.proxy.pgBouncer.expose).toBeUndefined();
    expect(s.proxy.pgBouncer.affinity).toBeUndefined();
    expect(s.expose).toEqual({ type: 'LoadBalancer', loadBalancerSourceRanges: ['203.0.113.0/24'] });
    expect(cluster.host).toBe('fleet-orders-ha.shop.svc');
  });

  test('without PgBouncer on ClusterIP', () => {
    expect(postgres({ proxy: { type: ProxyType.NONE } }).spec().expose).toEqual({ type: 'ClusterIP' });
  });
});

describe('Percona PG target: rules', () => {
  test.each<[string, Props, string, string]>([
    ['a version the catalogue does not list', { engine: DatabaseEngine.postgres({ version: PostgresVersion.of('17.8') }) }, 'engine.version', 'publishes 18.1-3, 17.7-2'],
    ['a typo in a version', { engine: DatabaseEngine.postgres({ version: PostgresVersion.of('17.77') }) }, 'engine.version', 'publishes 18.1-3, 17.7-2'],
    ['a build the catalogue does not list', { engine: DatabaseEngine.postgres({ version: PostgresVersion.of('17.7-9') }) }, 'engine.version', 'publishes 18.1-3, 17.7-2'],
    ['a major Percona does not ship', { engine: DatabaseEngine.postgres({ version: PostgresVersion.of('12.22-1') }) }, 'engine.version', 'publishes 18.1-3'],
    ['a major beyond the CRD', { engine: DatabaseEngine.postgres({ version: PostgresVersion.of('19.1'), image: 'example/pg:19' }) }, 'engine.version', '12 to 18'],
    ['a version that is not major.minor', { engine: DatabaseEngine.postgres({ version: PostgresVersion.of('17') }) }, 'engine.version', 'is major.minor'],
    ['a name too long with instance1', { name: 'a'.repeat(38) }, 'name', 'at most 37 characters'],
    ['the name of the PMM user', { name: 'monitor' }, 'name', 'PMM user'],
    ['the name of the superuser', { name: 'postgres' }, 'name', 'superuser'],
    ['a user Secret name longer than the CRD takes', { credentialsSecret: 's'.repeat(64) }, 'credentialsSecret', 'at most 63'],
    ['a parameter the operator sets', { config: { archive_command: '/bin/true' } }, 'config', 'override'],
    ['HAProxy', { proxy: { type: ProxyType.HAPROXY } }, 'proxy.type', 'pgbouncer, none'],
    ['one PgBouncer for three instances', { proxy: { replicas: 1 } }, 'proxy.replicas', 'at least 2'],
    ['a backup object\'s name to clone', { restoreFrom: RestoreSource.backup({ backupName: 'orders-nightly' }) }, 'restoreFrom.backupName', 'cannot be resolved at synthesis'],
    ['PMM with a bad URL', { monitoring: Monitoring.pmm({ url: 'pmm.example.com', credentialsSecret: 'pmm' }) }, 'monitoring.url', 'http(s) URL'],
  ])('refuses %s', (_, props, prop, reason) => {
    const error = refusal(() => postgres(props));
    expect(Errors.propOf(error)).toBe(prop);
    expect(error.message).toContain('[fleet/orders]');
    expect(error.message).toContain(reason);
  });

  test('accepts a name of exactly 37 characters, and a custom image of PostgreSQL 12', () => {
    expect(postgres({ name: 'a'.repeat(37) }).spec().instances[0].name).toBe('instance1');
    expect(postgres({ engine: DatabaseEngine.postgres({ version: PostgresVersion.of('12.22'), image: 'example/pg:12.22' }) }).spec().postgresVersion).toBe(12);
  });

  test('refuses an http endpoint, which pgBackRest cannot reach', () => {
    const error = refusal(() => withStorage((chart) => ({ backup: { storage: storage(chart, 'minio', { endpoint: 'http://minio.example:9000', region: undefined }) } })));
    expect(Errors.propOf(error)).toBe('backup.storage.endpoint');
    expect(error.message).toContain('HTTPS');
  });
});

describe('Percona PG target: backups', () => {
  test('no storage: backups disabled, which the CRD\'s CEL rule allows without repositories', () => {
    const s = postgres().spec();
    expect(s.backups).toEqual({ enabled: false });
    expectCelRulesHold(s);
    // The rule does refuse backups left on without a repository.
    expect(CEL_RULES.backupsNeedARepository({ backups: { pgbackrest: {} } })).toBe(false);
  });

  test('S3-compatible (MinIO): endpoint host and port, path-style URLs, TLS not verified, default region', () => {
    const { spec } = withStorage((chart) => ({
      backup: { storage: storage(chart, 'minio', { endpoint: 'https://minio.example:9000', region: undefined, forcePathStyle: true, verifyTls: false, prefix: 'pg' }) },
    }));
    const s = spec();
    expect(s.backups.enabled).toBe(true);
    expect(s.backups.trackLatestRestorableTime).toBe(true);
    const pgbackrest = s.backups.pgbackrest;
    expect(pgbackrest.image).toBe('percona/percona-pgbackrest:2.57.0-1');
    expect(pgbackrest.repos).toEqual([{ name: 'repo1', s3: { bucket: 'minio-bucket', endpoint: 'minio.example', region: 'us-east-1' } }]);
    expect(pgbackrest.global).toEqual({
      'repo1-path': '/pg/shop/fleet-orders',
      'repo1-s3-uri-style': 'path',
      'repo1-storage-port': '9000',
      'repo1-storage-verify-tls': 'n',
    });
    expect(pgbackrest.configuration).toEqual([{ secret: { name: 'minio-creds', items: [{ key: 's3.conf', path: 's3-minio-creds.conf' }] } }]);
    // The operator writes `manual` at each backup: a value of ours would drift.
    expect(pgbackrest.manual).toBeUndefined();
    expectCelRulesHold(s);
  });

  test('S3 on AWS: the regional endpoint, verified TLS, virtual-host URLs', () => {
    const s = withStorage((chart) => ({ backup: { storage: storage(chart, 'aws') } })).spec();
    expect(s.backups.pgbackrest.repos).toEqual([{ name: 'repo1', s3: { bucket: 'aws-bucket', endpoint: 's3.eu-west-1.amazonaws.com', region: 'eu-west-1' } }]);
    expect(s.backups.pgbackrest.global).toEqual({ 'repo1-path': '/shop/fleet-orders' });
  });

  test('GCS: the service account key from the Secret\'s gcsCredentials', () => {
    const s = withStorage((chart) => ({ backup: { storage: storage(chart, 'gcs', { provider: BackupProvider.GCS, region: undefined }) } })).spec();
    expect(s.backups.pgbackrest.repos).toEqual([{ name: 'repo1', gcs: { bucket: 'gcs-bucket' } }]);
    expect(s.backups.pgbackrest.global).toEqual({
      'repo1-path': '/shop/fleet-orders',
      'repo1-gcs-key': '/etc/pgbackrest/conf.d/gcs-gcs-creds.json',
      'repo1-gcs-key-type': 'service',
    });
    expect(s.backups.pgbackrest.configuration).toEqual([{ secret: { name: 'gcs-creds', items: [{ key: 'gcsCredentials', path: 'gcs-gcs-creds.json' }] } }]);
  });

  test('Azure: the container, the account and key in azure.conf', () => {
    const s = withStorage((chart) => ({ backup: { storage: storage(chart, 'azure', { provider: BackupProvider.AZURE, region: undefined }) } })).spec();
    expect(s.backups.pgbackrest.repos).toEqual([{ name: 'repo1', azure: { container: 'azure-bucket' } }]);
    expect(s.backups.pgbackrest.configuration).toEqual([{ secret: { name: 'azure-creds', items: [{ key: 'azure.conf', path: 'azure-azure-creds.conf' }] } }]);
  });

  test('point-in-time recovery needs nothing more: WAL goes to every repository', () => {
    const plain = withStorage((chart) => ({ backup: { storage: storage(chart, 's3') } })).spec();
    const pitr = withStorage((chart) => ({ backup: { storage: storage(chart, 's3'), pointInTimeRecovery: true } })).spec();
    expect(pitr.backups).toEqual(plain.backups);
  });

  test('schedules: one full schedule and a count retention per repository, in first-use order', () => {
    const { chart, cluster, spec } = withStorage((c) => ({ backup: { storage: storage(c, 'primary') } }));
    const offsite = storage(chart, 'offsite', { provider: BackupProvider.GCS, region: undefined, credentialsSecret: 'offsite-key' });
    cluster.addBackupSchedule('Nightly', { schedule: '0 2 * * *', retention: 14 });
    cluster.addBackupSchedule('Weekly', { schedule: '0 3 * * 0', retention: 4, storage: offsite });
    const s = spec();
    expect(s.backups.pgbackrest.repos).toEqual([
      { name: 'repo1', s3: { bucket: 'primary-bucket', endpoint: 's3.eu-west-1.amazonaws.com', region: 'eu-west-1' }, schedules: { full: '0 2 * * *' } },
      { name: 'repo2', gcs: { bucket: 'offsite-bucket' }, schedules: { full: '0 3 * * 0' } },
    ]);
    expect(s.backups.pgbackrest.global).toMatchObject({
      'repo1-retention-full': '14',
      'repo1-retention-full-type': 'count',
      'repo2-retention-full': '4',
      'repo2-retention-full-type': 'count',
      'repo2-path': '/shop/fleet-orders',
    });
    expect(s.backups.pgbackrest.configuration.map((c: any) => c.secret.name)).toEqual(['primary-creds', 'offsite-key']);
  });

  test('a disabled schedule keeps its repository and retention but runs nothing', () => {
    const { cluster, spec } = withStorage((c) => ({ backup: { storage: storage(c, 's3') } }));
    cluster.addBackupSchedule('Paused', { schedule: '0 2 * * *', enabled: false });
    const s = spec();
    expect(s.backups.pgbackrest.repos).toEqual([{ name: 'repo1', s3: { bucket: 's3-bucket', endpoint: 's3.eu-west-1.amazonaws.com', region: 'eu-west-1' } }]);
    expect(s.backups.pgbackrest.global['repo1-retention-full']).toBe('7');
  });

  test('two storages sharing a Secret mount it once', () => {
    const { chart, cluster, spec } = withStorage((c) => ({ backup: { storage: storage(c, 'one', { credentialsSecret: 'shared' }) } }));
    cluster.addBackupSchedule('Two', { schedule: '0 2 * * *', storage: storage(chart, 'two', { credentialsSecret: 'shared' }) });
    expect(spec().backups.pgbackrest.configuration).toEqual([{ secret: { name: 'shared', items: [{ key: 's3.conf', path: 's3-shared.conf' }] } }]);
  });

  test('refuses a second schedule on a repository', () => {
    const { cluster } = withStorage((c) => ({ backup: { storage: storage(c, 's3') } }));
    cluster.addBackupSchedule('Nightly', { schedule: '0 2 * * *' });
    const error = refusal(() => cluster.addBackupSchedule('Hourly', { schedule: '0 * * * *' }));
    expect(Errors.propOf(error)).toBe('storage');
    expect(error.message).toContain('[fleet/orders/Hourly]');
    expect(error.message).toContain('already has schedule nightly');
  });

  test('refuses a fifth repository, from a schedule or an on-demand backup', () => {
    const { chart, cluster } = withStorage((c) => ({ backup: { storage: storage(c, 's1') } }));
    ['s2', 's3', 's4'].forEach((id) => cluster.addBackupSchedule(id, { schedule: '0 2 * * *', storage: storage(chart, id) }));
    const fromSchedule = refusal(() => cluster.addBackupSchedule('s5', { schedule: '0 2 * * *', storage: storage(chart, 's5') }));
    expect(Errors.propOf(fromSchedule)).toBe('storage');
    expect(fromSchedule.message).toContain('[fleet/orders/s5]');
    expect(fromSchedule.message).toContain('at most 4 repositories');
    const fromBackup = refusal(() => new OnDemandBackup(chart, 'Extra', { cluster, storage: storage(chart, 's6') }));
    expect(Errors.propOf(fromBackup)).toBe('storage');
    expect(fromBackup.message).toContain('[fleet/Extra]');
  });

  test('refuses a schedule to an http endpoint', () => {
    const { chart, cluster } = withStorage(() => ({}));
    const error = refusal(() => cluster.addBackupSchedule('Nightly', { schedule: '0 2 * * *', storage: storage(chart, 'minio', { endpoint: 'http://minio:9000' }) }));
    expect(Errors.propOf(error)).toBe('storage.endpoint');
  });
});

describe('Percona PG target: on-demand backups, restores and clones', () => {
  test('an on-demand backup is a full PerconaPGBackup to the repository of its storage', () => {
    const { chart, cluster, objects } = withStorage((c) => ({ backup: { storage: storage(c, 'primary') } }));
    new OnDemandBackup(chart, 'Before-Upgrade', { cluster });
    new OnDemandBackup(chart, 'Offsite', { cluster, storage: storage(chart, 'offsite'), name: 'orders-offsite' });
    const all = objects();
    expect(only(all, 'PerconaPGBackup', 'fleet-orders-before-upgrade')).toMatchObject({
      metadata: { namespace: 'shop' }, spec: { pgCluster: 'fleet-orders', repoName: 'repo1', options: ['--type=full'] },
    });
    expect(only(all, 'PerconaPGBackup', 'orders-offsite').spec.repoName).toBe('repo2');
    // The storage of an on-demand backup becomes a repository of the cluster.
    expect(only(all, 'PerconaPGCluster').spec.backups.pgbackrest.repos.map((r: any) => r.name)).toEqual(['repo1', 'repo2']);
  });

  test('an on-demand backup needs a storage', () => {
    const { chart, cluster } = postgres();
    expect(Errors.propOf(refusal(() => new OnDemandBackup(chart, 'Now', { cluster })))).toBe('storage');
  });

  test('an in-place restore to an instant is a PerconaPGRestore of type time', () => {
    const { chart, cluster, objects } = withStorage((c) => ({ backup: { storage: storage(c, 'primary') } }));
    const source = RestoreSource.pointInTime({ storage: cluster._model.backup!.storage, sourceCluster: 'fleet-orders', time: INSTANT });
    new DatabaseRestore(chart, 'Rollback', { cluster, source });
    expect(only(objects(), 'PerconaPGRestore')).toEqual({
      apiVersion: 'pgv2.percona.com/v2',
      kind: 'PerconaPGRestore',
      metadata: { name: 'fleet-orders-rollback', namespace: 'shop' },
      spec: { pgCluster: 'fleet-orders', repoName: 'repo1', options: ['--type=time', '--target="2026-11-20 08:30:00+00"'] },
    });
  });

  test('an in-place restore of a backup set is a PerconaPGRestore of that label, to its consistency point', () => {
    const { chart, cluster, objects } = withStorage((c) => ({ backup: { storage: storage(c, 'primary') } }));
    new DatabaseRestore(chart, 'Undo', { cluster, source: RestoreSource.backup({ backupName: '20261120-083000F' }) });
    new DatabaseRestore(chart, 'Offsite', {
      cluster, name: 'orders-offsite', source: RestoreSource.backup({ backupName: '20261120-083000F_20261121-010000I', storage: storage(chart, 'offsite') }),
    });
    const all = objects();
    const undo = only(all, 'PerconaPGRestore', 'fleet-orders-undo');
    expect(undo.apiVersion).toBe('pgv2.percona.com/v2');
    expect(undo.metadata).toEqual({ name: 'fleet-orders-undo', namespace: 'shop' });
    // No storage: the cluster's first repository.
    expect(undo.spec.pgCluster).toBe('fleet-orders');
    expect(undo.spec.repoName).toBe('repo1');
    expect(undo.spec.options).toEqual(['--set=20261120-083000F', '--type=immediate']);
    expect(Object.keys(undo.spec).sort()).toEqual(['options', 'pgCluster', 'repoName']);
    // An incremental set, from the repository of the storage that holds it (which joins the cluster's repositories).
    expect(only(all, 'PerconaPGRestore', 'orders-offsite').spec).toEqual({
      pgCluster: 'fleet-orders', repoName: 'repo2', options: ['--set=20261120-083000F_20261121-010000I', '--type=immediate'],
    });
    expect(only(all, 'PerconaPGCluster').spec.backups.pgbackrest.repos.map((r: any) => r.name)).toEqual(['repo1', 'repo2']);
  });

  test('a backup set restored in place may name the cluster itself as its source', () => {
    const { chart, cluster, objects } = withStorage((c) => ({ backup: { storage: storage(c, 'primary') } }));
    new DatabaseRestore(chart, 'Undo', { cluster, source: RestoreSource.backup({ backupName: '20261120-083000F', sourceCluster: 'fleet-orders' }) });
    expect(only(objects(), 'PerconaPGRestore').spec.repoName).toBe('repo1');
  });

  test.each<[string, string]>([
    ['a backup object\'s name', 'orders-nightly'],
    ['a label without the F of its full backup', '20261120-083000'],
    ['a differential label without its full backup', '20261121-010000D'],
    ['a full backup with a suffix of F', '20261120-083000F_20261121-010000F'],
    ['a lowercase type', '20261120-083000f'],
    ['a date that does not exist', '20261131-083000F'],
    ['an hour beyond 23', '20261120-243000F'],
    ['an incremental on an impossible time', '20261120-083000F_20261121-016000I'],
    ['a label with trailing text', '20261120-083000F-old'],
  ])('refuses an in-place restore of %s', (_, backupName) => {
    const { chart, cluster } = withStorage((c) => ({ backup: { storage: storage(c, 'primary') } }));
    const error = refusal(() => new DatabaseRestore(chart, 'Named', { cluster, source: RestoreSource.backup({ backupName }) }));
    expect(Errors.propOf(error)).toBe('source.backupName');
    expect(error.message).toContain('[fleet/Named]');
    expect(error.message).toContain('pgBackRest restores a backup set by its label, such as 20261120-083000F');
    expect(error.message).toContain('a Kubernetes backup object\'s name cannot be resolved at synthesis');
  });

  test('refuses an in-place restore of another cluster\'s backups, or of a backup set without any repository', () => {
    const { chart, cluster } = withStorage((c) => ({ backup: { storage: storage(c, 'primary') } }));
    const other = refusal(() => new DatabaseRestore(chart, 'Other', {
      cluster, source: RestoreSource.pointInTime({ storage: cluster._model.backup!.storage, sourceCluster: 'billing', time: INSTANT }),
    }));
    expect(Errors.propOf(other)).toBe('source.sourceCluster');
    expect(other.message).toContain('restoreFrom');
    const otherSet = refusal(() => new DatabaseRestore(chart, 'OtherSet', {
      cluster, source: RestoreSource.backup({ backupName: '20261120-083000F', storage: cluster._model.backup!.storage, sourceCluster: 'billing' }),
    }));
    expect(Errors.propOf(otherSet)).toBe('source.sourceCluster');
    const bare = postgres();
    const noRepo = refusal(() => new DatabaseRestore(bare.chart, 'Undo', { cluster: bare.cluster, source: RestoreSource.backup({ backupName: '20261120-083000F' }) }));
    expect(Errors.propOf(noRepo)).toBe('source.storage');
    expect(noRepo.message).toContain('no pgBackRest repository');
  });

  test('a clone bootstraps from the source cluster\'s repository, to an instant', () => {
    const { spec } = withStorage((c) => ({
      backup: { storage: storage(c, 'primary') },
      restoreFrom: RestoreSource.pointInTime({ storage: storage(c, 'legacy', { endpoint: 'https://minio.legacy:9000', forcePathStyle: true }), sourceCluster: 'billing', sourceNamespace: 'finance', time: INSTANT }),
    }));
    const s = spec();
    expect(s.dataSource).toEqual({
      pgbackrest: {
        stanza: 'db',
        repo: { name: 'repo2', s3: { bucket: 'legacy-bucket', endpoint: 'minio.legacy', region: 'eu-west-1' } },
        global: { 'repo2-path': '/finance/billing', 'repo2-s3-uri-style': 'path', 'repo2-storage-port': '9000' },
        options: ['--type=time', '--target="2026-11-20 08:30:00+00"'],
        configuration: [{ secret: { name: 'legacy-creds', items: [{ key: 's3.conf', path: 's3-legacy-creds.conf' }] } }],
        // The restore Job writes the data directory as an instance would.
        resources: { limits: { cpu: '1', memory: '2Gi' }, requests: { cpu: '1', memory: '2Gi' } },
      },
    });
    // The clone writes its own backups to its own storage only.
    expect(s.backups.pgbackrest.repos.map((r: any) => r.name)).toEqual(['repo1']);
    expectCelRulesHold(s);
  });

  test('a clone of a backup set reads it by label from the source cluster\'s path in the storage', () => {
    const { spec } = withStorage((c) => ({
      backup: { storage: storage(c, 'primary') },
      restoreFrom: RestoreSource.backup({
        backupName: '20261120-083000F_20261121-010000D', storage: storage(c, 'legacy', { region: 'eu-central-1' }), sourceCluster: 'billing', sourceNamespace: 'finance',
      }),
    }));
    const s = spec();
    expect(s.dataSource).toEqual({
      pgbackrest: {
        stanza: 'db',
        repo: { name: 'repo2', s3: { bucket: 'legacy-bucket', endpoint: 's3.eu-central-1.amazonaws.com', region: 'eu-central-1' } },
        global: { 'repo2-path': '/finance/billing' },
        options: ['--set=20261120-083000F_20261121-010000D', '--type=immediate'],
        configuration: [{ secret: { name: 'legacy-creds', items: [{ key: 's3.conf', path: 's3-legacy-creds.conf' }] } }],
        resources: { limits: { cpu: '1', memory: '2Gi' }, requests: { cpu: '1', memory: '2Gi' } },
      },
    });
    expect(s.backups.pgbackrest.repos.map((r: any) => r.name)).toEqual(['repo1']);
    expectCelRulesHold(s);
  });

  test('a clone of a backup set without a source namespace reads the clone\'s namespace', () => {
    const s = withStorage((c) => ({ backup: { storage: storage(c, 'primary') }, restoreFrom: RestoreSource.backup({ backupName: '20261120-083000F', storage: storage(c, 'legacy'), sourceCluster: 'billing' }) })).spec();
    expect(s.dataSource.pgbackrest.global).toEqual({ 'repo2-path': '/shop/billing' });
    expect(s.dataSource.pgbackrest.options).toEqual(['--set=20261120-083000F', '--type=immediate']);
    expectCelRulesHold(s);
  });

  test.each<[string, (chart: Chart) => Props, string, string]>([
    ['a backup object\'s name', (c) => ({ restoreFrom: RestoreSource.backup({ backupName: 'orders-nightly', storage: storage(c, 'legacy'), sourceCluster: 'billing' }) }),
      'restoreFrom.backupName', 'cannot be resolved at synthesis'],
    ['no storage', () => ({ restoreFrom: RestoreSource.backup({ backupName: '20261120-083000F', sourceCluster: 'billing' }) }), 'restoreFrom.storage', 'give the storage'],
    ['no source cluster', (c) => ({ restoreFrom: RestoreSource.backup({ backupName: '20261120-083000F', storage: storage(c, 'legacy') }) }),
      'restoreFrom.sourceCluster', 'the cluster that took the backup'],
    ['itself', (c) => ({ restoreFrom: RestoreSource.backup({ backupName: '20261120-083000F', storage: storage(c, 'legacy'), sourceCluster: 'fleet-orders' }) }),
      'restoreFrom.sourceCluster', 'cloned from itself'],
  ])('refuses a clone of a backup set with %s', (_, props, prop, reason) => {
    const error = refusal(() => withStorage(props));
    expect(Errors.propOf(error)).toBe(prop);
    expect(error.message).toContain('[fleet/orders]');
    expect(error.message).toContain(reason);
  });

  test('a clone whose own storage comes from a schedule alone: the schedule\'s repository carries the pgBackRest image', () => {
    const { chart, cluster, spec } = withStorage((c) => ({ restoreFrom: RestoreSource.pointInTime({ storage: storage(c, 'legacy'), sourceCluster: 'billing', time: INSTANT }) }));
    cluster.addBackupSchedule('Nightly', { schedule: '0 2 * * *', storage: storage(chart, 'own') });
    const s = spec();
    expect(s.dataSource.pgbackrest.repo.name).toBe('repo2');
    expect(s.backups.enabled).toBe(true);
    expect(s.backups.pgbackrest.image).toBe('percona/percona-pgbackrest:2.57.0-1');
    expect(s.backups.pgbackrest.repos.map((r: any) => r.name)).toEqual(['repo1']);
    expectCelRulesHold(s);
  });

  test('a clone from the storage it also backs up to uses that repository\'s number', () => {
    const s = withStorage((c) => {
      const shared = storage(c, 'shared');
      return { backup: { storage: shared }, restoreFrom: RestoreSource.pointInTime({ storage: shared, sourceCluster: 'billing', time: INSTANT }) };
    }).spec();
    expect(s.dataSource.pgbackrest.repo.name).toBe('repo1');
    expect(s.dataSource.pgbackrest.global['repo1-path']).toBe('/shop/billing');
    expect(s.backups.pgbackrest.global['repo1-path']).toBe('/shop/fleet-orders');
  });
});

/** What the restricted Pod Security Standard requires of a container, with a numeric user the kubelet can check. */
function expectRestricted(securityContext: any, runAsUser: number): void {
  expect(securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, runAsUser });
  expect(securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
}

describe('Percona PG target: monitoring', () => {
  test('PMM: the client sidecar with the server host and the token Secret, never the token', () => {
    const s = postgres({ monitoring: Monitoring.pmm({ url: 'https://pmm.example.com:8443', credentialsSecret: 'pmm-token' }) }).spec();
    expect(s.pmm).toEqual({
      enabled: true,
      image: 'percona/pmm-client:3.5.0',
      serverHost: 'pmm.example.com:8443',
      secret: 'pmm-token',
      querySource: 'pgstatmonitor',
      resources: { limits: { cpu: '300m', memory: '256Mi' }, requests: { cpu: '300m', memory: '256Mi' } },
      // The operator gives the sidecar none: the restricted Pod Security Standard, as the image's numeric user.
      containerSecurityContext: expect.anything(),
    });
    expectRestricted(s.pmm.containerSecurityContext, 1002);
    expect(s.instances[0].sidecars).toBeUndefined();
  });

  test('PMM with a client image of its own', () => {
    expect(postgres({ monitoring: Monitoring.pmm({ url: 'https://pmm.example.com', credentialsSecret: 'pmm', image: 'percona/pmm-client:3.6.0' }) }).spec().pmm.image)
      .toBe('percona/pmm-client:3.6.0');
  });

  test('Prometheus: a postgres_exporter sidecar, its user, a PodMonitor and the alerts', () => {
    const { objects } = withStorage((c) => ({ backup: { storage: storage(c, 's3') }, monitoring: Monitoring.prometheus({ labels: { prometheus: 'main' } }) }));
    const all = objects();
    const s = only(all, 'PerconaPGCluster').spec;
    expect(s.users).toEqual([{ name: 'fleet-orders', databases: ['fleet-orders'] }, { name: 'exporter' }]);
    expect(s.instances[0].sidecars).toEqual([{
      name: 'postgres-exporter',
      image: 'quay.io/prometheuscommunity/postgres-exporter:v0.17.1',
      env: [
        { name: 'DATA_SOURCE_URI', value: 'localhost:5432/postgres?sslmode=require' },
        { name: 'DATA_SOURCE_USER', valueFrom: { secretKeyRef: { name: 'fleet-orders-pguser-exporter', key: 'user' } } },
        { name: 'DATA_SOURCE_PASS', valueFrom: { secretKeyRef: { name: 'fleet-orders-pguser-exporter', key: 'password' } } },
      ],
      ports: [{ name: 'metrics', containerPort: 9187 }],
      resources: { limits: { cpu: '100m', memory: '128Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
      securityContext: expect.anything(),
    }]);
    expectRestricted(s.instances[0].sidecars[0].securityContext, 65534);
    expect(s.pmm).toBeUndefined();

    const podMonitor = only(all, 'PodMonitor');
    expect(podMonitor.metadata).toEqual({ name: 'fleet-orders-db', namespace: 'shop', labels: { prometheus: 'main' } });
    expect(podMonitor.spec).toEqual({
      selector: { matchLabels: { 'postgres-operator.crunchydata.com/cluster': 'fleet-orders', 'postgres-operator.crunchydata.com/instance-set': 'instance1' } },
      podMetricsEndpoints: [{ port: 'metrics', path: '/metrics' }],
    });
    const rules = only(all, 'PrometheusRule').spec.groups[0].rules;
    expect(rules.map((r: any) => r.alert)).toEqual(['PostgresInstanceDown', 'PostgresReplicationLag', 'PostgresWalArchivingFailing']);
    expect(rules[0]).toEqual({
      alert: 'PostgresInstanceDown',
      expr: 'pg_up{namespace="shop",pod=~"fleet-orders-instance1-.+"} == 0',
      for: '5m',
      labels: { severity: 'critical' },
      annotations: { summary: 'A PostgreSQL instance of fleet-orders does not answer its exporter' },
    });
    expect(rules[1].expr).toBe('max(pg_replication_lag_seconds{namespace="shop",pod=~"fleet-orders-instance1-.+"}) > 300');
  });

  test('Prometheus: a backup-age alert once schedules exist, over the StatusReconciler\'s metric', () => {
    const { chart, cluster, objects } = withStorage((c) => ({ backup: { storage: storage(c, 's3') }, monitoring: Monitoring.prometheus() }));
    const alertNames = () => only(objects(), 'PrometheusRule').spec.groups[0].rules.map((r: any) => r.alert);
    expect(alertNames()).not.toContain('DatabaseBackupTooOld');
    cluster.addBackupSchedule('Daily', { schedule: '0 2 * * *' });
    cluster.addBackupSchedule('Hourly', { schedule: '0 * * * *', storage: storage(chart, 'offsite') });
    const alert = only(objects(), 'PrometheusRule').spec.groups[0].rules.find((r: any) => r.alert === 'DatabaseBackupTooOld');
    const series = 'dbaas_database_last_successful_backup_timestamp_seconds';
    // The most frequent schedule (hourly) sets the bar: one and a half of its gaps.
    expect(alert.expr).toBe(`time() - max(${series}{namespace="shop",name="fleet-orders"} or ${series}{exported_namespace="shop",name="fleet-orders"}) > 5400`);
  });

  test('Prometheus without alerts, on a paused single node without backups', () => {
    const silent = postgres({ monitoring: Monitoring.prometheus({ alerts: false }) }).objects();
    expect(ofKind(silent, 'PrometheusRule')).toEqual([]);
    expect(ofKind(silent, 'PodMonitor')).toHaveLength(1);
    expect(postgres({ replicas: 1, singleNodeDevelopment: true, paused: true, monitoring: Monitoring.prometheus() }).objects()
      .filter((o) => o.kind === 'PrometheusRule')).toEqual([]);
  });

  test('refuses a cluster named like the exporter\'s user', () => {
    const error = refusal(() => postgres({ name: 'exporter', monitoring: Monitoring.prometheus() }));
    expect(Errors.propOf(error)).toBe('name');
  });
});

describe('Percona PG target: credentials', () => {
  /** Every string in the output, with its JSON path. */
  function strings(value: any, path = ''): Array<[string, string]> {
    if (typeof value === 'string') return [[path, value]];
    if (value === null || typeof value !== 'object') return [];
    return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}/${k}`));
  }

  test('only Secret names reach the manifests, never a credential value', () => {
    const { chart, cluster, objects } = withStorage((c) => ({
      credentialsSecret: 'orders-app',
      backup: { storage: storage(c, 'primary', { endpoint: 'https://minio.example', credentialsSecret: 'minio-keys' }) },
      monitoring: Monitoring.pmm({ url: 'https://pmm.example.com', credentialsSecret: 'pmm-token' }),
      restoreFrom: RestoreSource.pointInTime({ storage: storage(c, 'azure', { provider: BackupProvider.AZURE, region: undefined }), sourceCluster: 'billing', time: INSTANT }),
    }));
    new OnDemandBackup(chart, 'Now', { cluster });
    const all = objects();
    expect(ofKind(all, 'Secret')).toEqual([]);
    const found = all.flatMap((o) => strings(o));
    // Secrets are referenced where the CRD takes a Secret name, and nowhere else.
    const secretRefs = found.filter(([, v]) => ['orders-app', 'minio-keys', 'pmm-token', 'azure-creds'].includes(v)).map(([p]) => p);
    expect(secretRefs.sort()).toEqual([
      '/spec/backups/pgbackrest/configuration/0/secret/name',
      '/spec/dataSource/pgbackrest/configuration/0/secret/name',
      '/spec/pmm/secret',
      '/spec/users/0/secretName',
    ]);
    expect(found.filter(([p]) => /password|token|key-secret|s3-key|azure-key/i.test(p))).toEqual([]);
    expect(only(all, 'PerconaPGCluster').spec.users.every((u: any) => u.password === undefined)).toBe(true);
  });
});
