/**
 * Every state string each operator's source writes, on its cluster and its backups (test/reconciler/operators/),
 * read by the reconciler as it would read the live object: the native object is the one the library synthesizes,
 * with the status that operator writes, valid against the vendored CRD (status included); the ManagedDatabase status
 * shows the phase, members, proxies and the library's endpoint. And the other way round: every state of each
 * mapping's tables has a fixture.
 */
import * as YAML from 'yaml';
import { CNPG_CASES } from './operators/cnpg';
import { EVEREST_CASES } from './operators/everest';
import { MARIADB_CASES } from './operators/mariadb';
import { PERCONA_PG_CASES } from './operators/percona-pg';
import { PSMDB_CASES } from './operators/psmdb';
import { PXC_CASES } from './operators/pxc';
import { merge, nativeOf, NAMESPACE, OperatorCases, synthesized } from './operators/support';
import { statusMappings } from '../../src/operators';
import { CNPG_BACKUP_PHASES, CNPG_PHASES } from '../../src/operators/cnpg/status';
import { EVEREST_BACKUP_STATES, EVEREST_STATES, EVEREST_STATUS, readGoYaml } from '../../src/operators/everest/status';
import { MARIADB_BACKUP_STATES, MARIADB_STATES } from '../../src/operators/mariadb/status';
import { PERCONA_PG_BACKUP_STATES, PERCONA_PG_STATES } from '../../src/operators/percona-pg/status';
import { PSMDB_BACKUP_STATES, PSMDB_STATES } from '../../src/operators/psmdb/status';
import { PXC_BACKUP_STATES, PXC_STATES } from '../../src/operators/pxc/status';
import { desiredStatus } from '../../src/reconciler/status';
import { mappingFor } from '../../src/status-mapping';
import { schemaErrors } from '../support/schema';

const NOW = new Date('2026-05-20T03:10:00Z');

/** Each operator's cases with the tables they must cover. */
const OPERATORS: ReadonlyArray<{ cases: OperatorCases; states: object; backupStates: object }> = [
  ...PXC_CASES.map((cases) => ({ cases, states: PXC_STATES, backupStates: PXC_BACKUP_STATES })),
  ...PSMDB_CASES.map((cases) => ({ cases, states: PSMDB_STATES, backupStates: PSMDB_BACKUP_STATES })),
  ...PERCONA_PG_CASES.map((cases) => ({ cases, states: PERCONA_PG_STATES, backupStates: PERCONA_PG_BACKUP_STATES })),
  ...CNPG_CASES.map((cases) => ({ cases, states: CNPG_PHASES, backupStates: CNPG_BACKUP_PHASES })),
  ...EVEREST_CASES.map((cases) => ({ cases, states: EVEREST_STATES, backupStates: EVEREST_BACKUP_STATES })),
  ...MARIADB_CASES.map((cases) => ({ cases, states: MARIADB_STATES, backupStates: MARIADB_BACKUP_STATES })),
];

describe.each(OPERATORS.map((o) => [o.cases.name, o] as const))('%s', (_name, { cases }) => {
  const base = synthesized(cases.props);
  const operator = mappingFor(statusMappings(), base.native.apiVersion, base.native.kind)!;

  test.each(cases.states.map((c) => [c.state || '(none)', c.situation, c] as const))('%j, %s', (_state, _situation, c) => {
    const native = nativeOf(base.native, c);
    expect(schemaErrors([native])).toEqual([]);
    const managedDatabase = c.previousPhase ? { ...base.managedDatabase, status: { phase: c.previousPhase } } : base.managedDatabase;
    const { status } = desiredStatus({ managedDatabase, operator, native, now: NOW });
    expect(status.nativeState).toBe(c.state);
    expect(status).toMatchObject(c.expect);
    // The endpoint is the library's cluster.host:cluster.port, whatever the operator reports.
    expect(status.endpoint).toBe(`${base.host}:${base.port}`);
  });

  test.each(cases.backups.map((b) => [b.state || '(none)', b.situation, b] as const))('backup %j, %s', (_state, _situation, b) => {
    const backup = { apiVersion: cases.backup.apiVersion, kind: cases.backup.kind, metadata: { name: 'orders-daily', namespace: NAMESPACE }, spec: cases.backup.spec, ...(b.status ? { status: b.status } : {}) };
    expect(schemaErrors([backup])).toEqual([]);
    const report = operator.backupReport(backup);
    expect(report.cluster).toBe(base.native.metadata.name);
    expect(report.phase === 'Succeeded' ? report.completedAt : undefined).toBe(b.completedAt);
  });

});

