import { Chart, Testing } from 'cdk8s';
import { only, synthValid } from './schema';
import { BackupProvider, BackupStorage, BackupStorageProps, DatabaseCluster, DatabaseEngine, PostgresVersion } from '../../src';

/** The props of a DatabaseCluster, any of them. */
export type Props = Partial<ConstructorParameters<typeof DatabaseCluster>[2]>;

/** The PostgreSQL 17 cluster `fleet/orders` (named fleet-orders) in namespace `shop`; `props` may create storages in its chart first. */
export function withStorage(props: (chart: Chart) => Props) {
  const chart = new Chart(Testing.app(), 'fleet', { namespace: 'shop' });
  const cluster = new DatabaseCluster(chart, 'orders', { engine: DatabaseEngine.postgres({ version: PostgresVersion.V17_7 }), ...props(chart) });
  const objects = () => synthValid(chart);
  return { chart, cluster, objects, spec: () => only(objects(), 'PerconaPGCluster').spec };
}

export function postgres(props: Props = {}) {
  return withStorage(() => props);
}

/** An S3 storage `<id>` in eu-west-1 with the Secret `<id>-creds`. */
export function storage(chart: Chart, id: string, props: Partial<BackupStorageProps> = {}): BackupStorage {
  return new BackupStorage(chart, id, { provider: BackupProvider.S3, bucket: `${id}-bucket`, region: 'eu-west-1', credentialsSecret: `${id}-creds`, ...props });
}

/** The CRD's CEL rules on PerconaPGCluster (x-kubernetes-validations), written out: JSON Schema validators skip them. */
export const CEL_RULES: Record<string, (spec: any) => boolean> = {
  // spec.backups: (has(self.enabled) && self.enabled == false) || (has(self.pgbackrest.repos) && size(self.pgbackrest.repos) > 0)
  backupsNeedARepository: (spec) => spec.backups.enabled === false || (spec.backups.pgbackrest?.repos?.length ?? 0) > 0,
  // spec: !has(self.users) || self.postgresVersion >= 15 || self.users.all(u, !has(u.grantPublicSchemaAccess) || !u.grantPublicSchemaAccess)
  grantPublicSchemaAccessNeeds15: (spec) => spec.users === undefined || spec.postgresVersion >= 15
    || spec.users.every((u: any) => u.grantPublicSchemaAccess === undefined || !u.grantPublicSchemaAccess),
};

export function expectCelRulesHold(spec: any): void {
  for (const [name, rule] of Object.entries(CEL_RULES)) expect([name, rule(spec)]).toEqual([name, true]);
}
