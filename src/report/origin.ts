// Where an object came from, for reports: `policies.yaml: document 3`, nothing for live objects.
import type { Origin } from '../model/snapshot.js';

export function describeOriginShort(origin: Origin | undefined): string | undefined {
  if (!origin || origin.doc === 0) return undefined;
  return `${origin.file}: document ${origin.doc}`;
}
