import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DatabaseCluster, DatabaseClusterProps } from './database-cluster';
import { ChangeClass } from './diff/report';
import { invalid } from './errors';
import { ManifestDiff } from './manifest-diff';
import { markBlueprint } from './readiness';

/** A prop that breaks a guarantee. */
export interface GuaranteeViolation {
  /** The prop, as the blueprint's user writes it (e.g. `scheduling.antiAffinity`). */
  readonly prop: string;
  /**
   * The value that breaks the guarantee, shown in the error.
   * @default - the prop is missing
   */
  readonly value?: any;
}

/** The value at a dotted path (`backup.storage.provider`) of a props object. */
function valueAt(props: any, prop: string): any {
  return prop.split('.').reduce((o, key) => (o === null || o === undefined ? undefined : o[key]), props);
}

function sameValue(a: any, b: any): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * One promise a blueprint makes (a named rule with the reason it exists), checked on the blueprint's props before it
 * builds its cluster. Use the static factories for the common kinds, or extend this class and implement
 * `violations()` for any other.
 */
export abstract class Guarantee {
  /** `prop` is at least `minimum` (it holds when the prop is absent: give the blueprint's defaults). */
  public static atLeast(prop: string, minimum: number, reason: string): Guarantee {
    return new PropGuarantee(`${prop} >= ${minimum}`, reason, prop, (v) => v >= minimum);
  }

  /** `prop` is one of `allowed` (it holds when the prop is absent). */
  public static oneOf(prop: string, allowed: any[], reason: string): Guarantee {
    return new PropGuarantee(`${prop} in [${allowed.join(', ')}]`, reason, prop, (v) => allowed.some((a) => sameValue(a, v)));
  }

  /** `prop` is none of `refused` (it holds when the prop is absent), e.g. `config.synchronous_commit` not `off`. */
  public static noneOf(prop: string, refused: any[], reason: string): Guarantee {
    return new PropGuarantee(`${prop} not in [${refused.join(', ')}]`, reason, prop, (v) => !refused.some((r) => sameValue(r, v)));
  }

  /** `prop` is given (not undefined). */
  public static present(prop: string, reason: string): Guarantee {
    return new PropGuarantee(`${prop} given`, reason, prop, (v) => v !== undefined, true);
  }

  /** `prop` is not given, e.g. an engine parameter that would switch a guaranteed feature off. */
  public static absent(prop: string, reason: string): Guarantee {
    return new PropGuarantee(`${prop} not given`, reason, prop, (v) => v === undefined, true);
  }

  /**
   * @param name a short name for the rule, e.g. `instances >= 3`
   * @param reason what the blueprint promises, completing "<Blueprint> guarantees …", e.g. "at least 3 instances"
   */
  protected constructor(public readonly name: string, public readonly reason: string) {}

  /**
   * The props that break the guarantee; empty when it holds.
   * @param props the blueprint's props with its defaults applied
   */
  public abstract violations(props: any): GuaranteeViolation[];
}

class PropGuarantee extends Guarantee {
  constructor(name: string, reason: string, private readonly prop: string, private readonly holds: (value: any) => boolean,
    private readonly checksAbsence = false) {
    super(name, reason);
  }

  public violations(props: any): GuaranteeViolation[] {
    const value = valueAt(props, this.prop);
    if (value === undefined && !this.checksAbsence) return [];
    return this.holds(value) ? [] : [{ prop: this.prop, value }];
  }
}

/** What every blueprint declares. */
export interface BlueprintProps {
  /** The blueprint's name in its errors, e.g. `HaPostgres`. */
  readonly blueprintName: string;
  /** Its promises. */
  readonly guarantees: Guarantee[];
  /**
   * Accept props and overrides that break the guarantees: nothing is checked, and the production-readiness report
   * speaks about the cluster like any other.
   * @default false
   */
  readonly unsafeOverrides?: boolean;
}

/**
 * The base of a blueprint: a construct that builds one `DatabaseCluster` and keeps promises about it.
 *
 * A subclass passes its guarantees to this constructor and builds its cluster with `buildCluster()`, which refuses
 * props that break a guarantee (the library's validation error, naming the prop and the guarantee) and, at
 * synthesis, JSON patches on the cluster's engine resource that the safe-change guard judges risky or destructive.
 * Unless `unsafeOverrides` is set, the production-readiness report leaves the blueprint's cluster to the blueprint.
 */
export abstract class Blueprint extends Construct {
  /** True for a blueprint built on this class. */
  public static isBlueprint(x: any): boolean {
    return x instanceof Blueprint;
  }

  /** The blueprint's name in its errors. */
  public readonly blueprintName: string;
  /** Its promises. */
  public readonly guarantees: Guarantee[];
  /** Whether the guarantees are waived. */
  public readonly unsafeOverrides: boolean;
  private builtCluster?: DatabaseCluster;

  protected constructor(scope: Construct, id: string, props: BlueprintProps) {
    super(scope, id);
    this.blueprintName = props.blueprintName;
    this.guarantees = props.guarantees;
    this.unsafeOverrides = props.unsafeOverrides ?? false;
    if (!this.unsafeOverrides) markBlueprint(this);
  }

  /** The DatabaseCluster the blueprint builds. */
  public get cluster(): DatabaseCluster {
    if (!this.builtCluster) throw new Error(`${this.node.path}: ${this.blueprintName} has not built its cluster yet (call buildCluster() in its constructor)`);
    return this.builtCluster;
  }

  /**
   * Checks `props` against every guarantee, then builds the blueprint's cluster (construct id `Cluster`).
   * @param props the blueprint's props with its defaults applied, as the guarantees read them
   * @param clusterProps the cluster to build
   */
  protected buildCluster(props: any, clusterProps: DatabaseClusterProps): DatabaseCluster {
    if (this.builtCluster) throw new Error(`${this.node.path}: a blueprint builds one cluster`);
    if (!this.unsafeOverrides) {
      for (const guarantee of this.guarantees) {
        for (const v of guarantee.violations(props)) invalid(this, v.prop, v.value, this.guaranteeBroken(guarantee.reason));
      }
    }
    this.builtCluster = new DatabaseCluster(this, 'Cluster', clusterProps);
    if (!this.unsafeOverrides) {
      const engineResource = this.builtCluster.engineResource;
      this.node.addValidation({ validate: () => this.defeatingPatches(engineResource) });
    }
    return this.builtCluster;
  }

  private guaranteeBroken(promise: string): string {
    return `${this.blueprintName} guarantees ${promise}; set \`unsafeOverrides: true\` to accept the risk`;
  }

  /** JSON patches on the engine resource that the safe-change guard would call risky or destructive. */
  private defeatingPatches(engineResource: ApiObject): string[] {
    const patched = engineResource.toJson();
    const built = withoutPatches(engineResource);
    if (sameValue(built, patched)) return [];
    return ManifestDiff.compareObjects([built], [patched]).databases
      .flatMap((d) => d.changes)
      .filter((c) => c.changeClass === ChangeClass.RISKY || c.changeClass === ChangeClass.DESTRUCTIVE)
      .map((c) => `engineResource: ${this.guaranteeBroken(`what it builds, and a JSON patch changes ${c.field} (${c.changeClass}: ${c.reason})`)}`);
  }
}

/**
 * An object's JSON as it was built, before `addJsonPatch`: cdk8s keeps the patches in a private list that
 * `toJson()` applies, so they are set aside for one call.
 */
function withoutPatches(obj: ApiObject): any {
  const patches: unknown[] = (obj as any).patches;
  const saved = patches.splice(0);
  try {
    return obj.toJson();
  } finally {
    patches.push(...saved);
  }
}
