import { Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  AntiAffinity, DatabaseRestore, DatabaseStorageClass, Expose, MariadbTopology, MariadbVersion, Monitoring, OnDemandBackup, Operator,
  ProductionReadiness, ProxyType, RestoreSource, StorageProvisioner,
} from '../src';
import { mariadb } from './support/mariadb';
import { ofKind, only } from './support/schema';

const API_VERSION = 'k8s.mariadb.com/v1alpha1';
const DB_PODS = { 'app.kubernetes.io/name': 'mariadb', 'app.kubernetes.io/instance': 'fleet-orders' };
const MXS_PODS = { 'app.kubernetes.io/name': 'maxscale', 'app.kubernetes.io/instance': 'fleet-orders-mxs' };
const AWS_KEYS = {
  accessKeyIdSecretKeyRef: { name: 'backup-aws', key: 'AWS_ACCESS_KEY_ID' },
  secretAccessKeySecretKeyRef: { name: 'backup-aws', key: 'AWS_SECRET_ACCESS_KEY' },
};
const JOB_RESOURCES = { limits: { cpu: '600m', memory: '1G' }, requests: { cpu: '600m', memory: '1G' } };

describe('MariaDB target: the MariaDB object', () => {
  test('maps the defaults field by field: a 3-member Galera cluster, TLS required, everything it would freeze written', () => {
    const { cluster, objects } = mariadb();
    const all = objects();
    const db = only(all, 'MariaDB');
    expect(db.apiVersion).toBe(API_VERSION);
    expect(db.metadata).toEqual({ name: 'fleet-orders', namespace: 'shop' });
    expect(db.spec).toEqual({
      image: 'mariadb:11.8.8',
      imagePullPolicy: 'IfNotPresent',
      replicas: 3,
      port: 3306,
      galera: { enabled: true, galeraLibPath: '/usr/lib/galera/libgalera_smm.so', config: { reuseStorageVolume: true } },
      rootPasswordSecretKeyRef: { name: 'fleet-orders-root', key: 'password', generate: true },
      rootEmptyPassword: false,
      serviceAccountName: 'fleet-orders',
      storage: { size: '20Gi', resizeInUseVolumes: true, waitForVolumeResize: true, ephemeral: false },
      resources: { limits: { cpu: '1', memory: '2Gi' }, requests: { cpu: '1', memory: '2Gi' } },
      affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: DB_PODS }, topologyKey: 'kubernetes.io/hostname' } }] } },
      podDisruptionBudget: { maxUnavailable: 1 },
      tls: { enabled: true, required: true },
      updateStrategy: { type: 'ReplicasFirstPrimaryLast', autoUpdateDataPlane: false },
      cleanupPolicy: 'Skip',
    });
    // No MaxScale unless asked (its licence allows production use with fewer than three servers).
    expect(ofKind(all, 'MaxScale')).toEqual([]);
    expect(all.map((o) => o.kind)).toEqual(['MariaDB']);
    expect(cluster.host).toBe('fleet-orders-primary.shop.svc');
    expect(cluster.port).toBe(3306);
    expect(cluster.credentialsSecretName).toBe('fleet-orders-root');
    expect(cluster.engine.operator).toBe(Operator.MARIADB);
  });

  test('replicas: Galera for 3 or more, replication for 2, replication by choice for 3, neither for one member', () => {
    expect(mariadb({ replicas: 5 }).spec()).toMatchObject({ replicas: 5, galera: { enabled: true } });
    const two = mariadb({ replicas: 2 }).spec();
    expect(two.replicas).toBe(2);
    expect(two.galera).toBeUndefined();
    expect(two.replication).toEqual({
      enabled: true,
      primary: { autoFailover: true },
      replica: { replPasswordSecretKeyRef: { name: 'fleet-orders-repl-password', key: 'password', generate: true } },
    });
    const chosen = mariadb({}, { topology: MariadbTopology.REPLICATION }).spec();
    expect(chosen).toMatchObject({ replicas: 3, replication: { enabled: true } });
    expect(chosen.galera).toBeUndefined();
    const { cluster, spec } = mariadb({ replicas: 1, singleNodeDevelopment: true });
    const single = spec();
    expect(single.replicas).toBe(1);
    expect(single.galera).toBeUndefined();
    expect(single.replication).toBeUndefined();
    // A single member gets no PodDisruptionBudget: a one-pod budget would only block node drains.
    expect(single.podDisruptionBudget).toBeUndefined();
    expect(cluster.host).toBe('fleet-orders.shop.svc');
  });

  test('resources and storage: requests equal limits; size, class from a DatabaseStorageClass or a name', () => {
    const { spec } = mariadb({ resources: { cpu: Cpu.millis(2500), memory: Size.gibibytes(8) }, storage: { size: Size.gibibytes(100), storageClassName: 'fast-ssd' } });
    const s = spec();
    expect(s.resources).toEqual({ limits: { cpu: '2500m', memory: '8Gi' }, requests: { cpu: '2500m', memory: '8Gi' } });
    expect(s.storage).toEqual({ size: '100Gi', storageClassName: 'fast-ssd', resizeInUseVolumes: true, waitForVolumeResize: true, ephemeral: false });
    const withClass = mariadb((_s) => ({ storage: { storageClass: new DatabaseStorageClass(Chart.of(_s.aws), 'ssd', { provisioner: StorageProvisioner.AWS_EBS }) } }));
    expect(withClass.spec().storage.storageClassName).toBe(only(withClass.objects(), 'StorageClass').metadata.name);
  });

  test('engine parameters become my.cnf [mariadb], with the ConfigMap reference the operator would write back', () => {
    const s = mariadb({ config: { max_connections: '500', innodb_buffer_pool_size: '1G' } }).spec();
    expect(s.myCnf).toBe('[mariadb]\nmax_connections=500\ninnodb_buffer_pool_size=1G\n');
    expect(s.myCnfConfigMapKeyRef).toEqual({ name: 'fleet-orders-config', key: 'my.cnf' });
  });

  test('credentialsSecret: root, replication and metrics passwords from its keys, never generated', () => {
    const { cluster, spec } = mariadb({ replicas: 2, credentialsSecret: 'orders-db', monitoring: Monitoring.prometheus() });
    const s = spec();
    expect(s.rootPasswordSecretKeyRef).toEqual({ name: 'orders-db', key: 'root-password', generate: false });
    expect(s.replication.replica.replPasswordSecretKeyRef).toEqual({ name: 'orders-db', key: 'repl-password', generate: false });
    expect(s.metrics.passwordSecretKeyRef).toEqual({ name: 'orders-db', key: 'metrics-password', generate: false });
    expect(cluster.credentialsSecretName).toBe('orders-db');
  });

  test('scheduling: required anti-affinity on the topology key, zone spread, node selector and tolerations', () => {
    const tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }];
    const s = mariadb({
      scheduling: { antiAffinity: AntiAffinity.REQUIRED, topologyKey: 'topology.kubernetes.io/zone', spreadAcrossZones: true, nodeSelector: { pool: 'db' }, tolerations },
    }).spec();
    expect(s.affinity).toEqual({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: DB_PODS }, topologyKey: 'topology.kubernetes.io/zone' }] } });
    expect(s.affinity.antiAffinityEnabled).toBeUndefined();
    expect(s.topologySpreadConstraints).toEqual([{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: DB_PODS } }]);
    expect(s.nodeSelector).toEqual({ pool: 'db' });
    expect(s.tolerations).toEqual(tolerations);
    expect(mariadb({ scheduling: { antiAffinity: AntiAffinity.NONE } }).spec().affinity).toBeUndefined();
  });

  test('paused: a single member scales to zero, keeping its volume', () => {
    expect(mariadb({ replicas: 1, singleNodeDevelopment: true, paused: true }).spec().replicas).toBe(0);
  });

  test('every MariadbVersion constant is an official image of a minor the operator runs; `image` replaces it', () => {
    const constants = [MariadbVersion.V12_2_2, MariadbVersion.V12_1_2, MariadbVersion.V11_8_8, MariadbVersion.V11_4_12, MariadbVersion.V10_11_18,
      MariadbVersion.V10_6_27];
    for (const version of constants) {
      expect(mariadb({}, { version }).spec().image).toBe(`mariadb:${version.version}`);
    }
    expect(mariadb({}, { version: MariadbVersion.of('12.3.2'), image: 'registry.example.com/mariadb:12.3.2' }).spec().image).toBe('registry.example.com/mariadb:12.3.2');
  });
});

