import { DatabaseEngine } from './engine';
import { ClusterModel } from './model';
import { Rule } from './rules';

/** One engine version an operator publishes, as its catalogue lists it. @internal */
export interface CatalogueEntry {
  /** The engine version (`8.0.42`, `17.7`). */
  readonly version: string;
  /** The distribution's build of the operator's image, if its tags carry one (`33.1` of `8.0.42-33.1`). */
  readonly build?: string;
  /** The image the operator runs for it. */
  readonly image: string;
  /** The catalogue recommends this build of its version. */
  readonly recommended?: boolean;
}

/**
 * The engine versions one operator publishes (vendored as data from the catalogue `source` cites). A version that is
 * not in it would reach a manifest as an image that does not exist, or one the operator was never tested with.
 * @internal
 */
export class VersionCatalogue {
  constructor(
    /** Whose catalogue, for messages ("Percona XtraDB Cluster operator 1.18.0"). */
    public readonly operator: string,
    /** Where the data comes from (repository, path, commit). */
    public readonly source: string,
    public readonly entries: ReadonlyArray<CatalogueEntry>,
    /**
     * Majors the operator runs from an image of the user's own (`engine.image`): a newer minor, a custom build.
     * @default - the catalogue's majors
     */
    private readonly customImageMajors: ReadonlyArray<number> = [...new Set(entries.map((e) => Number(e.version.split('.')[0])))],
  ) {}

  /**
   * The entry an engine runs: the exact build when the engine names one, otherwise its version's build (the one
   * the catalogue recommends when it lists several).
   */
  public entryFor(engine: DatabaseEngine): CatalogueEntry | undefined {
    const build = engine.distributionBuild;
    const candidates = this.entries.filter((e) => e.version === engine.version && (build === undefined || e.build === build));
    return candidates.find((e) => e.recommended) ?? candidates[0];
  }

  /** The versions, with their builds, as users write them. */
  public get versions(): string[] {
    return this.entries.map((e) => (e.build === undefined ? e.version : `${e.version}-${e.build}`));
  }

  /**
   * `engine.version` must be in the catalogue. With `engine.image` the user runs a build of their own (a mirror, a
   * newer minor): the version must then be of a major the operator runs.
   */
  public rules(): Rule<ClusterModel>[] {
    return [
      {
        prop: 'engine.version',
        value: (m) => m.engine.versionWithBuild,
        when: (m) => m.engine.image === undefined,
        valid: (m) => this.entryFor(m.engine) !== undefined,
        reason: `the ${this.operator} publishes ${this.versions.join(', ')} (${this.source}); give \`image\` for another build`,
      },
      {
        prop: 'engine.version',
        value: (m) => m.engine.versionWithBuild,
        when: (m) => m.engine.image !== undefined,
        valid: (m) => this.customImageMajors.includes(m.engine.majorVersion),
        reason: `the ${this.operator} runs majors ${this.customImageMajors.join(', ')}`,
      },
    ];
  }
}
