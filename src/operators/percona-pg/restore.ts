import { credentialsProjections, repoGlobal, repoLocation, repoName } from './backup';
import { STANZA } from './names';
import { nodePlacementOf } from './placement';
import { limitsAndRequests } from './resources';
import * as pg from '../../imports/pgv2-pgv2.percona.com';
import { ClusterModel } from '../../model';
import { isRfc3339, toUtcDateTime } from '../../restore-rules';
import { RestoreSource } from '../../restore-source';

/** pgBackRest's recovery to an instant: it picks the latest full backup before it and replays WAL up to it. */
function pointInTimeOptions(time: string): string[] {
  return ['--type=time', `--target="${toUtcDateTime(time)}+00"`];
}

/**
 * A backup set's label, as pgBackRest makes it: `YYYYMMDD-HHMMSSF` for a full backup, followed by
 * `_YYYYMMDD-HHMMSS` and `D` or `I` for a differential or incremental one on top of it.
 */
const BACKUP_LABEL = /^(\d{8}-\d{6})F(?:_(\d{8}-\d{6})[DI])?$/;

/** True for a `YYYYMMDD-HHMMSS` stamp that names a real date and time. */
function isLabelStamp(stamp: string): boolean {
  return isRfc3339(stamp.replace(/^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})$/, '$1-$2-$3T$4:$5:$6Z'));
}

/** True for a pgBackRest backup set label whose timestamps are real. */
export function isBackupLabel(name: string): boolean {
  const m = BACKUP_LABEL.exec(name);
  return m !== null && m.slice(1).every((stamp) => stamp === undefined || isLabelStamp(stamp));
}

/** pgBackRest's restore of one backup set, recovered only to its consistency point (no WAL beyond it). */
function backupSetOptions(label: string): string[] {
  return [`--set=${label}`, '--type=immediate'];
}

/** The restore options of a source: a backup set by its label, or an instant. */
export function restoreOptions(source: RestoreSource): string[] {
  return source.backupName !== undefined ? backupSetOptions(source.backupName) : pointInTimeOptions(source.time!);
}

/**
 * A clone: the new cluster bootstraps from the source cluster's repository. The restore Job writes the whole data
 * directory, so it gets an instance's resources, and runs on the database's nodes
 * (postgrescluster/pgbackrest.go:generateRestoreJobIntent reads them from here).
 */
export function dataSource(m: ClusterModel): pg.PerconaPgClusterSpecDataSource | undefined {
  const source = m.restoreFrom;
  if (source?.storage === undefined || source.sourceCluster === undefined) return undefined;
  const repo = repoName(m, source.storage);
  const path = source.storage.pathFor(source.sourceCluster, source.sourceNamespace ?? m.namespace);
  return {
    pgbackrest: {
      stanza: STANZA,
      repo: { name: repo, ...repoLocation(source.storage) },
      global: repoGlobal(repo, source.storage, path),
      options: restoreOptions(source),
      configuration: credentialsProjections([source.storage]),
      resources: limitsAndRequests(m.resources),
      ...nodePlacementOf(m),
    },
  };
}