describe('MariaDB target: MaxScale', () => {
  test('a MaxScale object linked both ways, its users frozen as the operator would, its GUI off and its volume on the cluster\'s class', () => {
    const { cluster, objects } = mariadb({ proxy: { type: ProxyType.MAXSCALE }, storage: { storageClassName: 'fast-ssd' } });
    const all = objects();
    expect(only(all, 'MariaDB').spec.maxScaleRef).toEqual({ name: 'fleet-orders-mxs' });
    const mxs = only(all, 'MaxScale');
    expect(mxs.metadata).toEqual({ name: 'fleet-orders-mxs', namespace: 'shop' });
    const generated = (suffix: string) => ({ name: `fleet-orders-mxs-${suffix}`, key: 'password', generate: true });
    expect(mxs.spec).toEqual({
      mariaDbRef: { name: 'fleet-orders' },
      replicas: 3,
      image: 'mariadb/maxscale:23.08.5',
      resources: { limits: { cpu: '600m', memory: '1Gi' }, requests: { cpu: '600m', memory: '1Gi' } },
      services: [{ name: 'rw-router', router: 'readwritesplit', listener: { port: 3306 } }],
      admin: { port: 8989, guiEnabled: false },
      config: { volumeClaimTemplate: { storageClassName: 'fast-ssd', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '100Mi' } } } },
      auth: {
        generate: true,
        adminUsername: 'mariadb-operator',
        adminPasswordSecretKeyRef: generated('admin'),
        deleteDefaultAdmin: true,
        clientUsername: 'fleet-orders-mxs-client',
        clientPasswordSecretKeyRef: generated('client'),
        serverUsername: 'fleet-orders-mxs-server',
        serverPasswordSecretKeyRef: generated('server'),
        monitorUsername: 'fleet-orders-mxs-monitor',
        monitorPasswordSecretKeyRef: generated('monitor'),
        syncUsername: 'fleet-orders-mxs-sync',
        syncPasswordSecretKeyRef: generated('sync'),
      },
      affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: MXS_PODS }, topologyKey: 'kubernetes.io/hostname' } }] } },
      podDisruptionBudget: { maxUnavailable: 1 },
    });
    expect(cluster.host).toBe('fleet-orders-mxs.shop.svc');
    expect(cluster.port).toBe(3306);
  });

  test('replicas, resources and placement of the MaxScale pods; one MaxScale pod has no budget and no sync user', () => {
    const tolerations = [{ key: 'proxy', operator: 'Exists' }];
    const spec = mariadb({
      proxy: { type: ProxyType.MAXSCALE, replicas: 2, resources: { cpu: Cpu.millis(300), memory: Size.mebibytes(512) } },
      scheduling: { antiAffinity: AntiAffinity.REQUIRED, spreadAcrossZones: true, nodeSelector: { pool: 'edge' }, tolerations },
    }).objects().find((o) => o.kind === 'MaxScale').spec;
    expect(spec.replicas).toBe(2);
    expect(spec.resources).toEqual({ limits: { cpu: '300m', memory: '512Mi' }, requests: { cpu: '300m', memory: '512Mi' } });
    expect(spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels).toEqual(MXS_PODS);
    expect(spec.topologySpreadConstraints[0].labelSelector.matchLabels).toEqual(MXS_PODS);
    expect(spec.nodeSelector).toEqual({ pool: 'edge' });
    expect(spec.tolerations).toEqual(tolerations);
    const single = mariadb({ replicas: 1, singleNodeDevelopment: true, proxy: { type: ProxyType.MAXSCALE } }).objects().find((o) => o.kind === 'MaxScale').spec;
    expect(single.replicas).toBe(1);
    expect(single.podDisruptionBudget).toBeUndefined();
    expect(single.auth.syncUsername).toBeUndefined();
  });
});

