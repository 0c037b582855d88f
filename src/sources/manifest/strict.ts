// Objects read from manifest text are checked as the API server checks them on create: the name and
// namespace, then every field against the API's field set (strict field validation, kubectl's
// default). Objects read from a cluster passed those checks already.
import type { Origin } from '../../model/snapshot.js';
import { clip } from '../../model/quote.js';
import { checkKnownFields } from '../normalize/known-fields.js';
import { checkNames } from '../normalize/metadata.js';
import { RawReader, type Raw } from '../normalize/raw.js';
import { describeOrigin } from '../source-error.js';

/** Throws a SourceError naming the file, document and field of the first problem. */
export function checkManifestObject(object: Raw, kind: string, namespace: string, name: string, origin: Origin): void {
  const who = kind === 'Namespace' ? clip(name) : `${clip(namespace)}/${clip(name)}`;
  const r = new RawReader(origin, `${describeOrigin(origin)}: ${kind} ${who}`);
  checkNames(r, kind, object);
  checkKnownFields(r, kind, object);
}
