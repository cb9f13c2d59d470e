import { IConstruct } from 'constructs';
import { mainStorageOf, OnDemandBackupRecord, OPLOG_SPAN_MINUTES } from './backup';
import { MONGOD_OPTION_RULES } from './mongod-options';
import { mongosName, psmdbMongodReplsets, STATEFULSET_NAME_MAX, usersSecret } from './names';
import { PSMDB_CATALOGUE, PSMDB_OPERATOR } from './versions';
import { ClusterModel, ScheduleModel, storagesOf } from '../../model';
import { isDnsSubdomain } from '../../names';
import { quantityBytes } from '../../quantity';
import { isRfc3339 } from '../../restore-rules';
import { RestoreSource } from '../../restore-source';
import { checkRules, nameLengthRule, Rule } from '../../rules';
import { onEverySynthesis } from '../../synthesis';

/** MongoDB's limit on replica set members: pods beyond it are never added (mongo/models.go:MaxMembers). */
const MAX_MEMBERS = 50;
const GIB = 2 ** 30;

function longestReplsetName(model: ClusterModel): string {
  return psmdbMongodReplsets(model).reduce((a, b) => (b.length > a.length ? b : a));
}

/**
 * What the PSMDB operator checks, rewrites or skips in any cluster it runs, directly or under Everest (which names
 * the native cluster after its DatabaseCluster, writes `config` into every shard's `configuration` and turns volume
 * expansion on): names, member counts, volume sizes and mongod options.
 */
export const PSMDB_CLUSTER_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  // psmdb_defaults.go:CheckNSetDefaults: `len(cr.Name+replset.Name) > clusterNameMaxLen` (50), cfg included when sharded.
  nameLengthRule('Percona Server for MongoDB', 50, longestReplsetName),
  {
    // psmdb_types.go:MongosNamespacedName names the mongos StatefulSet `<cluster>-mongos`; the StatefulSet controller
    // labels its pods `controller-revision-hash: <StatefulSet>-<hash>`, at most 63 characters. The operator's own
    // check (50 with `cfg`) lets 46 and 47 characters through, and mongos then never gets a pod.
    prop: 'name',
    value: (m) => m.name,
    when: (m) => m.sharding !== undefined,
    valid: (m) => mongosName(m.name).length <= STATEFULSET_NAME_MAX,
    reason: 'the mongos StatefulSet <name>-mongos labels its pods with its name plus a hash of up to 10 characters, at most 63: '
      + `a sharded cluster's name is at most ${STATEFULSET_NAME_MAX - '-mongos'.length} characters, or mongos never starts`,
  },
  {
    // controller/perconaservermongodb/mgo.go:updateConfigMembers stops at mongo.MaxMembers and only logs the rest.
    prop: 'replicas',
    value: (m) => m.replicas,
    valid: (m) => m.replicas <= MAX_MEMBERS,
    reason: `a MongoDB replica set has at most ${MAX_MEMBERS} members: the ${PSMDB_OPERATOR} never adds pods beyond them (and members beyond 7 do not vote)`,
  },
  {
    prop: 'sharding.configServers',
    value: (m) => m.sharding?.configServers,
    when: (m) => m.sharding !== undefined,
    valid: (m) => m.sharding!.configServers <= MAX_MEMBERS,
    reason: `the config servers are a replica set of at most ${MAX_MEMBERS} members`,
  },
  {
    // controller/perconaservermongodb/volumes.go:resizeVolumesIfNeeded rounds the request up to whole GiB (RoundUpGiB)
    // and grows every volume whose capacity is below that, or patches the cluster's size back when it cannot.
    prop: 'storage.size',
    value: (m) => m.storage.size,
    when: (m) => !Number.isNaN(quantityBytes(m.storage.size)),
    valid: (m) => quantityBytes(m.storage.size) % GIB === 0,
    reason: `the ${PSMDB_OPERATOR} rounds volume sizes up to whole GiB and grows volumes that are smaller: give whole GiB (Size.gibibytes)`,
  },
  ...MONGOD_OPTION_RULES,
];

/** A PBM backup name (a backup's `status.pbmName`): the second it started, RFC 3339 in UTC. */
export function isPbmBackupName(name: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(name) && isRfc3339(name);
}

/** The image's tag, without a digest; undefined when it has none. */
function imageTag(image: string): string | undefined {
  const named = image.split('@')[0];
  const colon = named.lastIndexOf(':');
  return colon > named.lastIndexOf('/') ? named.slice(colon + 1) : undefined;
}

