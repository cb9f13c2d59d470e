/**
 * The MariaDB operator's objects as its controllers leave them (conditions from api/v1alpha1/condition_types.go and
 * pkg/condition), for the reconciler's end-to-end tests. Kept apart from fixtures.ts, which imports it.
 */
import type { OperatorFixture } from './fixtures';
import { rfc3339 } from '../../src/reconciler/status';

const API_VERSION = 'k8s.mariadb.com/v1alpha1';

/** A condition as `metav1.Condition` (the operator's messages are human text; the reason is the state). */
function condition(type: string, status: 'True' | 'False', reason: string, message: string) {
  return { type, status, reason, message, lastTransitionTime: '2026-06-01T00:00:00Z' };
}

const galeraConfigured = condition('GaleraConfigured', 'True', 'GaleraConfigured', 'Galera configured');

/** A Galera MariaDB of 3 members, as the library synthesizes it, and its PhysicalBackups. */
export function mariadbFixture(namespace: string): OperatorFixture {
  return {
    name: 'MariaDB',
    engine: 'mariadb',
    operator: 'mariadb-operator',
    engineVersion: '11.8.8',
    port: 3306,
    cluster: { apiVersion: API_VERSION, plural: 'mariadbs', kind: 'MariaDB' },
    backup: { apiVersion: API_VERSION, plural: 'physicalbackups', kind: 'PhysicalBackup' },
    spec: { image: 'mariadb:11.8.8', replicas: 3, port: 3306, galera: { enabled: true, config: { reuseStorageVolume: true } }, storage: { size: '20Gi' } },
    drift: { replicas: 5 },
    statuses: {
      // The first start: Galera is not configured yet (pkg/condition/ready.go:SetReadyWithMariaDB).
      Provisioning: { replicas: 0, conditions: [condition('Ready', 'False', 'Initializing', 'Initializing')] },
      Ready: { replicas: 3, currentPrimary: 'orders-0', conditions: [condition('Ready', 'True', 'StatefulSetReady', 'Running'), galeraConfigured] },
      // A member lost once Galera ran: the StatefulSet is not ready, Galera still is.
      Degraded: { replicas: 2, currentPrimary: 'orders-0', conditions: [condition('Ready', 'False', 'StatefulSetNotReady', 'Not ready'), galeraConfigured] },
      Paused: { replicas: 3, conditions: [condition('Ready', 'False', 'Suspended', 'Suspended'), galeraConfigured] },
      Failed: { replicas: 0, conditions: [condition('Ready', 'False', 'Failed', 'Error reconciling Storage: error patching PVC'), galeraConfigured] },
    },
    expectReady: { endpoint: 'orders-primary.shop.svc:3306', engineVersion: '11.8.8', readyMembers: 3 },
    backupObject: (cluster, name, completedAt) => ({
      apiVersion: API_VERSION,
      kind: 'PhysicalBackup',
      metadata: { name, namespace },
      spec: { mariaDbRef: { name: cluster }, schedule: { cron: '0 3 * * *' }, storage: { s3: { bucket: 'backups', endpoint: 's3.eu-west-1.amazonaws.com' } } },
      // A failed Job is Complete=True too, with reason JobFailed (pkg/condition/complete.go).
      status: completedAt
        ? { conditions: [{ ...condition('Complete', 'True', 'JobComplete', 'Success'), lastTransitionTime: rfc3339(completedAt) }] }
        : { conditions: [condition('Complete', 'True', 'JobFailed', 'Failed')] },
    }),
  };
}
