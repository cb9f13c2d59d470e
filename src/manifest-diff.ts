import type * as Compare from './diff/compare';
import { apiGroup, KubeObject, ManifestInputError, readManifests, toKubeObjects } from './diff/manifests';
import { DiffReport } from './diff/report';
import type * as CoreRules from './diff/rules/core';
import { KindRules } from './diff/rules/rule';
import { providers } from './operators';

/** Every kind the guard classifies: each operator's tables, from the registry, plus core Kubernetes objects. */
let kindRules: KindRules[] | undefined;

/** The guard's rules for an object's kind; undefined for kinds it does not know. The rules load on first use. */
function rulesOf(object: KubeObject): KindRules | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const core = require('./diff/rules/core') as typeof CoreRules;
  kindRules ??= [...providers().flatMap(p => p.diffRules()), core.STORAGE_CLASS_RULES, core.POD_DISRUPTION_BUDGET_RULES];
  return kindRules.find(r => r.kind === object.kind && r.apiGroup === apiGroup(object));
}

/** The comparison, loaded on first use: synthesizing never needs it. */
function compare(): typeof Compare.compareObjects {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./diff/compare') as typeof Compare).compareObjects;
}

/**
 * The safe-change guard: compares two synthesized outputs (for example the main branch's `dist/` and a pull
 * request's) and classifies every change per database as safe, restart, risky or destructive.
 *
 * Databases are matched by API group, kind, namespace and name, so a renamed construct shows up as one database
 * removed and one added. `kubectl apply` and GitOps tools skip the update checks of the operators and of
 * Everest's API server; this is where they happen instead.
 */
export class ManifestDiff {
  /**
   * Compares the manifests of two directories (every `*.yaml`, `*.yml` and `*.json` below them) or two files.
   *
   * Throws when a location cannot be read or holds something other than Kubernetes objects.
   *
   * @param oldPath the output before the change, e.g. the main branch's `dist/`
   * @param newPath the output after the change
   */
  public static compareDirectories(oldPath: string, newPath: string): DiffReport {
    return compare()(readManifests(oldPath), readManifests(newPath), rulesOf);
  }

  /**
   * Compares two lists of Kubernetes objects, e.g. `Testing.synth(chart)` before and after a change.
   *
   * Throws when an item is not a Kubernetes object (apiVersion, kind and metadata.name).
   */
  public static compareObjects(oldObjects: { [key: string]: any }[], newObjects: { [key: string]: any }[]): DiffReport {
    const item = (side: string) => (index: number) => `${side} objects: item ${index + 1}`;
    return compare()(toKubeObjects(oldObjects, item('old')), toKubeObjects(newObjects, item('new')), rulesOf);
  }

  /** True for the error that `compareDirectories` and `compareObjects` throw on input that is not Kubernetes manifests. */
  public static isInputError(x: any): boolean {
    return x instanceof ManifestInputError;
  }

  private constructor() {}
}