describe('MariaDB target: exposure', () => {
  test('ClusterIP: the operator\'s own Services, nothing added', () => {
    expect(mariadb().objects().filter((o) => o.kind === 'Service')).toEqual([]);
  });

  test('a LoadBalancer of the library\'s over the primary pod: source ranges and annotations, only the MariaDB port', () => {
    const all = mariadb({ expose: Expose.loadBalancer({ sourceRanges: ['10.0.0.0/8', '192.168.1.7'], annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } }) }).objects();
    expect(only(all, 'Service')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'fleet-orders-lb', namespace: 'shop', annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } },
      spec: {
        type: 'LoadBalancer',
        selector: { ...DB_PODS, 'k8s.mariadb.com/role': 'primary' },
        ports: [{ name: 'mariadb', port: 3306, targetPort: 3306 }],
        loadBalancerSourceRanges: ['10.0.0.0/8', '192.168.1.7/32'],
      },
    });
    const db = only(all, 'MariaDB').spec;
    expect(db.primaryService).toBeUndefined();
    expect(db.service).toBeUndefined();
  });

  test('with MaxScale the load balancer selects the MaxScale pods, without MaxScale\'s admin port', () => {
    const all = mariadb({ proxy: { type: ProxyType.MAXSCALE }, expose: Expose.loadBalancer({ sourceRanges: ['10.0.0.0/8'] }) }).objects();
    const service = only(all, 'Service');
    expect(service.spec.selector).toEqual(MXS_PODS);
    expect(service.spec.ports).toEqual([{ name: 'mariadb', port: 3306, targetPort: 3306 }]);
    expect(only(all, 'MaxScale').spec.kubernetesService).toBeUndefined();
  });
});

