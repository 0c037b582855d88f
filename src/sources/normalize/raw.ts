// Typed reading of untyped Kubernetes objects: each accessor names the field it rejects.
import { clip } from '../../model/quote.js';
import { SourceError } from '../source-error.js';
import type { Origin } from '../../model/snapshot.js';

export type Raw = Record<string, unknown>;

export const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads fields of one object, throwing a SourceError that names the field path and origin. */
export class RawReader {
  constructor(
    readonly origin: Origin,
    /** What the object is, for messages: a function when building it costs (it is needed only on failure). */
    private readonly describe: string | (() => string),
  ) {}

  fail(path: string, message: string): never {
    const what = typeof this.describe === 'string' ? this.describe : this.describe();
    throw new SourceError(`${what}: ${path}: ${message}`, { ...this.origin, path });
  }

  record(value: unknown, path: string): Raw | undefined {
    if (value === undefined || value === null) return undefined;
    if (!isRecord(value)) this.fail(path, 'expected an object');
    return value;
  }

  list(value: unknown, path: string): unknown[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) this.fail(path, 'expected a list');
    return value;
  }

  string(value: unknown, path: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') this.fail(path, 'expected a string');
    return value;
  }

  integer(value: unknown, path: string): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) this.fail(path, 'expected an integer');
    return value;
  }

  /** An IntOrString field (ports): kept as a number or a name. */
  intOrString(value: unknown, path: string): number | string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    if (typeof value === 'string') return value;
    return this.fail(path, 'expected a port number or name');
  }

  stringMap(value: unknown, path: string): Record<string, string> {
    const rec = this.record(value, path) ?? {};
    const out: Record<string, string> = {};
    for (const k of Object.keys(rec)) {
      const v = rec[k];
      // YAML turns `true` or `1` into non-strings; the API server would reject them as label values.
      if (typeof v !== 'string') this.fail(`${path}.${clip(k)}`, 'label values must be strings (quote them in YAML)');
      out[k] = v;
    }
    return out;
  }
}
