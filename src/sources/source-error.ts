// An input problem a source found, located precisely enough for one clear line.
import type { Origin } from '../model/snapshot.js';

export class SourceError extends Error {
  constructor(
    message: string,
    readonly origin?: Origin,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}

/** `policies.yaml: document 3: spec.ingress[0]: ...` */
export function describeOrigin(origin: Origin | undefined): string {
  if (!origin) return '';
  const parts = [origin.file];
  if (origin.doc > 0) parts.push(`document ${origin.doc}`);
  if (origin.path) parts.push(origin.path);
  return parts.join(': ');
}