/** Each table with every fixture written for it (Everest's by all its engines together). */
test.each([...new Set(OPERATORS.map((o) => o.states))].map((table) => {
  const users = OPERATORS.filter((o) => o.states === table);
  return [users.map((o) => o.cases.name).join(', '), table, users] as const;
}))('%s: every state of the tables has a fixture, and every fixture\'s state is in them', (_name, table, users) => {
  expect(new Set(users.flatMap((o) => o.cases.states.map((c) => c.state)))).toEqual(new Set(Object.keys(table)));
  expect(new Set(users.flatMap((o) => o.cases.backups.map((b) => b.state)))).toEqual(new Set(Object.keys(users[0].backupStates)));
});

test('a host synthesized without a namespace is qualified with the ManagedDatabase\'s', () => {
  const { native, managedDatabase } = synthesized(PXC_CASES[0].props);
  const operator = mappingFor(statusMappings(), native.apiVersion, native.kind)!;
  const bare = merge(managedDatabase, { spec: { host: 'orders-haproxy' }, metadata: { namespace: 'team-a' } });
  expect(desiredStatus({ managedDatabase: bare, operator, native, now: NOW }).status.endpoint).toBe('orders-haproxy.team-a.svc:3306');
});

describe('Everest\'s details (yaml.v3 output of the upstream status)', () => {
  const V3_STYLE = [
    'pxc:',
    '    componentstatus:',
    '        status: ready',
    '        message: ""',
    '        version: 8.0.42-33.1',
    '    size: 3',
    '    ready: 3',
    'messages: []',
    'conditions:',
    '    - status: "True"',
    '      type: ready',
    '      lasttransitiontime: {}',
    '    - status: \'True\'',
    '      type: it\'s',
    'replsets:',
    '    rs0:',
    '        members: {}',
    '        initialized: true',
    '        addedasshard: null',
    'mongos: null',
    'versions:',
    '    - 8',
    '    - 8.0',
    '    -',
    '        nested: yes',
  ].join('\n');
  const everestDetails = EVEREST_CASES.flatMap((c) => c.states).map((c) => c.status?.details).filter((d): d is string => !!d);

  test.each([['yaml.v3 style', V3_STYLE], ...everestDetails.map((d, i) => [`fixture ${i}`, d])])('%s: the fast reader agrees with the YAML parser', (_name, text) => {
    expect(readGoYaml(text)).toEqual(YAML.parse(text));
  });

  test.each([
    ['a block scalar', 'message: |-\n    line one\n    line two\n'],
    ['an escape', 'message: "tab\\there"\n'],
    ['another YAML 1.2 form', 'size: 0x1F\n'],
    ['a comment', '# note\nsize: 3\n'],
  ])('%s is left to the YAML parser', (_name, text) => {
    expect(() => readGoYaml(text)).toThrow();
    const native = { apiVersion: 'everest.percona.com/v1alpha1', kind: 'DatabaseCluster', spec: { engine: { type: 'pxc', replicas: 3 } }, status: { status: 'ready', details: `pxc:\n  size: 3\n  ready: 2\n${text}` } };
    expect(EVEREST_STATUS.report(native).members).toEqual({ ready: 2, desired: 3 });
  });
});
