/**
 * What `kubectl get <kind> -A` prints for custom resources: the API server turns each object into a table row from
 * the CRD's additionalPrinterColumns (apiextensions-apiserver's tableconvertor: a Name column first, a date as its
 * age in duration.HumanDuration's words, a missing value as an empty cell), kubectl puts the namespace in front and
 * aligns the cells with text/tabwriter as cli-runtime's printers configure it (minimum width 6, padding 3).
 */
type Obj = { [key: string]: any };

const TABWRITER_MIN_WIDTH = 6;
const TABWRITER_PADDING = 3;

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const years = Math.floor(hours / 24 / 365);
  if (hours < 24 * 365 * 8) return Math.floor(hours / 24) % 365 === 0 ? `${years}y` : `${years}y${Math.floor(hours / 24) % 365}d`;
  return `${years}y`;
}

/** A simple JSON path (`.status.phase`). */
function lookup(obj: Obj, jsonPath: string): unknown {
  return jsonPath.split('.').filter(Boolean).reduce<any>((v, k) => (v === null || v === undefined ? undefined : v[k]), obj);
}

function cell(value: unknown, type: string, now: Date): string {
  if (value === undefined || value === null) return '';
  if (type === 'date') return humanDuration(now.getTime() - Date.parse(String(value)));
  return String(value);
}

/** The lines `kubectl get <kind> -A` prints for `objects` (listed in etcd's order: namespace, then name). */
export function kubectlGetAllNamespaces(crd: Obj, objects: ReadonlyArray<Obj>, now: Date): string[] {
  const columns: Obj[] = crd.spec.versions.find((v: Obj) => v.storage).additionalPrinterColumns.filter((c: Obj) => !c.priority);
  const header = ['NAMESPACE', 'NAME', ...columns.map((c) => c.name.toUpperCase())];
  const sorted = [...objects].sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
  const rows = sorted.map((o) => [o.metadata.namespace, o.metadata.name, ...columns.map((c) => cell(lookup(o, c.jsonPath), c.type, now))]);
  const table = [header, ...rows];
  const widths = header.map((_, i) => Math.max(TABWRITER_MIN_WIDTH, ...table.map((r) => r[i].length + TABWRITER_PADDING)));
  // text/tabwriter pads every cell but the last of a line.
  return table.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join(''));
}