describe('MariaDB target: monitoring', () => {
  test('Prometheus: the operator\'s exporter and ServiceMonitor for MariaDB and MaxScale, selected by `release`; alerts of ours', () => {
    const all = mariadb({ proxy: { type: ProxyType.MAXSCALE }, monitoring: Monitoring.prometheus({ labels: { release: 'kube-prometheus' } }) }).objects();
    expect(only(all, 'MariaDB').spec.metrics).toEqual({
      enabled: true,
      exporter: {
        image: 'prom/mysqld-exporter:v0.15.1',
        port: 9104,
        resources: { limits: { cpu: '200m', memory: '128Mi' }, requests: { cpu: '50m', memory: '64Mi' } },
      },
      serviceMonitor: { prometheusRelease: 'kube-prometheus' },
      username: 'fleet-orders-metrics',
      passwordSecretKeyRef: { name: 'fleet-orders-metrics-password', key: 'password', generate: true },
    });
    const mxs = only(all, 'MaxScale').spec;
    expect(mxs.metrics).toEqual({
      enabled: true,
      exporter: {
        image: 'mariadb/maxscale-prometheus-exporter-ubi:v0.0.1',
        port: 9105,
        resources: { limits: { cpu: '200m', memory: '128Mi' }, requests: { cpu: '50m', memory: '64Mi' } },
      },
      serviceMonitor: { prometheusRelease: 'kube-prometheus' },
    });
    expect(mxs.auth).toMatchObject({ metricsUsername: 'metrics', metricsPasswordSecretKeyRef: { name: 'fleet-orders-mxs-metrics', key: 'password', generate: true } });
    // The operator makes the scrape objects; a PodMonitor of ours would find no metrics port on the database pods.
    expect(ofKind(all, 'PodMonitor')).toEqual([]);
    expect(ofKind(all, 'ServiceMonitor')).toEqual([]);
    const rule = only(all, 'PrometheusRule');
    expect(rule.metadata.labels).toEqual({ release: 'kube-prometheus' });
    expect(rule.spec.groups[0].rules.map((r: any) => r.alert)).toEqual(['MariadbMemberDown', 'MariadbGaleraClusterSizeBelowReplicas', 'MariadbGaleraNodeNotSynced']);
    expect(rule.spec.groups[0].rules[0].expr).toBe('mysql_up{namespace="shop",target=~"fleet-orders-[0-9]+"} == 0');
  });

  test('without a release label no ServiceMonitor label; replication gets its own alerts; scheduled backups an age alert', () => {
    const { cluster, objects } = mariadb((s) => ({ replicas: 2, backup: { storage: s.aws }, monitoring: Monitoring.prometheus() }));
    cluster.addBackupSchedule('nightly', { schedule: '0 3 * * *' });
    const all = objects();
    expect(only(all, 'MariaDB').spec.metrics.serviceMonitor).toBeUndefined();
    const rules = only(all, 'PrometheusRule').spec.groups[0].rules;
    expect(rules.map((r: any) => r.alert)).toEqual(['MariadbMemberDown', 'MariadbReplicationStopped', 'MariadbReplicationLag', 'DatabaseBackupTooOld']);
    expect(rules[3].expr).toBe('time() - max(kube_job_status_completion_time{namespace="shop",job_name=~"(fleet-orders-nightly)-[0-9]{14}"}) > 129600');
  });
});

