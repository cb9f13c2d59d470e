import type * as Yaml from 'yaml';
import {
  BackupPhase, component, ComponentReport, count, Count, hasCondition, KubeObject, num, OperatorStatusMapping, Phase,
  phaseOf, str, sum,
} from '../../status-mapping';
import { perconaBackupReport, servingDespiteError } from '../percona/status';

/**
 * `status.status` of a DatabaseCluster (AppState, api/everest/v1alpha1/databasecluster_types.go), computed by each
 * provider's `Status()` (internal/controller/everest/providers/<engine>/provider.go) and written by
 * internal/controller/everest/databasecluster_controller.go:reconcileDBStatus; later rules override earlier ones.
 */
export const EVEREST_STATES: Readonly<Record<string, Phase>> = {
  // Never reconciled yet.
  '': 'Provisioning',
  // Status(): the upstream operator has written no state yet (AppState.WithCreatingState turns '' and the declared
  // `unknown` into it, so `unknown` is never written).
  'creating': 'Provisioning',
  // Copied from the upstream PXC, PSMDB or Percona PG state: a first start and a lost member alike.
  'initializing': 'Provisioning',
  'ready': 'Ready',
  // Copied from PXC or PSMDB (a failed reconcile, see servingDespiteError), or observeDataImportState: the data
  // import failed (condition ImportFailed).
  'error': 'Failed',
  // Copied from upstream: paused, or pausing with pods still ready.
  'paused': 'Paused',
  'stopping': 'Paused',
  // Status(): a DatabaseClusterRestore of this cluster is running (common.IsDatabaseClusterRestoreRunning).
  'restoring': 'Restoring',
  // Status(): a PVC resize in progress, or one that failed and is retried.
  'resizingVolumes': 'Upgrading',
  // Status(): the engine version in the spec differs from the running one.
  'upgrading': 'Upgrading',
  // observeDataImportState: the data import job has not succeeded yet.
  'importing': 'Restoring',
  // Reconcile: metadata.deletionTimestamp is set.
  'deleting': 'Deleting',
};

/** `status.state` of a DatabaseClusterBackup (BackupState, api/everest/v1alpha1/databaseclusterbackup_types.go). */
export const EVEREST_BACKUP_STATES: Readonly<Record<string, BackupPhase>> = {
  // New, the upstream backup not found, or an upstream state GetDBBackupState does not map.
  '': 'Pending',
  // GetDBBackupState: PXC and PG `Starting`, PSMDB `requested` and `waiting`.
  'Starting': 'Running',
  'Running': 'Running',
  // GetDBBackupState: PXC and PG `Succeeded`, PSMDB `ready`; `status.completed` is the upstream completion time.
  'Succeeded': 'Succeeded',
  'Failed': 'Failed',
  // internal/controller/everest/databaseclusterbackup_controller.go: metadata.deletionTimestamp is set.
  'Deleting': 'Deleting',
};

/**
 * The upstream operator's status, which Everest copies into `status.details` as YAML (common/helper.go:
 * StatusAsPlainTextOrEmptyString, gopkg.in/yaml.v3 on the Go struct: keys are the Go field names in lower case,
 * embedded structs nest under their type's name, and the counts are not split from `status.ready`/`status.size`,
 * which add proxies, routers and config servers to the members).
 */
function upstreamStatus(o: KubeObject): KubeObject {
  const details = str(o.status?.details);
  if (!details) return {};
  try {
    return asObject(readGoYaml(details));
  } catch {
    try {
      // Loaded on first use: the YAML parser is not part of the package's load.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return asObject((require('yaml') as typeof Yaml).parse(details));
    } catch {
      return {};
    }
  }
}

function asObject(value: unknown): KubeObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as KubeObject : {};
}

/** A line of block YAML: its indentation and its text. */
interface YamlLine {
  readonly indent: number;
  readonly text: string;
}

