import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { BackupStorage } from './backup-storage';
import { CronDialect } from './cron';
import type { KindRules } from './diff/rules/rule';
import { EngineType, Operator } from './engine';
import { ClusterModel, ScheduleModel } from './model';
import { ProxyType } from './proxy';
import { DatabaseResources } from './quantity';
import { RestoreSource } from './restore-source';
import { Rule } from './rules';
import type { OperatorStatusMapping } from './status-mapping';

/**
 * One operator, as every part of the library sees it: the construct layer renders through its targets, the
 * safe-change guard reads its field tables, the status reconciler its status mapping (and the RBAC that needs),
 * the CRD import script its CRD files. Each operator is one folder under src/operators/ exporting one provider;
 * src/operators/index.ts lists them.
 * @internal
 */
export interface OperatorProvider {
  /** The folder's name, e.g. `pxc`. */
  readonly id: string;
  /** The operator's name with its pinned version, e.g. "Percona XtraDB Cluster operator 1.18.0". */
  readonly name: string;
  readonly operator: Operator;
  /** The engines it runs; `target()` gives the renderer of each. */
  readonly engines: ReadonlyArray<EngineType>;
  /** The vendored CRDs (under imports/) its typed classes are generated from, one generated module per API group. */
  readonly crdModules: ReadonlyArray<CrdModule>;
  /** The API groups of the kinds it renders: no file outside its folder names them. */
  readonly apiGroups: ReadonlyArray<string>;
  /** How it reports a cluster's and a backup's status, for the status reconciler. */
  readonly status: OperatorStatusMapping;
  /** The safe-change guard's field table of each kind it renders. Loaded on first use: only the guard reads them. */
  diffRules(): ReadonlyArray<KindRules>;
  /**
   * The renderer of one of `engines`. Loaded on first use: it holds the classes generated from the CRDs, which
   * neither the package's load nor the status reconciler's bundle should pay for.
   */
  target(engine: EngineType): EngineTarget;
}

/** Vendored CRD files that become one generated module `src/imports/<name>-<group>.ts`. @internal */
export interface CrdModule {
  readonly name: string;
  /** Only the CRDs of this group are taken from the files (bundles carry other groups' CRDs too). */
  readonly group: string;
  /** Paths below imports/. */
  readonly files: ReadonlyArray<string>;
}

/** A proxy, router or pooler an operator runs, with the resources each of its pods gets by default. @internal */
export interface ProxyOffer {
  readonly type: ProxyType;
  readonly defaultResources: Required<DatabaseResources>;
}

/** What a target hands back to the DatabaseCluster construct. @internal */
export interface RenderedCluster {
  /** The native custom resource (the escape hatch for `addJsonPatch`). */
  readonly engineResource: ApiObject;
  /** The Service name clients connect to (without namespace). */
  readonly serviceName: string;
  readonly port: number;
  /** The Secret with the users' passwords (the one given, or the one the operator creates). */
  readonly credentialsSecretName: string;
}

/**
 * One engine on one operator: how an engine-neutral `ClusterModel` becomes that operator's objects.
 * @internal
 */
export interface EngineTarget {
  readonly engine: EngineType;
  readonly operator: Operator;
  /** Human name with version, used in error messages ("Percona XtraDB Cluster operator 1.18.0"). */
  readonly description: string;
  /** Proxies the target can deploy (`ProxyType.NONE` among them when it can go without). */
  readonly proxies: ReadonlyArray<ProxyOffer>;
  /**
   * True when the operator ships logs (WAL) continuously to every backup storage, whatever
   * `backup.pointInTimeRecovery` says (pgBackRest, Barman Cloud); the readiness report then has nothing to warn about.
   */
  readonly archivesLogsWithEveryStorage: boolean;
  /** The cron parser the operator reads backup schedules with (its go.mod and call site, cited in the target). */
  readonly cronDialect: CronDialect;
  /** The target's own rules, checked after the engine-neutral ones. */
  readonly rules: ReadonlyArray<Rule<ClusterModel>>;
  /** The operator's limits on a new schedule, given the cluster's existing ones (`model.schedules`). */
  readonly scheduleRules: ReadonlyArray<Rule<{ readonly model: ClusterModel; readonly schedule: ScheduleModel }>>;
  /** The proxy used when the props name none. */
  defaultProxy(model: { readonly sharding?: unknown }): ProxyType;
  /** Creates the target's objects below `scope`. Called once, from the DatabaseCluster constructor. */
  render(scope: Construct, model: ClusterModel): RenderedCluster;
  /**
   * Creates the objects one schedule needs on its own (a separate schedule object); most operators need none,
   * because their native spec reads `model.schedules` lazily.
   */
  renderSchedule(scope: Construct, model: ClusterModel, schedule: ScheduleModel): void;
  /** The operator's on-demand backup object. */
  renderOnDemandBackup(scope: Construct, model: ClusterModel, backup: { readonly name: string; readonly storage: BackupStorage }): ApiObject;
  /** The operator's in-place restore object. */
  renderRestore(scope: Construct, model: ClusterModel, restore: { readonly name: string; readonly source: RestoreSource }): ApiObject;
}
