/**
 * Conformance of the Percona PG target with the Percona Operator for PostgreSQL 2.8.2 (PGO underneath) and Patroni 4:
 * one test per upstream rule, named by the `file:function` it mirrors (paths in percona/percona-postgresql-operator at
 * v2.8.2 unless Patroni's). Each shows that props which would break the rule are refused with the library's error,
 * or that the output satisfies it. Research notes: /work/notes/percona-pg.md.
 */
import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  AntiAffinity, DatabaseEngine, DatabaseRestore, Errors, Expose, ManifestDiff, Monitoring, OnDemandBackup, PostgresVersion, RestoreSource,
} from '../../src';
import { expectCelRulesHold, postgres, Props, storage, withStorage } from '../support/percona-pg';
import { refusal } from '../support/refusal';
import { only } from '../support/schema';
import { manifestProblems } from '../support/security';

const INSTANT = '2026-11-20T08:30:00Z';
const TOLERATIONS = [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }];
const DB_NODES = { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['db'] }] }] } };

/** The props' refusal: every prop it names, and its message. */
function refused(act: () => unknown): { props: string[]; message: string } {
  const error = refusal(act);
  return { props: Errors.propsOf(error), message: error.message };
}

/** A cluster with a backup storage and these props. */
function backedUp(props: Props = {}) {
  return withStorage((c) => ({ backup: { storage: storage(c, 'primary') }, ...props }));
}

/** `[field]: class` of every change between two outputs. */
function changes(before: any[], after: any[]): string[] {
  return ManifestDiff.compareObjects(before, after).databases.flatMap((d) => d.changes.map((c) => `${c.field}: ${c.changeClass}`));
}

/** The reasons of every change between two outputs. */
function reasons(before: any[], after: any[]): string {
  return ManifestDiff.compareObjects(before, after).databases.flatMap((d) => d.changes.map((c) => c.reason)).join('\n');
}

