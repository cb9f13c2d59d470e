import { BackupPhase, backupPhaseOf, BackupReport, Count, KubeObject, Phase, str } from '../../status-mapping';

/**
 * The Percona operators (and Everest, which copies their state) write `error` when a reconcile fails and leave the
 * counts of their last successful pass (pxc: pkg/controller/pxc/status.go:updateStatus, psmdb:
 * pkg/controller/perconaservermongodb/status.go:updateStatus, both `if reconcileErr != nil`): members still ready
 * serve clients, so the database is Degraded, not Failed.
 */
export function servingDespiteError(phase: Phase, state: unknown, members: Count | undefined): Phase {
  return state === 'error' && (members?.ready ?? 0) > 0 ? 'Degraded' : phase;
}

/** A Percona-style backup object: its cluster in `spec.<clusterField>`, `status.state` and `status.completed`. */
export function perconaBackupReport(states: Readonly<Record<string, BackupPhase>>, clusterField: string): (backup: KubeObject) => BackupReport {
  return (b) => ({
    cluster: str(b.spec?.[clusterField]),
    phase: backupPhaseOf(states, b.status?.state),
    completedAt: str(b.status?.completed),
  });
}
