/**
 * Kubernetes name, label and reference formats: one definition each, for every construct's rules. Sources:
 * k8s.io/apimachinery pkg/util/validation/validation.go (IsQualifiedName, IsValidLabelValue, IsDNS1123Label,
 * IsDNS1123Subdomain, IsDNS1035Label) and k8s.io/kubernetes pkg/api/validation/objectmeta.go (ValidateAnnotations).
 * @internal
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
/** A reference a kubelet can pull (github.com/distribution/reference): lowercase path, optional tag and digest. */
const IMAGE_REFERENCE = /^([a-z0-9.-]+(:\d+)?\/)?[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:\w[\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

/** An RFC 1123 label (namespaces, most object names), at most `maxLength` characters. @internal */
export function isDnsLabel(value: string, maxLength = 63): boolean {
  return typeof value === 'string' && value.length <= maxLength && DNS_LABEL.test(value);
}

/** An RFC 1035 label (starts with a letter: Service-backed names), at most `maxLength` characters. @internal */
export function isDns1035Label(value: string, maxLength = 63): boolean {
  return typeof value === 'string' && value.length <= maxLength && DNS_1035_LABEL.test(value);
}

/** A DNS subdomain (Secret, StorageClass, provisioner names). @internal */
export function isDnsSubdomain(value: string): boolean {
  return typeof value === 'string' && value.length <= 253 && DNS_SUBDOMAIN.test(value);
}

/**
 * A qualified name (IsQualifiedName): an optional DNS-subdomain prefix of at most 253 characters and `/`, then a
 * name of at most 63 characters. The form of label keys, toleration keys and topology keys.
 * @internal
 */
export function isLabelKey(value: string): boolean {
  if (typeof value !== 'string') return false;
  const parts = value.split('/');
  if (parts.length > 2) return false;
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  return (prefix === undefined || isDnsSubdomain(prefix)) && QUALIFIED_NAME.test(name);
}

/** An annotation key: a qualified name once lower-cased (ValidateAnnotations lower-cases before it checks). @internal */
export function isAnnotationKey(value: string): boolean {
  return typeof value === 'string' && isLabelKey(value.toLowerCase());
}

/** The most an object's annotations may hold, keys and values together, in bytes (ValidateAnnotationsSize). @internal */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** The size ValidateAnnotationsSize counts: the bytes of every key and value. @internal */
export function annotationsBytes(annotations: { [key: string]: string }): number {
  return Object.entries(annotations).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(String(v)), 0);
}

/** A label value. @internal */
export function isLabelValue(value: string): boolean {
  return typeof value === 'string' && LABEL_VALUE.test(value);
}

/** An image reference a kubelet can pull. @internal */
export function isImageReference(value: string): boolean {
  return typeof value === 'string' && IMAGE_REFERENCE.test(value);
}

/** An http(s) URL with a host. @internal */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