describe('MariaDB target: backups', () => {
  test('a schedule is a PhysicalBackup of its own: its storage below the cluster\'s path, retention as a period, from a replica', () => {
    const { cluster, objects } = mariadb((s) => ({ backup: { storage: s.aws } }));
    cluster.addBackupSchedule('nightly', { schedule: '0 3 * * *', retention: 14 });
    const pb = only(objects(), 'PhysicalBackup');
    expect(pb.apiVersion).toBe(API_VERSION);
    expect(pb.metadata).toEqual({ name: 'fleet-orders-nightly', namespace: 'shop' });
    expect(pb.spec).toEqual({
      mariaDbRef: { name: 'fleet-orders' },
      schedule: { cron: '0 3 * * *', suspend: false },
      storage: {
        s3: {
          bucket: 'acme-db',
          endpoint: 's3.eu-west-1.amazonaws.com',
          region: 'eu-west-1',
          prefix: 'prod/shop/fleet-orders/physical/fleet-orders-nightly',
          ...AWS_KEYS,
          tls: { enabled: true },
        },
      },
      maxRetention: '336h',
      timeout: '24h',
      target: 'PreferReplica',
      compression: 'gzip',
      resources: JOB_RESOURCES,
      serviceAccountName: 'fleet-orders-nightly',
    });
  });

  test('a disabled schedule is suspended; retention follows the longest gap between runs', () => {
    const { cluster, objects } = mariadb((s) => ({ backup: { storage: s.aws } }));
    cluster.addBackupSchedule('weekly', { schedule: '0 1 * * 0', retention: 4, enabled: false });
    expect(only(objects(), 'PhysicalBackup').spec).toMatchObject({ schedule: { cron: '0 1 * * 0', suspend: true }, maxRetention: '672h', timeout: '168h' });
  });

  test('S3-compatible endpoints lose their scheme and say whether they speak TLS; GCS through its S3 endpoint; Azure with its account', () => {
    const { cluster, stores, objects } = mariadb((s) => ({ backup: { storage: s.minio } }));
    cluster.addBackupSchedule('minio', { schedule: '0 3 * * *' });
    cluster.addBackupSchedule('plain', { schedule: '0 4 * * *', storage: stores.minioHttp });
    cluster.addBackupSchedule('gcs', { schedule: '0 5 * * *', storage: stores.gcs });
    cluster.addBackupSchedule('azure', { schedule: '0 6 * * *', storage: stores.azure });
    const storageOf = (name: string) => only(objects(), 'PhysicalBackup', `fleet-orders-${name}`).spec.storage;
    expect(storageOf('minio').s3).toMatchObject({ endpoint: 'minio.storage.svc:9000', tls: { enabled: true }, prefix: 'shop/fleet-orders/physical/fleet-orders-minio' });
    expect(storageOf('minio').s3.region).toBeUndefined();
    expect(storageOf('plain').s3).toMatchObject({ endpoint: 'minio.storage.svc:9000', tls: { enabled: false } });
    expect(storageOf('gcs').s3).toMatchObject({
      bucket: 'acme-db-gcs',
      endpoint: 'storage.googleapis.com',
      tls: { enabled: true },
      accessKeyIdSecretKeyRef: { name: 'backup-gcs', key: 'AWS_ACCESS_KEY_ID' },
    });
    expect(storageOf('azure')).toEqual({
      azureBlob: {
        containerName: 'mariadb',
        serviceURL: 'https://acmebackups.blob.core.windows.net/',
        prefix: 'prod/shop/fleet-orders/physical/fleet-orders-azure',
        storageAccountName: 'acmebackups',
        storageAccountKey: { name: 'backup-azure', key: 'AZURE_STORAGE_ACCOUNT_KEY' },
      },
    });
  });

  test('an on-demand backup is a logical Backup (mariadb-dump), in a folder of its own', () => {
    const { chart, cluster, objects } = mariadb((s) => ({ backup: { storage: s.aws } }));
    const backup = new OnDemandBackup(chart, 'before-upgrade', { cluster });
    expect(backup.name).toBe('fleet-orders-before-upgrade');
    const b = only(objects(), 'Backup');
    expect(b.apiVersion).toBe(API_VERSION);
    expect(b.spec).toEqual({
      mariaDbRef: { name: 'fleet-orders' },
      storage: {
        s3: {
          bucket: 'acme-db',
          endpoint: 's3.eu-west-1.amazonaws.com',
          region: 'eu-west-1',
          prefix: 'prod/shop/fleet-orders/logical/fleet-orders-before-upgrade',
          ...AWS_KEYS,
          tls: { enabled: true },
        },
      },
      compression: 'gzip',
      maxRetention: '720h',
      resources: JOB_RESOURCES,
      serviceAccountName: 'fleet-orders-before-upgrade',
    });
  });

  test('point-in-time recovery: a replication cluster archives binlogs next to its backups, replayed on its first schedule\'s', () => {
    const replication = { topology: MariadbTopology.REPLICATION };
    const { cluster, objects } = mariadb((s) => ({ backup: { storage: s.aws, pointInTimeRecovery: true } }), replication);
    cluster.addBackupSchedule('hourly', { schedule: '0 * * * *', retention: 48 });
    const all = objects();
    expect(only(all, 'MariaDB').spec.pointInTimeRecoveryRef).toEqual({ name: 'fleet-orders-pitr' });
    const pitr = only(all, 'PointInTimeRecovery');
    expect(pitr.metadata).toEqual({ name: 'fleet-orders-pitr', namespace: 'shop' });
    expect(pitr.spec).toEqual({
      physicalBackupRef: { name: 'fleet-orders-hourly' },
      storage: { s3: { bucket: 'acme-db', endpoint: 's3.eu-west-1.amazonaws.com', region: 'eu-west-1', prefix: 'prod/shop/fleet-orders/binlogs', ...AWS_KEYS, tls: { enabled: true } } },
      compression: 'gzip',
      strictMode: true,
    });
  });
});

