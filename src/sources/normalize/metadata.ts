// What the API server checks in the names of an object written by hand: metadata.name and
// metadata.namespace, against Kubernetes' naming rules for the kind.
import { isDns1035Label, isDns1123Label, isDns1123Subdomain } from '../../model/names.js';
import { quote } from '../../model/quote.js';
import { isRecord, type Raw } from './raw.js';

const SUBDOMAIN = "a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters";
const LABEL = "a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters";
const DNS_1035 = "a DNS-1035 label: lowercase letters, digits and '-', starting with a letter and ending with a letter or digit, at most 63 characters";

/** Namespaces are DNS-1123 labels, Services DNS-1035 labels, the other kinds read here subdomains. */
function nameRule(kind: string): { readonly valid: (name: string) => boolean; readonly rule: string } {
  if (kind === 'Namespace') return { valid: isDns1123Label, rule: LABEL };
  if (kind === 'Service') return { valid: isDns1035Label, rule: DNS_1035 };
  return { valid: isDns1123Subdomain, rule: SUBDOMAIN };
}

/**
 * metadata.name and metadata.namespace as the API server validates them. A bad name changes no
 * verdict, so it is returned as a problem (a warning, and an error in lint), not thrown.
 */
export function nameProblems(kind: string, object: Raw): { field: string; message: string }[] {
  const metadata = isRecord(object['metadata']) ? object['metadata'] : {};
  const problems: { field: string; message: string }[] = [];
  const name = metadata['name'];
  const { valid, rule } = nameRule(kind);
  if (typeof name === 'string' && !valid(name)) problems.push({ field: 'metadata.name', message: `${quote(name)} is not a valid ${kind} name (${rule})` });
  const namespace = metadata['namespace'];
  // A Namespace is cluster-scoped: what its metadata.namespace says names no namespace.
  if (kind !== 'Namespace' && typeof namespace === 'string' && namespace !== '' && !isDns1123Label(namespace)) {
    problems.push({ field: 'metadata.namespace', message: `${quote(namespace)} is not a valid namespace name (${LABEL})` });
  }
  return problems;
}