/** Thrown for anything outside the subset readGoYaml reads; the full parser takes over. */
class NotInSubset extends Error {}

const KEY = /^([A-Za-z0-9_./-]+):(?: (.*))?$/;
const PLAIN = /^[^\s\[\]{}&*!|>'"%@`#,?:-][^#]*$/;
const CORE_SCHEMA_OTHER = /^(Null|NULL|True|TRUE|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$/;

/**
 * The block YAML gopkg.in/yaml.v3 writes for a Go struct, read about a hundred times faster than a general parser
 * (the reconciler reads every Everest cluster's details): block mappings and sequences, plain, quoted (without
 * escapes) and empty-collection scalars. Anything else (a block scalar, an escape, a comment) throws NotInSubset.
 */
export function readGoYaml(text: string): unknown {
  const lines: YamlLine[] = text.split('\n').filter((l) => l.trim() !== '').map((l) => ({ indent: l.length - l.trimStart().length, text: l.trim() }));
  if (lines.length === 0) return null;
  const { value, next } = node(lines, 0);
  if (next !== lines.length) throw new NotInSubset();
  return value;
}

function isItem(line: YamlLine): boolean {
  return line.text === '-' || line.text.startsWith('- ');
}

function node(lines: YamlLine[], at: number): { value: unknown; next: number } {
  return isItem(lines[at]) ? sequence(lines, at, lines[at].indent) : mapping(lines, at, lines[at].indent);
}

function mapping(lines: YamlLine[], at: number, indent: number): { value: unknown; next: number } {
  const out: KubeObject = {};
  let i = at;
  while (i < lines.length && lines[i].indent === indent && !isItem(lines[i])) {
    const match = KEY.exec(lines[i].text);
    if (!match) throw new NotInSubset();
    i++;
    if (match[2] !== undefined && match[2] !== '') {
      out[match[1]] = scalar(match[2]);
    } else if (i < lines.length && (lines[i].indent > indent || (lines[i].indent === indent && isItem(lines[i])))) {
      const child = node(lines, i);
      out[match[1]] = child.value;
      i = child.next;
    } else {
      out[match[1]] = null;
    }
  }
  if (i < lines.length && lines[i].indent > indent) throw new NotInSubset();
  return { value: out, next: i };
}

function sequence(lines: YamlLine[], at: number, indent: number): { value: unknown; next: number } {
  const out: unknown[] = [];
  let i = at;
  while (i < lines.length && lines[i].indent === indent && isItem(lines[i])) {
    const rest = lines[i].text.slice(1).trimStart();
    if (rest === '') {
      if (i + 1 >= lines.length || lines[i + 1].indent <= indent) throw new NotInSubset();
      const child = node(lines, i + 1);
      out.push(child.value);
      i = child.next;
    } else if (KEY.test(rest)) {
      // `- key: value` opens a mapping whose keys line up with `key`.
      const inner = [...lines];
      inner[i] = { indent: indent + lines[i].text.length - rest.length, text: rest };
      const child = mapping(inner, i, inner[i].indent);
      out.push(child.value);
      i = child.next;
    } else {
      out.push(scalar(rest));
      i++;
    }
  }
  return { value: out, next: i };
}

function scalar(text: string): unknown {
  if (text === '{}') return {};
  if (text === '[]') return [];
  if (text === 'null' || text === '~') return null;
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(text)) return Number(text);
  if (/^"[^"\\]*"$/.test(text)) return text.slice(1, -1);
  if (/^'([^']|'')*'$/.test(text)) return text.slice(1, -1).replace(/''/g, "'");
  // YAML 1.2's other null, boolean and number forms are left to the full parser.
  if (CORE_SCHEMA_OTHER.test(text)) throw new NotInSubset();
  if (PLAIN.test(text) && !text.includes(': ') && !text.endsWith(':')) return text.trimEnd();
  throw new NotInSubset();
}