/** The `major.minor` a version tag starts with (`8.0` of `8.0.17-6`); undefined for other tags. */
function tagLine(image: string): string | undefined {
  return /^(\d+\.\d+)(\.|-|$)/.exec(imageTag(image) ?? '')?.[1];
}

/**
 * An image of the user's own: the operator runs it as is (`upgradeOptions.apply: disabled`) and pulls it again on
 * every restart (`imagePullPolicy: Always`, psmdb_defaults.go:CheckNSetDefaults), so a moving tag changes the engine
 * behind the manifest; a version tag must be the engine version's line, which status, upgrades and the guard assume.
 */
const IMAGE_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  {
    prop: 'engine.image',
    value: (m) => m.engine.image,
    when: (m) => m.engine.image !== undefined,
    valid: (m) => imageTag(m.engine.image!) !== 'latest' && (imageTag(m.engine.image!) !== undefined || m.engine.image!.includes('@')),
    reason: `the ${PSMDB_OPERATOR} pulls the image on every pod start: pin a tag other than latest, or a digest`,
  },
  {
    prop: 'engine.image',
    value: (m) => m.engine.image,
    when: (m) => m.engine.image !== undefined && tagLine(m.engine.image) !== undefined,
    valid: (m) => tagLine(m.engine.image!) === m.engine.minorVersion,
    reason: (m) => `the image's tag must be of MongoDB ${m.engine.minorVersion}, the engine version`,
  },
];

/** Storages are the keys of `spec.backup.storages`: each name once. */
function uniqueStorageNamesRule<T>(prop: string, modelOf: (subject: T) => ClusterModel): Rule<T> {
  const names = (t: T) => storagesOf(modelOf(t)).map((s) => s.name);
  return {
    prop,
    value: (t) => names(t),
    valid: (t) => new Set(names(t)).size === names(t).length,
    reason: 'the storages of one cluster are the keys of spec.backup.storages: two BackupStorages of it have the same name',
  };
}

/**
 * With several storages, exactly one is PBM's main storage (psmdb_defaults.go:CheckNSetDefaults refuses none and
 * several, crVersion >= 1.20): the cluster's `backup.storage`.
 */
function mainStorageRule<T>(prop: string, modelOf: (subject: T) => ClusterModel): Rule<T> {
  return {
    prop,
    value: (t) => storagesOf(modelOf(t)).map((s) => s.name),
    valid: (t) => mainStorageOf(modelOf(t)) !== undefined || storagesOf(modelOf(t)).length === 0,
    reason: `the ${PSMDB_OPERATOR} needs one main storage among several (PBM's own, which receives the oplog): `
      + 'the cluster\'s backup.storage is main, so give the cluster a backup.storage',
  };
}

/** Where a restore rule finds its prop (`restoreFrom`, `source`), the restoring cluster and the source. */
interface RestoreSubjectOf<T> {
  readonly prop: string;
  readonly model: (subject: T) => ClusterModel;
  readonly source: (subject: T) => RestoreSource | undefined;
}

/** The backup object a restore names (`backupName`, or the base of an instant); undefined for a PBM backup name. */
function backupObjectOf(source: RestoreSource | undefined): string | undefined {
  const name = source?.backupName ?? source?.baseBackupName;
  return name !== undefined && isDnsSubdomain(name) ? name : undefined;
}

/**
 * What the restore controller needs of a PerconaServerMongoDBRestore (psmdb_restore_controller.go, validate.go,
 * logical.go at v1.21.2); every failure there is permanent (`status.state: error`, never retried).
 */
