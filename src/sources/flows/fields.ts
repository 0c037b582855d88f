// Small readers shared by the flow formats: each returns undefined for a value it cannot use.
import type { Protocol } from '../../model/snapshot.js';

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A non-empty string, with `-` (Calico's "none") read as absent. */
export const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' && value !== '-' ? value : undefined);

/** `TCP`, `tcp`, or an IANA protocol number (6, 17, 132). */
export function protocolOf(value: unknown): Protocol | undefined {
  const v = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.toUpperCase() : undefined;
  switch (v) {
    case 'TCP':
    case '6':
      return 'TCP';
    case 'UDP':
    case '17':
      return 'UDP';
    case 'SCTP':
    case '132':
      return 'SCTP';
    default:
      return undefined;
  }
}

/** A port 1-65535, as a number or a decimal string. */
export function portOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : undefined;
}

const UTC = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/;

/** An ISO time from an RFC 3339 string or UNIX seconds. */
export function timeOf(value: unknown): string | undefined {
  if (typeof value === 'string') {
    // The common case, already UTC: only the fraction is respelled (Hubble prints nanoseconds).
    const utc = UTC.exec(value);
    if (utc) return `${utc[1]}.${(utc[2] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
  }
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value)) {
    // One spelling (UTC, milliseconds), so times from different formats compare as strings.
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
  }
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return new Date(value * 1000).toISOString();
  if (typeof value === 'string' && /^\d{9,10}$/.test(value)) return new Date(Number(value) * 1000).toISOString();
  return undefined;
}
