/**
 * The in-cluster status reconciler: one process, configured by environment variables that the StatusReconciler
 * construct sets on its Deployment, bundled into a single file that runs on a stock Node.js image.
 *
 * KUBECONFIG            a kubeconfig file (otherwise the pod's service account)
 * WATCH_NAMESPACES      comma-separated namespaces to watch (otherwise all)
 * LEADER_ELECTION       "true" to write only while holding the Lease LEASE_NAMESPACE/LEASE_NAME
 * LEASE_DURATION_SECONDS, LEASE_RETRY_SECONDS   election timing (15 and 2, as client-go)
 * POD_NAME              this replica's identity in the Lease and in Events
 * KUBE_API_QPS, KUBE_API_BURST                  the client-side rate limit of every request but the Lease's
 *                                               (client-go's QPS and burst; 50 and 100 by default)
 * WORKERS               ManagedDatabases reconciled at once (8)
 * LIST_PAGE_SIZE        objects per list page (500, as client-go's reflector)
 * METRICS_PORT, METRICS_HOST                    where /metrics, /healthz and /readyz listen (8080 on every address,
 *                                               IPv4 and IPv6)
 */
import * as os from 'node:os';
import { statusMappings } from '../operators';
import { Controller } from './controller';
import { DEFAULT_PAGE_SIZE } from './informer';
import { ClusterConfig, inClusterCredentials, KubeClient, kubeconfigCredentials } from './kube-client';
import { LeaderElector } from './leader';
import { log } from './log';
import { serve } from './metrics';
import { DEFAULT_API_BURST, DEFAULT_API_QPS, TokenBucket } from './rate-limiter';

const SHUTDOWN_GRACE_MS = 5_000;
const DEFAULT_WORKERS = 8;

function numberFrom(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value && Number.isFinite(n) ? n : fallback;
}

async function main(): Promise<void> {
  const env = process.env;
  const credentials: ClusterConfig = env.KUBECONFIG ? kubeconfigCredentials(env.KUBECONFIG.split(':')[0]) : inClusterCredentials();
  const limiter = new TokenBucket(numberFrom(env.KUBE_API_QPS, DEFAULT_API_QPS), numberFrom(env.KUBE_API_BURST, DEFAULT_API_BURST));
  const client = new KubeClient(credentials, limiter);
  const identity = env.POD_NAME || `${os.hostname()}-${process.pid}`;
  const namespaces = env.WATCH_NAMESPACES?.split(',').map((ns) => ns.trim()).filter(Boolean);
  const controller = new Controller(client, log, identity, {
    namespaces: namespaces?.length ? namespaces : undefined,
    mappings: statusMappings(),
    workers: numberFrom(env.WORKERS, DEFAULT_WORKERS),
    pageSize: numberFrom(env.LIST_PAGE_SIZE, DEFAULT_PAGE_SIZE),
  });

  // The Lease has a client of its own, as controller-runtime gives it: a storm of status writes must not delay
  // renewals past the lease duration.
  const leaseClient = new KubeClient(credentials);
  const elector = env.LEADER_ELECTION === 'true'
    ? new LeaderElector(leaseClient, {
      namespace: env.LEASE_NAMESPACE || credentials.namespace || 'default',
      name: env.LEASE_NAME || 'cdk8s-dbaas-status-reconciler',
      identity,
      leaseDurationSeconds: numberFrom(env.LEASE_DURATION_SECONDS, 15),
      retryPeriodMs: numberFrom(env.LEASE_RETRY_SECONDS, 2) * 1000,
    }, log, (leading) => controller.setLeader(leading))
    : undefined;

  const server = await serve(controller, numberFrom(env.METRICS_PORT, 8080), env.METRICS_HOST || undefined);
  const address = server.address();
  log.info('serving metrics', { port: typeof address === 'object' ? address?.port : address, namespaces: namespaces ?? 'all', identity });

  controller.start();
  if (elector) elector.start();
  else controller.setLeader(true);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    await elector?.stop();
    await controller.stop();
    server.close();
    server.closeAllConnections();
    client.close();
    leaseClient.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((e) => {
  log.error('cannot start', { error: (e as Error).message });
  process.exit(1);
});