function restoreRules<T>({ prop, model, source }: RestoreSubjectOf<T>): Rule<T>[] {
  const time = (t: T) => source(t)?.time;
  return [
    {
      // Reconcile → getBackup: `backupName` is a PerconaServerMongoDBBackup of the namespace; a backup source names
      // its PBM backup by the last segment of `destination`.
      prop: `${prop}.backupName`,
      value: (t) => source(t)?.backupName,
      when: (t) => source(t)?.backupName !== undefined,
      valid: (t) => isDnsSubdomain(source(t)!.backupName!) || isPbmBackupName(source(t)!.backupName!),
      reason: 'a backup name must be a DNS subdomain, the name of its backup object, or its PBM name (status.pbmName, e.g. 2026-11-20T02:00:21Z)',
    },
    {
      // CheckFields: a backup source needs a storage (s3, gcs or azure) to read the PBM backup from.
      prop: `${prop}.storage`,
      value: (t) => source(t)?.storage?.name,
      when: (t) => source(t)?.backupName !== undefined && isPbmBackupName(source(t)!.backupName!),
      valid: (t) => source(t)!.storage !== undefined,
      reason: 'a backup named by its PBM name is read from its storage: give the storage',
    },
    {
      // validate.go:validate → getStorage: the backup object's storageName must be a storage of the restoring
      // cluster, and only a cluster with backups on runs the PBM agents that restore.
      prop: `${prop}.backupName`,
      value: (t) => backupObjectOf(source(t)),
      when: (t) => backupObjectOf(source(t)) !== undefined,
      valid: (t) => storagesOf(model(t)).length > 0,
      reason: 'the operator restores a backup object through the cluster\'s storage of that name: give the cluster a backup.storage (or the source\'s storage)',
    },
    {
      // validate.go:validate → getStorage looks the backup object's storage up in the restoring cluster's spec, whose
      // path is the restoring cluster's own (`<prefix>/<namespace>/<cluster>`); getBackup reads the object from the
      // restore's namespace.
      prop: `${prop}.sourceCluster`,
      value: (t) => `${source(t)!.sourceNamespace ?? model(t).namespace ?? 'default'}/${source(t)!.sourceCluster}`,
      when: (t) => backupObjectOf(source(t)) !== undefined && source(t)!.sourceCluster !== undefined,
      valid: (t) => source(t)!.sourceCluster === model(t).name && (source(t)!.sourceNamespace ?? model(t).namespace) === model(t).namespace,
      reason: (t) => `the ${PSMDB_OPERATOR} finds a backup object's files below the restoring cluster's own path in the storage, so it restores `
        + 'only backups that a cluster of this name and namespace took; '
        + (time(t) === undefined ? 'name another cluster\'s backup by its PBM name (status.pbmName) with its storage and sourceCluster'
          : 'an instant of another cluster cannot be restored onto a base backup object'),
    },
    {
      // getBackup takes the PBM backup from the restore (backupName, or the destination's last segment) and
      // logical.go:runRestore sends that name: PBM never picks the base of an instant itself.
      prop: `${prop}.baseBackupName`,
      value: (t) => source(t)?.baseBackupName,
      when: (t) => time(t) !== undefined,
      valid: (t) => source(t)!.baseBackupName !== undefined,
      reason: `the ${PSMDB_OPERATOR} replays the oplog onto the backup a restore names and never picks one itself: give baseBackupName`,
    },
    {
      // validate.go:validate → GetPITRChunkContains: the instant must lie in an uploaded oplog chunk, and PBM uploads
      // one every `oplogSpanMin` minutes.
      prop: `${prop}.time`,
      value: (t) => time(t),
      when: (t) => time(t) !== undefined && isRfc3339(time(t)!),
      valid: (t) => Date.parse(time(t)!) <= Date.now() - OPLOG_SPAN_MINUTES * 60_000,
      reason: `PBM uploads the oplog every ${OPLOG_SPAN_MINUTES} minutes and the operator fails a restore to an instant no uploaded chunk `
        + `holds yet, for good: restore an instant at least ${OPLOG_SPAN_MINUTES} minutes old`,
    },
    {
      // pbm.go:reconcilePiTRConfig: the oplog goes to the main storage only.
      prop: `${prop}.storage`,
      value: (t) => source(t)?.storage?.name,
      when: (t) => time(t) !== undefined && source(t)?.storage !== undefined && mainStorageOf(model(t)) !== undefined,
      valid: (t) => source(t)!.storage === mainStorageOf(model(t)),
      reason: (t) => `PBM keeps the oplog on the cluster's main storage (${mainStorageOf(model(t))!.name}) only: restore an instant from it`,
    },
  ];
}

/** The operator's and PBM's limits that our props can break, beyond the engine's own. */
export const PSMDB_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  ...PSMDB_CLUSTER_RULES,
  ...PSMDB_CATALOGUE.rules(),
  ...IMAGE_RULES,
  // A clone's storage is the only one that can join `backup.storage` at this point, which stays main.
  uniqueStorageNamesRule<ClusterModel>('restoreFrom.storage', (m) => m),
  ...restoreRules<ClusterModel>({ prop: 'restoreFrom', model: (m) => m, source: (m) => m.restoreFrom }),
  {
    prop: 'monitoring.credentialsSecret',
    value: (m) => m.monitoring?.pmmOptions?.credentialsSecret,
    when: (m) => m.monitoring?.pmmOptions !== undefined,
    valid: (m) => m.monitoring!.pmmOptions!.credentialsSecret === usersSecret(m),
    reason: (m) => `the PSMDB operator reads the PMM token (key PMM_SERVER_TOKEN) from the users Secret only: name ${usersSecret(m)}, `
      + 'or set credentialsSecret to the Secret that holds both',
  },
];

