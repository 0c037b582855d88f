// Objects read from manifest text are checked as the API server checks them on create: the name and
// namespace, then every field against the API's field set (strict field validation, kubectl's
// default). Objects read from a cluster passed those checks already.
import type { InputNotice, Origin } from '../../model/snapshot.js';
import { clip } from '../../model/quote.js';
import { checkKnownFields } from '../normalize/known-fields.js';
import { nameProblems } from '../normalize/metadata.js';
import { RawReader, type Raw } from '../normalize/raw.js';
import { describeOrigin } from '../source-error.js';

/**
 * Throws a SourceError naming the file, document and field of the first unknown field. Returns what
 * the API server would refuse but what still has one meaning: invalid names, fields in another case.
 */
export function checkManifestObject(object: Raw, kind: string, namespace: string, name: string, origin: Origin): InputNotice[] {
  const r = new RawReader(origin, () => `${describeOrigin(origin)}: ${kind} ${kind === 'Namespace' ? clip(name) : `${clip(namespace)}/${clip(name)}`}`);
  const notice = (code: InputNotice['code'], field: string, message: string): InputNotice => ({ code, kind, namespace, name, field, message, origin: { ...origin, path: field } });
  return [
    ...nameProblems(kind, object).map((p) => notice('invalid-name', p.field, p.message)),
    ...checkKnownFields(r, kind, object).map((m) =>
      notice('field-name-case', m.field, `field "${clip(m.written)}" is read as "${m.meant}" (the API server's strict field validation rejects this spelling)`),
    ),
  ];
}