describe('CRD schema and CEL: pkg/apis/pgv2.percona.com/v2/perconapgcluster_types.go', () => {
  test('PerconaPGClusterSpec (CEL): grantPublicSchemaAccess needs PostgreSQL 15; the library never sets it, on any major', () => {
    for (const version of [PostgresVersion.of('13.23'), PostgresVersion.of('14.20'), PostgresVersion.V17_7, PostgresVersion.of('18.1')]) {
      const s = withStorage(() => ({ engine: DatabaseEngine.postgres({ version }) })).spec();
      expect(s.users.some((u: any) => 'grantPublicSchemaAccess' in u)).toBe(false);
      expectCelRulesHold(s);
    }
  });

  test('Backups (CEL): at least one repository whenever backups are enabled', () => {
    expect(postgres().spec().backups).toEqual({ enabled: false });
    const s = backedUp().spec();
    expect(s.backups.enabled).toBe(true);
    expect(s.backups.pgbackrest.repos).toHaveLength(1);
    expectCelRulesHold(s);
  });

  test('PerconaPGClusterSpec.PostgresVersion: minimum 12, maximum 18', () => {
    const { props, message } = refused(() => postgres({ engine: DatabaseEngine.postgres({ version: PostgresVersion.of('19.1'), image: 'example/pg:19.1' }) }));
    expect(props).toContain('engine.version');
    expect(message).toContain('12 to 18');
  });

  test('PostgresIdentifier (users[].name): at most 63, ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$; the users are the cluster and the exporter', () => {
    const s = postgres({ name: 'a'.repeat(37), monitoring: Monitoring.prometheus() }).spec();
    for (const user of s.users) expect(user.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    for (const database of s.users[0].databases) expect(database.length).toBeLessThanOrEqual(63);
  });

  test('PostgresUserSpec.SecretName: at most 63 characters', () => {
    expect(refused(() => postgres({ credentialsSecret: 's'.repeat(64) })).props).toEqual(['credentialsSecret']);
  });

  test('PGBackRestRepo.Name ^repo[1-4]: at most four repositories, however storages are added', () => {
    const { chart, cluster } = backedUp();
    for (const id of ['two', 'three', 'four']) cluster.addBackupSchedule(id, { schedule: '0 2 * * *', storage: storage(chart, id) });
    const fifth = refused(() => new OnDemandBackup(chart, 'Fifth', { cluster, storage: storage(chart, 'five') }));
    expect(fifth.props).toEqual(['storage']);
    expect(fifth.message).toContain('at most 4 repositories');
  });

  test('PGBackRestBackupSchedules: MinLength 6 on each schedule (five cron fields always pass)', () => {
    const { cluster, spec } = backedUp();
    cluster.addBackupSchedule('Hourly', { schedule: '0 * * * *' });
    expect(spec().backups.pgbackrest.repos[0].schedules.full.length).toBeGreaterThanOrEqual(6);
  });

  test('PerconaPGBackup and PerconaPGRestore: repoName ^repo[1-4], pgCluster the cluster', () => {
    const { chart, cluster, objects } = backedUp();
    new OnDemandBackup(chart, 'Now', { cluster });
    new DatabaseRestore(chart, 'Undo', { cluster, source: RestoreSource.pointInTime({ storage: cluster._model.backup!.storage, sourceCluster: 'fleet-orders', time: INSTANT }) });
    for (const kind of ['PerconaPGBackup', 'PerconaPGRestore']) {
      expect(only(objects(), kind).spec).toMatchObject({ pgCluster: 'fleet-orders', repoName: expect.stringMatching(/^repo[1-4]$/) });
    }
  });
});

describe('The Percona controller: percona/controller/pgcluster', () => {
  test('controller.go:setCRVersion: crVersion is always given, so the operator never patches it in', () => {
    expect(postgres().spec().crVersion).toBe('2.8.2');
  });

  test('perconapgcluster_types.go:ToCrunchy: a user named monitor is dropped, so no cluster is named monitor', () => {
    const { props, message } = refused(() => postgres({ name: 'monitor' }));
    expect(props).toEqual(['name']);
    expect(message).toContain('the operator\'s PMM user');
  });

  test('perconapgcluster_types.go:Backups.ToCrunchy: a clone without a backup storage of its own is refused at synthesis', () => {
    const clone = withStorage((c) => ({ restoreFrom: RestoreSource.pointInTime({ storage: storage(c, 'legacy'), sourceCluster: 'billing', time: INSTANT }) }));
    const { props, message } = refused(() => clone.objects());
    expect(props).toEqual(['backup.storage']);
    expect(message).toContain('[fleet/orders]');
    expect(message).toContain('drops the pgBackRest image');
    // With a storage of its own the image reaches the PostgresCluster.
    const own = withStorage((c) => ({
      backup: { storage: storage(c, 'own') },
      restoreFrom: RestoreSource.pointInTime({ storage: storage(c, 'legacy'), sourceCluster: 'billing', time: INSTANT }),
    })).spec();
    expect(own.backups).toMatchObject({ enabled: true, pgbackrest: { image: 'percona/percona-pgbackrest:2.57.0-1' } });
  });

  test('restore.go:createBootstrapRestoreObject: a restore named <cluster>-bootstrap would be adopted as a clone\'s, so it is refused', () => {
    const { chart, cluster } = backedUp();
    const source = RestoreSource.backup({ backupName: '20261120-083000F' });
    const { props, message } = refused(() => new DatabaseRestore(chart, 'Bootstrap', { cluster, source, name: 'fleet-orders-bootstrap' }));
    expect(props).toEqual(['name']);
    expect(message).toContain('<cluster>-bootstrap');
    expect(() => new DatabaseRestore(chart, 'Other', { cluster, source, name: 'fleet-orders-undo' })).not.toThrow();
  });

  test.each<[string, string]>([
    ['@every 1h (ParseStandard returns a ConstantDelaySchedule, and the type assertion panics the operator)', '@every 1h'],
    ['a descriptor', '@daily'],
    ['day-of-week 7, beyond robfig\'s 0-6', '0 2 * * 7'],
    ['a last-day-of-month L', '0 2 L * *'],
    ['six fields', '0 0 2 * * *'],
  ])('cron.go:AddFuncWithSeconds (robfig/cron v3 ParseStandard): %s is refused', (_, schedule) => {
    const { cluster } = backedUp();
    expect(refused(() => cluster.addBackupSchedule('Bad', { schedule })).props).toEqual(['schedule']);
  });

  test('schedule.go:reconcileScheduledBackups: removing a repository with its schedule is destructive; the schedule first, then the repository, is not', () => {
    /** The cluster, with a second storage used by a schedule, by an on-demand backup, or not at all. */
    const build = (offsite: 'scheduled' | 'on-demand' | 'none') => {
      const { chart, cluster, objects } = backedUp();
      if (offsite === 'scheduled') cluster.addBackupSchedule('Weekly', { schedule: '0 3 * * 0', storage: storage(chart, 'offsite') });
      if (offsite === 'on-demand') new OnDemandBackup(chart, 'Once', { cluster, storage: storage(chart, 'offsite') });
      return objects().filter((o) => o.kind === 'PerconaPGCluster');
    };
    const [scheduled, unscheduled, gone] = [build('scheduled'), build('on-demand'), build('none')];
    expect(changes(scheduled, gone)).toContain('spec.backups.pgbackrest.repos[repo2]: destructive');
    expect(reasons(scheduled, gone)).toContain('remove the schedule in an earlier change');
    // Two steps: the schedule goes while its repository is still listed, then the repository.
    expect(changes(scheduled, unscheduled).filter((row) => row.endsWith('destructive'))).toEqual([]);
    expect(changes(unscheduled, gone)).toContain('spec.backups.pgbackrest.repos[repo2]: risky');
    expect(changes(unscheduled, gone).filter((row) => row.endsWith('destructive'))).toEqual([]);
  });

  test('schedule.go:createScheduledBackup: runs are skipped while the cluster is not ready, so the backup-age alert watches the schedules', () => {
    const { cluster, objects } = backedUp({ monitoring: Monitoring.prometheus() });
    cluster.addBackupSchedule('Nightly', { schedule: '0 2 * * *' });
    const alerts = only(objects(), 'PrometheusRule').spec.groups[0].rules.map((r: any) => r.alert);
    expect(alerts).toContain('DatabaseBackupTooOld');
  });

  test('controller.go:reconcilePMM: the Secret is named and the pmm-client sidecar, which gets no securityContext from the operator, is restricted', () => {
    const s = postgres({ monitoring: Monitoring.pmm({ url: 'https://pmm.example.com', credentialsSecret: 'pmm-token' }) }).spec();
    expect(s.pmm.secret).toBe('pmm-token');
    expect(s.pmm.containerSecurityContext).toMatchObject({
      allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, runAsUser: 1002, seccompProfile: { type: 'RuntimeDefault' },
    });
  });
});

describe('The backup and restore controllers: percona/controller/pgbackup, pgrestore', () => {
  test('pgbackup/controller.go:startBackup: spec.backups.pgbackrest.manual, which the operator rewrites at each backup, is never emitted', () => {
    const { chart, cluster, spec } = backedUp();
    cluster.addBackupSchedule('Nightly', { schedule: '0 2 * * *' });
    new OnDemandBackup(chart, 'Now', { cluster, storage: storage(chart, 'offsite') });
    expect(spec().backups.pgbackrest).not.toHaveProperty('manual');
    expect(spec().backups.pgbackrest).not.toHaveProperty('restore');
  });

  test('pgbackup/controller.go:Reconcile: an on-demand backup\'s repository is among the cluster\'s (else it never starts and blocks the rest)', () => {
    const { chart, cluster, objects } = backedUp();
    new OnDemandBackup(chart, 'Offsite', { cluster, storage: storage(chart, 'offsite'), name: 'orders-offsite' });
    const repos = only(objects(), 'PerconaPGCluster').spec.backups.pgbackrest.repos.map((r: any) => r.name);
    expect(repos).toContain(only(objects(), 'PerconaPGBackup').spec.repoName);
  });

  test('postgrescluster/pgbackrest.go:reconcileManualBackup and reconcileRestoreJob: no option the operator refuses (--repo, --stanza, --pg1-path, --target-action, --link-map)', () => {
    const { chart, cluster, objects } = backedUp();
    new OnDemandBackup(chart, 'Now', { cluster });
    new DatabaseRestore(chart, 'ToInstant', { cluster, source: RestoreSource.pointInTime({ storage: cluster._model.backup!.storage, sourceCluster: 'fleet-orders', time: INSTANT }) });
    new DatabaseRestore(chart, 'ToSet', { cluster, source: RestoreSource.backup({ backupName: '20261120-083000F' }) });
    const options = objects().filter((o) => ['PerconaPGBackup', 'PerconaPGRestore'].includes(o.kind)).flatMap((o) => o.spec.options);
    expect(options.length).toBeGreaterThan(0);
    for (const forbidden of ['--repo', '--stanza', '--pg1-path', '--target-action', '--link-map']) {
      expect(options.filter((o: string) => o.includes(forbidden))).toEqual([]);
    }
  });
});

describe('PGO: names (internal/naming/names.go, postgrescluster/pgbackrest.go)', () => {
  test('names.go:GenerateInstance: a name of 37 characters fits the instance pods\' controller-revision-hash label, 38 does not', () => {
    expect(postgres({ name: 'a'.repeat(37) }).spec().instances[0].name).toBe('instance1');
    const { props, message } = refused(() => postgres({ name: 'a'.repeat(38) }));
    expect(props).toEqual(['name']);
    expect(message).toContain('at most 37 characters');
    expect(message).toContain('<name>-instance1-xxxx');
  });

  test('pgbackrest.go:reconcileDedicatedRepoHost and names.go:PGBackRestRestoreJob: the repository host (42) and the restore Job (44) are named when exceeded', () => {
    const { message } = refused(() => postgres({ name: 'a'.repeat(45) }));
    expect(message).toContain('<name>-repo-host');
    expect(message).toContain('<name>-pgbackrest-restore');
    expect(message).not.toContain('<name>-backup-xxxx');
  });

  test('pgbackrest.go:BackupsEnabled: the cluster carries authorizeBackupRemoval, so turning backups off does not stop PGO', () => {
    for (const objects of [postgres().objects(), backedUp().objects()]) {
      expect(only(objects, 'PerconaPGCluster').metadata.annotations).toEqual({ 'postgres-operator.crunchydata.com/authorizeBackupRemoval': 'true' });
    }
  });
});

describe('PGO: users (internal/postgres/users.go)', () => {
  test.each<[string, string]>([
    ['public', 'a role name PostgreSQL reserves'],
    ['none', 'a role name PostgreSQL reserves'],
    ['postgres', 'the superuser'],
  ])('users.go:WriteUsersInPostgreSQL: a cluster named %s is refused (one transaction creates every user)', (name, why) => {
    const { props, message } = refused(() => postgres({ name }));
    expect(props).toEqual(['name']);
    expect(message).toContain(why);
    expect(message).toContain('WriteUsersInPostgreSQL');
  });

  test('users.go:RESERVED_SCHEMA_NAMES: a user named pgbouncer gets no schema of its own, so the name is refused', () => {
    expect(refused(() => postgres({ name: 'pgbouncer' })).message).toContain('PgBouncer');
  });

  test.each(['template0', 'template1'])('users.go:WriteUsersInPostgreSQL: the database %s, a template, is refused', (name) => {
    expect(refused(() => postgres({ name })).props).toEqual(['name']);
  });
});

describe('PGO and pgBackRest: parameters the operator sets (internal/postgres, internal/pgbackrest, internal/pgstatmonitor)', () => {
  test.each<[string, string, string]>([
    ['postgres/parameters.go:NewParameters', 'wal_level', 'NewParameters'],
    ['postgres/parameters.go:NewParameters', 'SSL', 'NewParameters'],
    ['postgres/parameters.go:NewParameters', 'unix_socket_directories', 'NewParameters'],
    ['pgbackrest/postgres.go:PostgreSQL', 'archive_command', 'pgbackrest/postgres.go:PostgreSQL'],
    ['pgbackrest/postgres.go:PostgreSQL', 'Archive_Mode', 'pgbackrest/postgres.go:PostgreSQL'],
    ['pgbackrest/postgres.go:PostgreSQL', 'restore_command', 'replicas and restores need'],
    ['pgstatmonitor.go:PostgreSQLParameters', 'pg_stat_monitor.pgsm_query_max_len', 'PostgreSQLParameters'],
  ])('%s: %s is refused, naming the operator', (_, name, source) => {
    const { props, message } = refused(() => postgres({ config: { [name]: 'x' } }));
    expect(props).toContain('config');
    expect(message).toContain('Percona Operator for PostgreSQL');
    expect(message).toContain(source);
    expect(message).toContain(`(got ["${name}"])`);
  });

  test('pgbackrest/postgres.go:PostgreSQL: track_commit_timestamp is forced on with backups, so only on is taken', () => {
    expect(refused(() => postgres({ config: { track_commit_timestamp: 'off' } })).props).toEqual(['config.track_commit_timestamp']);
    expect(postgres({ config: { track_commit_timestamp: 'on' } }).spec().patroni.dynamicConfiguration.postgresql.parameters).toEqual({ track_commit_timestamp: 'on' });
  });

  test('postgres/huge_pages.go:SetHugePages: huge_pages=on cannot start without hugepages resources; try and off can', () => {
    expect(refused(() => postgres({ config: { huge_pages: 'on' } })).props).toEqual(['config.huge_pages']);
    expect(() => postgres({ config: { huge_pages: 'try' } }).spec()).not.toThrow();
  });

  test('postgres/config.go:DataDirectory: an image must pin a tag of engine.version\'s major', () => {
    const withImage = (image: string, version = '17.8') => postgres({ engine: DatabaseEngine.postgres({ version: PostgresVersion.of(version), image }) });
    for (const image of ['registry.example/postgres', 'registry.example/postgres:latest', 'registry.example:5000/postgres']) {
      expect(refused(() => withImage(image)).props).toEqual(['engine.image']);
    }
    const other = refused(() => withImage('registry.example/postgres:16.11'));
    expect(other.props).toEqual(['engine.image']);
    expect(other.message).toContain('/pgdata/pg17');
    expect(refused(() => withImage('percona/percona-postgresql-operator:2.7.0-ppg16.9-postgres')).props).toEqual(['engine.image']);
    for (const image of ['registry.example/postgres:17.8', 'registry.example/postgres:v17-custom', 'registry.example/postgres@sha256:' + 'a'.repeat(64),
      'registry.example/postgres:17.8@sha256:' + 'a'.repeat(64), 'registry.example/postgres:build-42']) {
      expect(withImage(image).spec().image).toBe(image);
    }
  });
});

describe('Patroni 4: patroni/postgresql/config.py, patroni/config.py', () => {
  test.each(['listen_addresses', 'port', 'cluster_name', 'hot_standby', 'Port'])('ConfigHandler.CMDLINE_OPTIONS and get_server_parameters: %s is Patroni\'s', (name) => {
    const { message } = refused(() => postgres({ config: { [name]: '1' } }));
    expect(message).toContain('Patroni');
    expect(message).toContain('CMDLINE_OPTIONS');
  });

  test.each(['recovery_target_time', 'primary_conninfo', 'recovery_min_apply_delay', 'standby_mode'])(
    'ConfigHandler._RECOVERY_PARAMETERS: %s is written by Patroni', (name) => {
      expect(refused(() => postgres({ config: { [name]: 'x' } })).message).toContain('_RECOVERY_PARAMETERS');
    });

  test.each(['hba_file', 'data_directory'])('ConfigHandler.replace_pg_hba: %s would displace PGO\'s pg_hba.conf or data directory', (name) => {
    expect(refused(() => postgres({ config: { [name]: '/tmp/x' } })).props).toEqual(['config']);
  });

  test.each<[string, string, string]>([
    ['max_connections', '24', '25'],
    ['max_wal_senders', '2', '3'],
    ['max_replication_slots', '3', '4'],
    ['max_worker_processes', '1', '2'],
    ['max_locks_per_transaction', '31', '32'],
    ['max_prepared_transactions', '-1', '0'],
    ['wal_keep_segments', '0', '1'],
    ['wal_keep_size', '15MB', '16MB'],
    ['wal_keep_size', '15000kB', '1GB'],
    ['max_connections', 'many', '1e3'],
    ['max_connections', '100MB', ' 500 '],
  ])('ConfigHandler.CMDLINE_OPTIONS (IntValidator, Config._process_postgresql_parameters): %s=%s falls back to the default, %s is taken', (name, below, at) => {
    const { props, message } = refused(() => postgres({ config: { [name]: below } }));
    expect(props).toContain(`config.${name}`);
    expect(message).toContain('silently uses');
    expect(postgres({ config: { [name]: at } }).spec().patroni.dynamicConfiguration.postgresql.parameters[name]).toBe(at);
  });

  test('docs/replication_modes.rst (strict synchronous mode): 2 instances stop writing whenever the one standby is down, so 3 are needed', () => {
    const { props, message } = refused(() => postgres({ replicas: 2, synchronousReplicas: 1 }));
    expect(props).toEqual(['replicas']);
    expect(message).toContain('write outage');
    expect(postgres({ replicas: 3, synchronousReplicas: 1 }).spec().patroni.dynamicConfiguration).toEqual({
      synchronous_mode: true, synchronous_mode_strict: true, synchronous_node_count: 1,
    });
    expect(postgres({ replicas: 2 }).spec().instances[0].minAvailable).toBe(1);
  });

  test.each(['off', 'local', 'OFF', 'false', '0'])('docs/replication_modes.rst: synchronous_commit=%s defeats synchronousReplicas and is refused', (value) => {
    const { props, message } = refused(() => postgres({ synchronousReplicas: 1, config: { synchronous_commit: value } }));
    expect(props).toContain('config.synchronous_commit');
    expect(message).toContain('synchronousReplicas 1');
  });

  test('docs/replication_modes.rst: synchronous_commit on, remote_write and remote_apply keep the guarantee; off is fine without it', () => {
    for (const value of ['on', 'remote_write', 'remote_apply']) expect(() => postgres({ synchronousReplicas: 1, config: { synchronous_commit: value } }).spec()).not.toThrow();
    expect(postgres({ config: { synchronous_commit: 'off' } }).spec().patroni.dynamicConfiguration.postgresql.parameters).toEqual({ synchronous_commit: 'off' });
  });

  test('every broken parameter rule is reported at once', () => {
    const props = refused(() => postgres({ synchronousReplicas: 1, config: { wal_level: 'minimal', max_connections: '10', synchronous_commit: 'local' } })).props;
    expect(props).toEqual(['config', 'config.max_connections', 'config.synchronous_commit']);
  });
});

describe('Pods PGO runs without limits or placement unless the CRD says so', () => {
  /** A cluster with every pod kind: instances, PgBouncer, repository host, backup Jobs, a clone's restore Job, the exporter. */
  function everything(scheduling: Props['scheduling'] = {}) {
    return withStorage((c) => ({
      scheduling,
      resources: { cpu: Cpu.units(2), memory: Size.gibibytes(4) },
      backup: { storage: storage(c, 'primary') },
      restoreFrom: RestoreSource.pointInTime({ storage: storage(c, 'legacy'), sourceCluster: 'billing', time: INSTANT }),
      monitoring: Monitoring.prometheus(),
    }));
  }

  const limits = (cpu: string, memory: string) => ({ limits: { cpu, memory }, requests: { cpu, memory } });

  test('pgbackrest.go:generateRepoHostIntent and pgbackrest/reconcile.go:AddServerToRepoPod: the repository host\'s limits and the database\'s nodes', () => {
    const s = everything({ nodeSelector: { pool: 'db' }, tolerations: TOLERATIONS, antiAffinity: AntiAffinity.REQUIRED }).spec();
    expect(s.backups.pgbackrest.repoHost).toEqual({ resources: limits('500m', '512Mi'), affinity: { nodeAffinity: DB_NODES }, tolerations: TOLERATIONS });
  });

  test('pgbackrest.go:generateBackupJobSpecIntent: the backup Jobs\' limits and the database\'s nodes', () => {
    const s = everything({ nodeSelector: { pool: 'db' }, tolerations: TOLERATIONS }).spec();
    expect(s.backups.pgbackrest.jobs).toEqual({ resources: limits('100m', '128Mi'), affinity: { nodeAffinity: DB_NODES }, tolerations: TOLERATIONS });
  });

  test('pgbackrest/reconcile.go:AddServerToInstancePod, addServerContainerAndVolume: the pgbackrest and pgbackrest-config containers\' limits', () => {
    expect(everything().spec().backups.pgbackrest.containers).toEqual({ pgbackrest: { resources: limits('500m', '512Mi') }, pgbackrestConfig: { resources: limits('50m', '64Mi') } });
  });

  test('pgbackrest.go:generateRestoreJobIntent: a clone\'s restore Job gets an instance\'s resources and the database\'s nodes', () => {
    const s = everything({ nodeSelector: { pool: 'db' }, tolerations: TOLERATIONS }).spec();
    expect(s.dataSource.pgbackrest).toMatchObject({ resources: limits('2', '4Gi'), affinity: { nodeAffinity: DB_NODES }, tolerations: TOLERATIONS });
  });

  test('postgres/reconcile.go:InstancePod and pgbouncer/reconcile.go:Pod: the replication-cert-copy and pgbouncer-config containers\' limits', () => {
    const s = everything().spec();
    expect(s.instances[0].containers).toEqual({ replicaCertCopy: { resources: limits('50m', '64Mi') } });
    expect(s.proxy.pgBouncer.containers).toEqual({ pgbouncerConfig: { resources: limits('50m', '64Mi') } });
  });

  test('Pod Security Admission (restricted) on the exporter sidecar, which PGO adds as given', () => {
    expect(everything().spec().instances[0].sidecars[0].securityContext).toMatchObject({
      allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('the library\'s suite-wide checks (limits on every container section, names, credentials) hold for all of it', () => {
    expect(manifestProblems(everything({ nodeSelector: { pool: 'db' }, tolerations: TOLERATIONS }).objects())).toEqual([]);
  });
});

describe('The safe-change guard: PGO\'s and Patroni\'s update rules', () => {
  /** The PerconaPGCluster of a cluster with these props (before or after a change). */
  function pg(props: Props = {}): any[] {
    return postgres(props).objects().filter((o) => o.kind === 'PerconaPGCluster');
  }

  test('postgres/config.go:DataDirectory: a major version change is destructive (it needs a PerconaPGUpgrade)', () => {
    const next = pg({ engine: DatabaseEngine.postgres({ version: PostgresVersion.of('18.1') }) });
    expect(changes(pg(), next)).toEqual(expect.arrayContaining(['spec.postgresVersion: destructive']));
  });

  test('Service exposure (generatePatroniLeaderLeaseService, generatePGBouncerService): opening a LoadBalancer wider is risky and names the exposure', () => {
    const internal = pg({ expose: Expose.loadBalancer({ sourceRanges: ['10.0.0.0/8'] }) });
    const open = pg({ expose: Expose.loadBalancer() });
    expect(changes(pg(), internal)).toEqual(['spec.proxy.pgBouncer.expose: risky']);
    expect(reasons(pg(), internal)).toContain('opened to 10.0.0.0/8');
    expect(reasons(internal, open)).toContain('opened to 0.0.0.0/0, ::/0');
    expect(reasons(internal, pg({ expose: Expose.loadBalancer({ sourceRanges: ['10.0.0.0/8', '203.0.113.7'] }) }))).toContain('opened to 203.0.113.7/32');
    // A narrower range inside the old one opens nothing; it shuts clients out.
    expect(reasons(internal, pg({ expose: Expose.loadBalancer({ sourceRanges: ['10.1.0.0/16'] }) }))).toContain('narrowed to 10.1.0.0/16');
    expect(reasons(internal, pg({ expose: Expose.loadBalancer({ sourceRanges: ['10.0.0.0/8'], annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' } }) })))
      .toContain('internal or internet-facing');
    expect(changes(pg({ expose: Expose.loadBalancer({ sourceRanges: ['2001:db8::/32'] }) }), pg({ expose: Expose.loadBalancer({ sourceRanges: ['2001:db8:1::/48'] }) })))
      .toEqual(['spec.proxy.pgBouncer.expose: risky']);
  });

  test('patroni/postgresql/sync.py: turning synchronous replication off is risky, on is safe, fewer synchronous standbys is risky', () => {
    const sync = pg({ replicas: 5, synchronousReplicas: 2 });
    expect(changes(sync, pg({ replicas: 5 }))).toEqual(expect.arrayContaining(['spec.patroni.dynamicConfiguration.synchronous_mode: risky']));
    expect(changes(pg({ replicas: 5 }), sync)).toEqual(expect.arrayContaining(['spec.patroni.dynamicConfiguration.synchronous_mode: safe']));
    expect(reasons(sync, pg({ replicas: 5 }))).toContain('commits no longer wait for a standby');
    expect(changes(pg({ replicas: 5, synchronousReplicas: 1 }), sync)).toEqual(['spec.patroni.dynamicConfiguration.synchronous_node_count: safe']);
    expect(changes(sync, pg({ replicas: 5, synchronousReplicas: 1 }))).toEqual(['spec.patroni.dynamicConfiguration.synchronous_node_count: risky']);
  });

  test('postgrescluster/instance.go:deleteInstance: fewer instances is risky, and their volumes stay', () => {
    expect(changes(pg({ replicas: 5 }), pg())).toEqual(expect.arrayContaining(['spec.instances[instance1].replicas: risky']));
    expect(reasons(pg({ replicas: 5 }), pg())).toContain('their volumes stay until deleted by hand');
  });

  test('postgres/users.go: a removed user keeps its role (safe); another Secret for the user is risky', () => {
    expect(changes(pg({ monitoring: Monitoring.prometheus({ alerts: false }) }), pg())).toEqual(expect.arrayContaining(['spec.users[exporter]: safe']));
    expect(changes(pg(), pg({ credentialsSecret: 'orders-app' }))).toEqual(['spec.users[fleet-orders].secretName: risky']);
  });

  test('pgbackrest.go:reconcileCloudBasedDataSource: dataSource is read only at creation', () => {
    const clone = (time: string) => withStorage((c) => ({
      backup: { storage: storage(c, 'primary') },
      restoreFrom: RestoreSource.pointInTime({ storage: storage(c, 'legacy'), sourceCluster: 'billing', time }),
    })).objects().filter((o) => o.kind === 'PerconaPGCluster');
    expect(changes(clone(INSTANT), clone('2026-11-21T08:30:00Z'))).toEqual(['spec.dataSource: risky']);
    expect(reasons(clone(INSTANT), clone('2026-11-21T08:30:00Z'))).toContain('only at creation');
  });

  test('pgbackrest/postgres.go:PostgreSQL: turning backups off is risky (WAL discarded), and never blocked (authorizeBackupRemoval)', () => {
    const before = backedUp().objects().filter((o) => o.kind === 'PerconaPGCluster');
    const after = pg();
    expect(changes(before, after)).toEqual(expect.arrayContaining(['spec.backups.enabled: risky', 'spec.backups.pgbackrest.repos[repo1]: risky']));
    expect(only(after, 'PerconaPGCluster').metadata.annotations['postgres-operator.crunchydata.com/authorizeBackupRemoval']).toBe('true');
  });
});
