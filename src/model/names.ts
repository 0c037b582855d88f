// Kubernetes' syntax for object names and labels (apimachinery's validation), shared by the sources
// (metadata of manifests) and the engine (selectors of policies).

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** RFC 1123 label: at most 63 lowercase letters, digits and '-', starting and ending alphanumeric. */
export const isDns1123Label = (text: string): boolean => text.length <= 63 && DNS_LABEL.test(text);

/** RFC 1123 subdomain: at most 253 characters of dot-separated labels. */
export const isDns1123Subdomain = (text: string): boolean => text.length <= 253 && DNS_SUBDOMAIN.test(text);

/** RFC 1035 label: an RFC 1123 label that starts with a letter. */
export const isDns1035Label = (text: string): boolean => text.length <= 63 && DNS_1035_LABEL.test(text);

// A label name: 1-63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric; keys may carry
// a DNS subdomain prefix and '/'; values may also be empty.
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

export function isValidLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  if (slash < 0) return LABEL_NAME.test(key);
  const prefix = key.slice(0, slash);
  return isDns1123Subdomain(prefix) && LABEL_NAME.test(key.slice(slash + 1));
}

export const isValidLabelValue = (value: string): boolean => value === '' || LABEL_NAME.test(value);
