import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { invalidAll, Problem } from './errors';
import { isClusterScoped } from './objects';
import { onEverySynthesis } from './synthesis';


/** Kinds that define what other objects of a file need: applied first, `kubectl apply -f` accepts the file on a fresh cluster. */
const DEFINITION_KINDS = new Set(['CustomResourceDefinition', 'Namespace']);

/** Kubernetes' own cluster-scoped kinds an app may hold (operators' cluster-scoped kinds are marked by `clusterScoped`). */
const CLUSTER_SCOPED_KINDS = new Set(['APIService', 'ClusterRole', 'ClusterRoleBinding', 'CSIDriver', 'CustomResourceDefinition',
  'IngressClass', 'MutatingWebhookConfiguration', 'Namespace', 'PersistentVolume', 'PriorityClass', 'RuntimeClass', 'StorageClass',
  'ValidatingWebhookConfiguration']);

/**
 * Adds the rules that hold for a whole app, once per app: no two objects of the same kind, namespace and name (the
 * second would overwrite the first when applied), and, in each chart, definitions (CRDs, Namespaces) before the
 * objects that use them. They run at synthesis, when every construct is there.
 * @internal
 */
export function addAppRules(construct: IConstruct): void {
  const root = construct.node.root;
  onEverySynthesis(root, 'app-rules', () => {
    const objects = root.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
    refuseDuplicates(objects);
    orderDefinitionsFirst(objects);
  });
}

function clusterScopedKind(o: ApiObject): boolean {
  return isClusterScoped(o) || CLUSTER_SCOPED_KINDS.has(o.kind);
}

/** The identity the API server gives an object: group, kind, namespace (none for cluster-scoped kinds) and name. */
function identity(o: ApiObject): string {
  const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
  return `${group}/${o.kind}/${clusterScopedKind(o) ? '' : o.metadata.namespace ?? ''}/${o.name}`;
}

/** Throws for the first construct whose objects take the identity of earlier ones, naming every such object. */
function refuseDuplicates(objects: ApiObject[]): void {
  const first = new Map<string, ApiObject>();
  let owner: IConstruct | undefined;
  const problems: Problem[] = [];
  for (const o of objects) {
    const key = identity(o);
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, o);
      continue;
    }
    const scope = o.node.scope ?? o;
    if (owner !== undefined && owner !== scope) continue;
    owner = scope;
    const where = clusterScopedKind(o) ? '' : `${o.metadata.namespace ?? 'default'}/`;
    problems.push({
      prop: 'name',
      value: o.name,
      reason: `${earlier.node.path} already synthesizes ${o.kind} ${where}${o.name} in this app: applied together, one would overwrite the other`,
    });
  }
  if (owner) invalidAll(owner, problems);
}

function orderDefinitionsFirst(objects: ApiObject[]): void {
  for (const definition of objects.filter((o) => DEFINITION_KINDS.has(o.kind))) {
    const chart = Chart.of(definition);
    for (const o of objects) {
      if (!DEFINITION_KINDS.has(o.kind) && Chart.of(o) === chart) o.node.addDependency(definition);
    }
  }
}
