import { EngineType } from './engine';
import { ExposeType, isCidr } from './expose';
import { ClusterModel } from './model';
import {
  ANNOTATIONS_MAX_BYTES, annotationsBytes, isAnnotationKey, isDns1035Label, isDnsLabel, isDnsSubdomain, isHttpUrl, isImageReference, isLabelKey,
  isLabelValue,
} from './names';
import { ProxyType } from './proxy';
import { cpuCores, isQuantity } from './quantity';
import { Rule } from './rules';
import { tolerationProblem } from './scheduling';

/** What the engine-neutral rules look at: the resolved model plus the few raw props they need. @internal */
export interface ClusterFacts extends ClusterModel {
  readonly cpuCores: number;
  readonly memoryBytes: number;
  readonly storageBytes: number;
  readonly proxyTypes: ReadonlyArray<ProxyType>;
  readonly targetDescription: string;
  readonly bothStorageClassProps: boolean;
}

/** Every CRD types replica counts as int32. */
const INT32_MAX = 2 ** 31 - 1;


/**
 * Rules that hold for every engine and operator. Minimums are OpenEverest's API server's (CPU 600m, memory
 * 512M, storage 1G), the smallest a Percona engine starts with.
 * @internal
 */
export const CLUSTER_RULES: ReadonlyArray<Rule<ClusterFacts>> = [
  {
    prop: 'name',
    value: (f) => f.name,
    valid: (f) => isDns1035Label(f.name),
    reason: 'a database name must be a DNS-1035 label: lowercase letters, digits and dashes, starting with a letter, at most 63 characters',
  },
  {
    prop: 'namespace',
    value: (f) => f.namespace,
    when: (f) => f.namespace !== undefined,
    valid: (f) => isDnsLabel(f.namespace!),
    reason: 'a namespace must be a DNS label: lowercase letters, digits and dashes, at most 63 characters',
  },
  {
    prop: 'replicas',
    value: (f) => f.replicas,
    valid: (f) => Number.isInteger(f.replicas) && f.replicas >= 1 && f.replicas <= INT32_MAX,
    reason: 'replicas must be a whole number of at least 1 (and an int32, as every CRD types it)',
    precondition: true,
  },
  {
    prop: 'replicas',
    value: (f) => f.replicas,
    valid: (f) => f.replicas !== 1 || f.singleNode,
    reason: 'a one-member database has no failover: set `singleNodeDevelopment: true` to ask for it explicitly',
  },
  {
    prop: 'singleNodeDevelopment',
    value: (f) => f.singleNode,
    valid: (f) => !f.singleNode || f.replicas === 1,
    reason: 'singleNodeDevelopment only goes with replicas: 1',
  },
  {
    prop: 'synchronousReplicas',
    value: (f) => f.synchronousReplicas,
    when: (f) => f.synchronousReplicas !== 0,
    valid: (f) => f.engine.type === EngineType.POSTGRES,
    reason: 'synchronous replicas are a PostgreSQL setting (Galera and MongoDB replicate with their own write concerns)',
  },
  {
    prop: 'synchronousReplicas',
    value: (f) => f.synchronousReplicas,
    valid: (f) => Number.isInteger(f.synchronousReplicas) && f.synchronousReplicas >= 0 && f.synchronousReplicas < f.replicas,
    reason: 'synchronous replicas must be a whole number below the number of replicas (the primary is not its own standby)',
  },
  {
    prop: 'resources.cpu',
    value: (f) => f.resources.cpu,
    valid: (f) => f.cpuCores >= 0.6,
    reason: 'a database needs at least 600m CPU',
  },
  {
    prop: 'resources.memory',
    value: (f) => f.resources.memory,
    valid: (f) => isQuantity(f.resources.memory) && f.memoryBytes >= 512e6,
    reason: 'a database needs at least 512M of memory',
  },
  {
    prop: 'storage.size',
    value: (f) => f.storage.size,
    valid: (f) => isQuantity(f.storage.size) && f.storageBytes >= 1e9,
    reason: 'a database needs at least 1G of storage',
  },
  {
    prop: 'storage',
    value: () => 'storageClass and storageClassName',
    valid: (f) => !f.bothStorageClassProps,
    reason: 'give either a DatabaseStorageClass or a class name, not both',
  },
  {
    prop: 'storage.storageClassName',
    value: (f) => f.storage.storageClassName,
    when: (f) => f.storage.storageClassName !== undefined,
    valid: (f) => isDnsSubdomain(f.storage.storageClassName!),
    reason: 'a StorageClass name must be a DNS subdomain',
  },
  {
    prop: 'proxy.type',
    value: (f) => f.proxy.type,
    valid: (f) => f.proxyTypes.includes(f.proxy.type),
    reason: (f) => `${f.targetDescription} supports ${f.proxyTypes.join(', ')}`,
  },
  {
    prop: 'proxy.replicas',
    value: (f) => f.proxy.replicas,
    when: (f) => f.proxy.type !== ProxyType.NONE,
    valid: (f) => Number.isInteger(f.proxy.replicas) && f.proxy.replicas >= (f.replicas > 1 ? 2 : 1) && f.proxy.replicas <= INT32_MAX,
    reason: 'a multi-member database needs at least 2 proxy replicas (one proxy is a single point of failure)',
  },
  {
    prop: 'proxy.resources.memory',
    value: (f) => f.proxy.resources.memory,
    when: (f) => f.proxy.type !== ProxyType.NONE,
    valid: (f) => isQuantity(f.proxy.resources.memory),
    reason: 'memory must be a finite amount',
  },
  {
    prop: 'proxy.resources.cpu',
    value: (f) => f.proxy.resources.cpu,
    when: (f) => f.proxy.type !== ProxyType.NONE,
    valid: (f) => cpuCores(f.proxy.resources.cpu) >= 0.05,
    reason: 'a proxy needs at least 50m CPU',
  },
  {
    prop: 'backup.storage',
    value: (f) => f.backup?.storage,
    when: (f) => f.backup !== undefined,
    valid: (f) => f.backup!.storage !== undefined && f.backup!.storage !== null,
    reason: 'backups need a BackupStorage',
  },
  {
    prop: 'sharding',
    value: (f) => f.sharding,
    when: (f) => f.sharding !== undefined,
    valid: (f) => f.engine.type === EngineType.MONGODB,
    reason: 'sharding exists only for MongoDB',
  },
  {
    // A precondition: operators name each shard's replica set, so a huge count would exhaust memory.
    prop: 'sharding.shards',
    precondition: true,
    value: (f) => f.sharding?.shards,
    when: (f) => f.sharding !== undefined,
    valid: (f) => Number.isInteger(f.sharding!.shards) && f.sharding!.shards >= 1 && f.sharding!.shards <= 32,
    reason: 'a sharded cluster needs 1 to 32 shards',
  },
  {
    prop: 'expose.sourceRanges',
    value: (f) => f.expose.sourceRanges,
    valid: (f) => f.expose.sourceRanges.every(isCidr),
    reason: 'source ranges must be IPv4 or IPv6 CIDRs',
  },
  {
    prop: 'expose.sourceRanges',
    value: (f) => f.expose.sourceRanges,
    valid: (f) => new Set(f.expose.sourceRanges).size === f.expose.sourceRanges.length,
    reason: 'source ranges must not repeat',
  },
  {
    prop: 'expose.sourceRanges',
    value: (f) => f.expose.sourceRanges,
    when: (f) => f.expose.sourceRanges.length > 0,
    valid: (f) => f.expose.type === ExposeType.LOAD_BALANCER,
    reason: 'source ranges apply to a LoadBalancer only',
  },
  {
    prop: 'expose.annotations',
    value: (f) => f.expose.annotations,
    valid: (f) => Object.keys(f.expose.annotations).every((k) => isAnnotationKey(k)),
    reason: 'annotation keys must be qualified names such as service.beta.kubernetes.io/aws-load-balancer-type (ValidateAnnotations)',
  },
  {
    prop: 'expose.annotations',
    value: (f) => `${annotationsBytes(f.expose.annotations)} bytes`,
    valid: (f) => annotationsBytes(f.expose.annotations) <= ANNOTATIONS_MAX_BYTES,
    reason: `an object's annotations hold at most ${ANNOTATIONS_MAX_BYTES} bytes, keys and values together (ValidateAnnotationsSize)`,
  },
  {
    prop: 'scheduling.topologyKey',
    value: (f) => f.scheduling.topologyKey,
    valid: (f) => isLabelKey(f.scheduling.topologyKey),
    reason: 'a topology key must be a qualified name such as kubernetes.io/hostname (validatePodAffinityTerm)',
  },
  {
    prop: 'scheduling.nodeSelector',
    value: (f) => f.scheduling.nodeSelector,
    valid: (f) => Object.entries(f.scheduling.nodeSelector ?? {}).every(([k, v]) => isLabelKey(k) && isLabelValue(v)),
    reason: 'node selector keys and values must be valid label keys and values (ValidatePodSpec checks them as labels)',
  },
  {
    prop: 'scheduling.tolerations',
    value: (f) => f.scheduling.tolerations?.find((t) => tolerationProblem(t) !== undefined),
    valid: (f) => (f.scheduling.tolerations ?? []).every((t) => tolerationProblem(t) === undefined),
    reason: (f) => {
      const tolerations = f.scheduling.tolerations!;
      const index = tolerations.findIndex((t) => tolerationProblem(t) !== undefined);
      return `toleration ${index}: ${tolerationProblem(tolerations[index])} (the API server refuses it in a pod: ValidateTolerations)`;
    },
  },
  {
    prop: 'credentialsSecret',
    value: (f) => f.credentialsSecret,
    when: (f) => f.credentialsSecret !== undefined,
    valid: (f) => isDnsSubdomain(f.credentialsSecret!),
    reason: 'a Secret name must be a DNS subdomain',
  },
  {
    prop: 'monitoring.url',
    value: (f) => f.monitoring?.pmmOptions?.url,
    when: (f) => f.monitoring?.pmmOptions !== undefined,
    valid: (f) => isHttpUrl(f.monitoring!.pmmOptions!.url),
    reason: 'the PMM server URL must be an http(s) URL',
  },
  {
    prop: 'engine.image',
    value: (f) => f.engine.image,
    when: (f) => f.engine.image !== undefined,
    valid: (f) => isImageReference(f.engine.image!),
    reason: 'an image is a reference such as registry.example.com/percona/percona-xtradb-cluster:8.0.42-33.1',
  },
  {
    prop: 'monitoring.image',
    value: (f) => f.monitoring?.pmmOptions?.image,
    when: (f) => f.monitoring?.pmmOptions?.image !== undefined,
    valid: (f) => isImageReference(f.monitoring!.pmmOptions!.image!),
    reason: 'an image is a reference such as registry.example.com/percona/pmm-client:3.4.1',
  },
  {
    prop: 'monitoring.labels',
    value: (f) => f.monitoring?.prometheusOptions?.labels,
    valid: (f) => Object.entries(f.monitoring?.prometheusOptions?.labels ?? {}).every(([k, v]) => isLabelKey(k) && isLabelValue(v)),
    reason: 'labels of the PodMonitor and PrometheusRule objects must be valid label keys and values',
  },
  {
    prop: 'config',
    value: (f) => f.config,
    valid: (f) => Object.entries(f.config).every(([k, v]) => /^[A-Za-z_][A-Za-z0-9_.\-]*$/.test(k) && typeof v === 'string' && !/[\r\n]/.test(v)),
    reason: 'engine parameters are names of letters, digits, dots, dashes and underscores with one-line string values',
  },
];
