// allowedPorts: every rule lists its ports, and each is one the organisation allows: a number, a
// range FIRST-LAST, or a port name (named ports are judged by name: which number a pod gives the
// name is not known at admission). A rule without ports, or an entry without a port, allows every
// port and is refused.
import type { LintConfig } from '../../../model/lint-config.js';
import type { PolicyPort } from '../../../model/policy.js';
import { isValidPortName } from '../../validate.js';
import { celRules, celStrings } from './cel.js';
import { EVERY_NAMESPACE, type ObjectCheck, type OrgRule } from './org-rule.js';
import { DIRECTIONS, rulesOf } from './walk.js';

export type AllowedPort = { readonly kind: 'range'; readonly first: number; readonly last: number } | { readonly kind: 'name'; readonly name: string };

const isPortNumber = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535;

/** An allowedPorts entry: `443`, `8000-8100` or `http`; undefined when it is none of them. */
export function parseAllowedPort(entry: number | string): AllowedPort | undefined {
  if (typeof entry === 'number') return isPortNumber(entry) ? { kind: 'range', first: entry, last: entry } : undefined;
  const range = /^(\d{1,5})-(\d{1,5})$/.exec(entry);
  if (range) {
    const [first, last] = [Number(range[1]), Number(range[2])];
    return isPortNumber(first) && isPortNumber(last) && first <= last ? { kind: 'range', first, last } : undefined;
  }
  return isValidPortName(entry) ? { kind: 'name', name: entry } : undefined;
}

interface Allowed {
  /** Sorted, and merged where they touch, so a range is allowed when one of them holds it. */
  readonly ranges: readonly { readonly first: number; readonly last: number }[];
  readonly names: readonly string[];
}

function allowedOf(entries: readonly (number | string)[]): Allowed {
  const parsed = entries.map(parseAllowedPort).filter((p) => p !== undefined);
  const ranges: { first: number; last: number }[] = [];
  for (const r of parsed.flatMap((p) => (p.kind === 'range' ? [p] : [])).sort((a, b) => a.first - b.first)) {
    const last = ranges[ranges.length - 1];
    if (last && r.first <= last.last + 1) last.last = Math.max(last.last, r.last);
    else ranges.push({ first: r.first, last: r.last });
  }
  const names = [...new Set(parsed.flatMap((p) => (p.kind === 'name' ? [p.name] : [])))];
  return { ranges, names };
}

function isAllowed(port: PolicyPort, allowed: Allowed): boolean {
  if (port.port === undefined) return false;
  if (typeof port.port === 'string') return allowed.names.includes(port.port);
  const [first, last] = [port.port, port.endPort ?? port.port];
  return allowed.ranges.some((r) => r.first <= first && last <= r.last);
}

/** What an entry allows, as the messages name it: `port 443/TCP`, `ports 8000-8100/TCP`, `every UDP port`. */
function describe(port: PolicyPort): string {
  if (port.port === undefined) return `every ${port.protocol} port`;
  return `${port.endPort !== undefined ? `ports ${port.port}-${port.endPort}` : `port ${port.port}`}/${port.protocol}`;
}

const EVERY_PORT = 'every port';

function celAllowed(allowed: Allowed): string {
  const byName = allowed.names.length > 0 ? `p.port in ${celStrings(allowed.names)}` : 'false';
  const ranges = `[${allowed.ranges.map((r) => `[${r.first}, ${r.last}]`).join(', ')}]`;
  const byNumber = allowed.ranges.length > 0 ? `${ranges}.exists(a, p.port >= a[0] && (has(p.endPort) ? p.endPort : p.port) <= a[1])` : 'false';
  return `has(p.port) && (type(p.port) == string ? ${byName} : ${byNumber})`;
}

// The API server defaults protocol to TCP before admission; `has` only guards an object that skipped it.
const CEL_PROTOCOL = `(has(p.protocol) ? p.protocol : 'TCP')`;
const CEL_DESCRIBE =
  `(has(p.port) ? (has(p.endPort) ? 'ports ' + string(p.port) + '-' + string(p.endPort) : 'port ' + string(p.port)) + '/' + ${CEL_PROTOCOL}` +
  ` : 'every ' + ${CEL_PROTOCOL} + ' port')`;

function checks(allowed: Allowed): ObjectCheck[] {
  return DIRECTIONS.map((direction) => ({
    name: `${direction}Ports`,
    message: `${direction} allows {detail}: not one of the allowed ports (allowedPorts)`,
    violations: (policy) =>
      rulesOf(policy, direction).flatMap(({ rule, field }) =>
        rule.ports === 'all'
          ? [{ field, detail: EVERY_PORT }]
          : rule.ports.flatMap((port, k) => (isAllowed(port, allowed) ? [] : [{ field: `${field}.ports[${k}]`, detail: describe(port) }])),
      ),
    cel: `${celRules(direction)}.map(r, (!has(r.ports) || size(r.ports) == 0) ? ['${EVERY_PORT}'] : r.ports.filter(p, !(${celAllowed(allowed)})).map(p, ${CEL_DESCRIBE}))`,
  }));
}

export const allowedPorts = (config: LintConfig): OrgRule[] =>
  config.allowedPorts
    ? [{ setting: 'allowedPorts', code: 'org-port-not-allowed', id: 'port-not-allowed', scope: EVERY_NAMESPACE, judgement: { kind: 'per-object', checks: checks(allowedOf(config.allowedPorts)) } }]
    : [];