type ScheduleSubject = { readonly model: ClusterModel; readonly schedule: ScheduleModel };
const withSchedule = (s: ScheduleSubject): ClusterModel => ({ ...s.model, schedules: [...s.model.schedules, s.schedule] });

/**
 * A schedule may write to any storage of the cluster (a non-main one through a PBM profile, backup.go:Start).
 * Schedules that start at the same time are no limit: each firing creates its own backup object
 * (job.go:BackupFromTask, `generateName`), and the second waits for the first (psmdb_backup_controller.go:reconcile).
 */
export const SCHEDULE_RULES: ReadonlyArray<Rule<ScheduleSubject>> = [
  uniqueStorageNamesRule<ScheduleSubject>('storage', withSchedule),
  mainStorageRule<ScheduleSubject>('storage', withSchedule),
];

// On-demand backups and restores are checked once they have added their storage to the model.
export const ON_DEMAND_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  uniqueStorageNamesRule<ClusterModel>('storage', (m) => m),
  mainStorageRule<ClusterModel>('storage', (m) => m),
];

type RestoreSubject = { readonly model: ClusterModel; readonly source: RestoreSource };

export const RESTORE_RULES: ReadonlyArray<Rule<RestoreSubject>> = [
  uniqueStorageNamesRule<RestoreSubject>('source.storage', (r) => r.model),
  mainStorageRule<RestoreSubject>('source.storage', (r) => r.model),
  ...restoreRules<RestoreSubject>({ prop: 'source', model: (r) => r.model, source: (r) => r.source }),
];

/**
 * Checks `rules` once the app is complete, before any object is rendered: cdk8s runs every construct's validations
 * first and lets what they throw through, so the error is the library's own, for the construct at `scope`.
 */
export function checkAtSynthesis<T>(scope: IConstruct, rules: ReadonlyArray<Rule<T>>, subject: () => T): void {
  onEverySynthesis(scope, `psmdb-rules:${scope.node.path}`, () => checkRules(scope, rules, subject()));
}

/** What only the whole synthesis shows: checked when the objects are rendered. */
export interface SynthesisFacts {
  readonly model: ClusterModel;
  /** The PerconaServerMongoDBBackup objects the app synthesizes, as `namespace/name`, with their storages. */
  readonly onDemandBackups: ReadonlyMap<string, OnDemandBackupRecord>;
}

/** A cluster's rules that read every schedule and backup object of the app. */
export const SYNTHESIS_RULES: ReadonlyArray<Rule<SynthesisFacts>> = [
  {
    // pbm.go:reconcilePiTRConfig → hasFullBackup: PITR starts only after a full backup on the main storage; until
    // then the operator only logs.
    prop: 'backup.pointInTimeRecovery',
    value: (f) => f.model.schedules.filter((s) => s.enabled).map((s) => s.storage.name),
    when: (f) => f.model.backup?.pointInTimeRecovery === true && f.model.schedules.some((s) => s.enabled),
    valid: (f) => f.model.schedules.some((s) => s.enabled && s.storage === f.model.backup!.storage)
      || [...f.onDemandBackups.values()].some((b) => b.model === f.model && b.storage === f.model.backup!.storage),
    reason: (f) => `the ${PSMDB_OPERATOR} ships the oplog only after a full backup on the main storage (${f.model.backup!.storage.name}), `
      + 'and every schedule writes elsewhere: schedule backups to it too',
  },
];

type RestoreObjectFacts = SynthesisFacts & { readonly source: RestoreSource };

/** psmdb_restore_controller.go:Reconcile: a backup object that is not `ready` yet fails the restore for good. */
function backupNotInManifestRule(prop: string, nameOf: (source: RestoreSource) => string | undefined): Rule<RestoreObjectFacts> {
  return {
    prop,
    value: (f) => nameOf(f.source),
    when: (f) => nameOf(f.source) !== undefined && backupObjectOf(f.source) === nameOf(f.source),
    valid: (f) => !f.onDemandBackups.has(`${f.model.namespace ?? 'default'}/${nameOf(f.source)}`),
    reason: `the backup object is in the same manifest: the ${PSMDB_OPERATOR} fails a restore whose backup is not ready yet, for good; `
      + 'apply the restore once the backup is ready',
  };
}

/** A restore's rules that read every backup object of the app: one for the backup, one for the base of an instant. */
export function restoreSynthesisRules(prop: string): ReadonlyArray<Rule<RestoreObjectFacts>> {
  return [
    backupNotInManifestRule(`${prop}.backupName`, (s) => s.backupName),
    backupNotInManifestRule(`${prop}.baseBackupName`, (s) => s.baseBackupName),
  ];
}