interface EngineReport {
  readonly members?: Count;
  readonly components: ComponentReport[];
  readonly engineVersion?: string;
  readonly wasReady?: boolean;
}

/** What each engine's upstream status says, with desired counts from the DatabaseCluster's own spec. */
const ENGINES: Record<string, (spec: KubeObject, upstream: KubeObject) => EngineReport> = {
  // providers/pxc/provider.go:Status copies a PerconaXtraDBClusterStatus (pkg/apis/pxc/v1/pxc_types.go).
  pxc: (spec, up) => {
    const proxy = spec.proxy?.type === 'haproxy' || spec.proxy?.type === 'proxysql' ? spec.proxy.type as string : undefined;
    return {
      members: count(up.pxc?.ready, num(spec.engine?.replicas) ?? up.pxc?.size),
      components: proxy ? component(proxy, 'Proxy', count(up[proxy]?.ready, num(spec.proxy?.replicas) ?? up[proxy]?.size)) : [],
      engineVersion: str(up.pxc?.componentstatus?.version),
      // As for PXC itself: the condition history (ClusterCondition.Type) holds `ready` once the cluster was Ready.
      wasReady: hasCondition(up.conditions, 'ready'),
    };
  },
  // providers/psmdb/provider.go:Status copies a PerconaServerMongoDBStatus (pkg/apis/psmdb/v1/psmdb_types.go).
  psmdb: (spec, up) => {
    const sharded = spec.sharding?.enabled === true;
    const counted = sum(Object.entries<KubeObject>(up.replsets ?? {}).filter(([name]) => name !== 'cfg').map(([, rs]) => count(rs.ready, rs.size)));
    const perReplset = num(spec.engine?.replicas);
    return {
      members: count(counted?.ready, perReplset === undefined ? counted?.desired : perReplset * (sharded ? num(spec.sharding.shards) ?? 1 : 1)),
      components: sharded ? [
        ...component('mongos', 'Router', count(up.mongos?.ready, num(spec.proxy?.replicas) ?? up.mongos?.size)),
        ...component('cfg', 'ConfigServer', count(up.replsets?.cfg?.ready, num(spec.sharding.configServer?.replicas) ?? up.replsets?.cfg?.size)),
      ] : [],
      engineVersion: str(up.mongoversion),
    };
  },
  // providers/pg/provider.go:Status copies a PerconaPGClusterStatus (pkg/apis/pgv2.percona.com/v2).
  postgresql: (spec, up) => ({
    members: count(up.postgres?.ready, num(spec.engine?.replicas) ?? up.postgres?.size),
    components: component('pgbouncer', 'ConnectionPooler', count(up.pgbouncer?.ready, num(spec.proxy?.replicas) ?? up.pgbouncer?.size)),
    engineVersion: num(up.postgres?.version) ? String(up.postgres.version) : undefined,
  }),
};

/** How OpenEverest reports a DatabaseCluster and its DatabaseClusterBackups. */
export const EVEREST_STATUS: OperatorStatusMapping = {
  name: 'OpenEverest',
  cluster: { group: 'everest.percona.com', version: 'v1alpha1', kind: 'DatabaseCluster', plural: 'databaseclusters' },
  backup: { group: 'everest.percona.com', version: 'v1alpha1', kind: 'DatabaseClusterBackup', plural: 'databaseclusterbackups' },
  backupReport: perconaBackupReport(EVEREST_BACKUP_STATES, 'dbClusterName'),
  report: (o) => {
    const state = o.status?.status;
    const engine = ENGINES[o.spec?.engine?.type]?.(o.spec, upstreamStatus(o)) ?? { components: [] };
    const phase = phaseOf(EVEREST_STATES, state);
    return {
      state: state ?? '',
      // observeDataImportState: an import that failed leaves the database without its data, whatever still runs.
      phase: hasCondition(o.status?.conditions, 'ImportFailed', 'True') ? phase : servingDespiteError(phase, state, engine.members),
      ...engine,
    };
  },
};