describe('MariaDB target: restores', () => {
  test('in place: a Restore of a logical Backup, by its object', () => {
    const { chart, cluster, objects } = mariadb((s) => ({ backup: { storage: s.aws } }));
    const backup = new OnDemandBackup(chart, 'before-upgrade', { cluster });
    new DatabaseRestore(chart, 'rollback', { cluster, source: RestoreSource.backup({ backupName: backup.name }) });
    const restore = only(objects(), 'Restore');
    expect(restore.metadata).toEqual({ name: 'fleet-orders-rollback', namespace: 'shop' });
    expect(restore.spec).toEqual({
      mariaDbRef: { name: 'fleet-orders' },
      backupRef: { name: 'fleet-orders-before-upgrade' },
      resources: JOB_RESOURCES,
      serviceAccountName: 'fleet-orders-rollback',
    });
  });

  test('a clone from a named backup: bootstrapFrom its Backup object, restored once the new cluster runs', () => {
    const s = mariadb({ restoreFrom: RestoreSource.backup({ backupName: 'fleet-orders-before-upgrade' }), resources: { cpu: Cpu.units(2), memory: Size.gibibytes(4) } }).spec();
    expect(s.bootstrapFrom).toEqual({
      backupRef: { name: 'fleet-orders-before-upgrade', kind: 'Backup' },
      backupContentType: 'Logical',
      restoreJob: { resources: { limits: { cpu: '2', memory: '4Gi' }, requests: { cpu: '2', memory: '4Gi' } } },
    });
  });

  test('a clone to an instant: its own PointInTimeRecovery and PhysicalBackup describe the source in the storage', () => {
    const { objects } = mariadb((s) => ({
      restoreFrom: RestoreSource.pointInTime({ storage: s.minioHttp, sourceCluster: 'fleet-payments', time: '2026-03-01T08:30:00Z', baseBackupName: 'fleet-payments-hourly' }),
    }), { topology: MariadbTopology.REPLICATION });
    const all = objects();
    expect(only(all, 'MariaDB').spec.bootstrapFrom).toMatchObject({ pointInTimeRecoveryRef: { name: 'fleet-orders-origin' }, targetRecoveryTime: '2026-03-01T08:30:00.000Z' });
    const origin = only(all, 'PhysicalBackup', 'fleet-orders-origin').spec;
    expect(origin).toMatchObject({
      mariaDbRef: { name: 'fleet-orders' },
      schedule: { cron: '', immediate: false, suspend: true },
      storage: { s3: { endpoint: 'minio.storage.svc:9000', prefix: 'shop/fleet-payments/physical/fleet-payments-hourly', tls: { enabled: false } } },
    });
    expect(only(all, 'PointInTimeRecovery', 'fleet-orders-origin').spec).toMatchObject({
      physicalBackupRef: { name: 'fleet-orders-origin' },
      storage: { s3: { prefix: 'shop/fleet-payments/binlogs' } },
      strictMode: true,
    });
  });
});

