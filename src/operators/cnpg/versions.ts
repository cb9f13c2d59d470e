import { VersionCatalogue } from '../../versions';

/** CloudNativePG 1.30.0: the version whose CRDs are vendored. */
export const CNPG_OPERATOR_VERSION = '1.30.0';

/** Barman Cloud plugin 0.14.0: the version whose ObjectStore CRD is vendored. */
export const BARMAN_CLOUD_PLUGIN_VERSION = '0.14.0';

/**
 * PostgreSQL images of the CloudNativePG community, tagged `<major.minor>-<flavour>-<debian>`. The `standard`
 * flavour (PostgreSQL plus pgaudit, pgvector and failover slots) is the one the Barman Cloud plugin is built for:
 * the plugin brings Barman Cloud in its own sidecar, so the `system` flavour (Barman Cloud inside the image, for the
 * in-tree backups removed in 1.31) is not needed. The minor version is pinned so that the tag names one release.
 */
function communityImage(version: string): string {
  return `ghcr.io/cloudnative-pg/postgresql:${version}-standard-trixie`;
}

/**
 * The PostgreSQL releases the library runs on CloudNativePG 1.30. CloudNativePG has no version service: its release
 * tests the two newest minors of each supported major (`.github/pg_versions.json` at v1.30.0: 18.4/18.3, 17.10/17.9,
 * 16.14/16.13, 15.18/15.17, 14.23/14.22; `docs/src/supported_releases.md`: PostgreSQL 14 to 18) and the community
 * images carry every minor. The catalogue lists each minor from the November 2025 releases (18.1, 17.7, 16.11, 15.15,
 * 14.20, the library's version constants, all with Debian trixie images) up to the tested ones; PostgreSQL ships
 * every minor of every major together, so these lines have no gaps. 19beta1 is left out (a beta).
 */
const RELEASES: ReadonlyArray<[major: number, firstMinor: number, lastMinor: number]> = [
  [18, 1, 4], [17, 7, 10], [16, 11, 14], [15, 15, 18], [14, 20, 23],
];

export const CNPG_CATALOGUE = new VersionCatalogue(`CloudNativePG ${CNPG_OPERATOR_VERSION} community image catalogue`,
  'cloudnative-pg/cloudnative-pg v1.30.0 .github/pg_versions.json and docs/src/supported_releases.md',
  RELEASES.flatMap(([major, first, last]) => Array.from({ length: last - first + 1 }, (_, i) => {
    const version = `${major}.${first + i}`;
    return { version, image: communityImage(version) };
  })));

/**
 * An image reference as CloudNativePG splits it (machinery v0.5.0 `pkg/image/reference/imagename.go:New`): the
 * tag after the last `:` of the last path segment, `latest` when there is neither a tag nor a digest, none when only a
 * digest is given.
 */
export function imageTag(image: string): string | undefined {
  const withoutDigest = image.replace(/@sha256:[a-fA-F0-9]+$/, '');
  const tag = /:([^/]+)$/.exec(withoutDigest)?.[1];
  if (tag !== undefined) return tag;
  return withoutDigest === image ? 'latest' : undefined;
}

/**
 * The PostgreSQL major CloudNativePG reads from an image tag (machinery v0.5.0 `pkg/postgres/version/version.go:
 * FromTag`): the tag must start with digits and dots (`17.7-standard-trixie`, `17`, `17beta1`); undefined otherwise.
 */
export function majorFromTag(tag: string): number | undefined {
  const numeric = /^(\d\.?)+/.exec(tag)?.[0];
  if (numeric === undefined) return undefined;
  const [major, minor] = numeric.split('.');
  return minor === '' ? undefined : Number(major);
}