test('the readiness report: Galera backups cannot be point-in-time; a replication cluster with binlogs and required anti-affinity is clean', () => {
  const galera = mariadb((s) => ({ backup: { storage: s.aws } }));
  galera.cluster.addBackupSchedule('nightly', { schedule: '0 2 * * *' });
  expect(ProductionReadiness.warningsOf(galera.chart)).toEqual([
    '[fleet/orders] backups without point-in-time recovery: a restore loses everything since the last full backup',
    '[fleet/orders] anti-affinity is only preferred: the primary and its replicas can land on one node and fail together',
  ]);
  const replication = mariadb((s) => ({ backup: { storage: s.aws, pointInTimeRecovery: true }, scheduling: { antiAffinity: AntiAffinity.REQUIRED } }),
    { topology: MariadbTopology.REPLICATION });
  replication.cluster.addBackupSchedule('hourly', { schedule: '0 * * * *' });
  expect(ProductionReadiness.warningsOf(replication.chart)).toEqual([]);
});

test('no credential value anywhere: only Secret names, under the keys the operator reads', () => {
  const { chart, cluster, objects } = mariadb((s) => ({
    credentialsSecret: 'orders-db', backup: { storage: s.aws }, monitoring: Monitoring.prometheus(), proxy: { type: ProxyType.MAXSCALE },
  }));
  cluster.addBackupSchedule('nightly', { schedule: '0 3 * * *' });
  new OnDemandBackup(chart, 'adhoc', { cluster });
  const all = objects();
  expect(ofKind(all, 'Secret')).toEqual([]);
  expect(JSON.stringify(all)).not.toMatch(/"(password|secret|token|accessKey|secretKey)"\s*:\s*"/i);
  for (const o of all) expect(o.metadata.namespace).toBe('shop');
});
