// The lint config file (netpol-lint.yaml): organisation rules, disabled codes, severities; shape checked here.
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { ForbiddenCidr, LintConfig, LintSeverity } from '../../model/lint-config.js';
import { clip, quote } from '../../model/quote.js';
import { checkAliases, reasonOf } from '../manifest/parse.js';
import { nearestField } from '../normalize/known-fields.js';
import { isRecord } from '../normalize/raw.js';
import { SourceError } from '../source-error.js';

const KEYS = [
  'requireIngressRules',
  'forbidCidrs',
  'requireDefaultDeny',
  'requirePolicyTypes',
  'forbidAnyAddressEgress',
  'forbidAllowAllPeers',
  'requirePodSelectorLabels',
  'allowedPorts',
  'requireDeclaredNamedPorts',
  'disable',
  'severity',
  'ignoreNamespaces',
] as const;
/** Rules turned on with `true`; left out of the config when absent or false. */
const FLAGS = ['requirePolicyTypes', 'forbidAllowAllPeers', 'requirePodSelectorLabels', 'requireDeclaredNamedPorts'] as const;
const SEVERITIES: readonly LintSeverity[] = ['error', 'warning', 'info'];

type Path = readonly (string | number)[];

class ConfigReader {
  constructor(
    private readonly file: string,
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  fail(path: Path, message: string): never {
    // A missing field has no node: point at the nearest enclosing one.
    let start: number | undefined;
    for (let n = path.length; n >= 0 && start === undefined; n--) {
      const node = n === 0 ? this.doc.contents : (this.doc.getIn(path.slice(0, n), true) as unknown);
      start = (node as { range?: readonly number[] } | null | undefined)?.range?.[0];
    }
    const line = start === undefined ? '' : `line ${this.lines.linePos(start).line}: `;
    const field = path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? clip(p) : `.${clip(p)}`)).join('');
    throw new SourceError(`${this.file}: ${line}${field ? `${field}: ` : ''}${message}`, { file: this.file, doc: 1 });
  }

  strings(value: unknown, path: Path): string[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(path, 'expected a list');
    return value.map((v, i) => {
      if (typeof v !== 'string' || v === '') this.fail([...path, i], 'expected a non-empty string');
      return v;
    });
  }
}

/** `unknown setting "namespace" (did you mean "namespaces"?)`, or the settings there are. */
const unknownSetting = (key: string, known: readonly string[]): string => {
  const nearest = nearestField(key, known);
  return nearest ? `unknown setting ${quote(key)} (did you mean "${nearest}"?)` : `unknown setting (${known.join(', ')})`;
};

function readForbidden(r: ConfigReader, value: unknown): ForbiddenCidr[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) r.fail(['forbidCidrs'], 'expected a list of {cidr, namespaces}');
  return value.map((item, i): ForbiddenCidr => {
    const at = ['forbidCidrs', i];
    // A bare string is shorthand for {cidr: STRING}.
    if (typeof item === 'string') return { cidr: item };
    if (!isRecord(item)) r.fail(at, 'expected {cidr, namespaces} or a CIDR');
    for (const key of Object.keys(item)) if (key !== 'cidr' && key !== 'namespaces') r.fail([...at, key], unknownSetting(key, ['cidr', 'namespaces']));
    if (typeof item['cidr'] !== 'string') r.fail([...at, 'cidr'], 'expected a CIDR such as 0.0.0.0/0');
    const namespaces = item['namespaces'] === undefined ? undefined : r.strings(item['namespaces'], [...at, 'namespaces']);
    return { cidr: item['cidr'], ...(namespaces ? { namespaces } : {}) };
  });
}

/** `true`, or `{exceptNamespaces: [...]}`; undefined when absent or false. */
function readAnyAddressEgress(r: ConfigReader, value: unknown): LintConfig['forbidAnyAddressEgress'] {
  if (value === undefined || value === null || value === false) return undefined;
  if (value === true) return { exceptNamespaces: [] };
  if (!isRecord(value)) r.fail(['forbidAnyAddressEgress'], 'expected true, false or {exceptNamespaces: [...]}');
  for (const key of Object.keys(value)) if (key !== 'exceptNamespaces') r.fail(['forbidAnyAddressEgress', key], unknownSetting(key, ['exceptNamespaces']));
  return { exceptNamespaces: r.strings(value['exceptNamespaces'], ['forbidAnyAddressEgress', 'exceptNamespaces']) };
}

/** Port numbers, `FIRST-LAST` ranges and port names (their values are checked with the rules). */
function readAllowedPorts(r: ConfigReader, value: unknown): (number | string)[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) r.fail(['allowedPorts'], 'expected a list of ports (443), ranges (8000-8100) or port names (http)');
  return value.map((v, i) => {
    if (typeof v !== 'number' && (typeof v !== 'string' || v === '')) r.fail(['allowedPorts', i], 'expected a port (443), a range (8000-8100) or a port name (http)');
    return v;
  });
}

export function parseLintConfig(file: string, text: string): LintConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  const error = doc.errors[0];
  if (error) {
    const line = lines.linePos(error.pos[0]).line;
    throw new SourceError(`${file}: line ${line}: invalid YAML: ${reasonOf(error.message)}`, { file, doc: 1 });
  }
  const r: ConfigReader = new ConfigReader(file, doc, lines);
  checkAliases(doc, (offset, reason) => {
    throw new SourceError(`${file}: ${offset === undefined ? '' : `line ${lines.linePos(offset).line}: `}invalid YAML: ${reason}`, { file, doc: 1 });
  });
  const value: unknown = doc.toJS({ maxAliasCount: -1 }) ?? {};
  if (!isRecord(value)) r.fail([], `expected a mapping of settings (${KEYS.join(', ')})`);
  for (const key of Object.keys(value)) {
    if (!(KEYS as readonly string[]).includes(key)) r.fail([key], unknownSetting(key, KEYS));
  }
  const requireIngressRules = value['requireIngressRules'] ?? false;
  if (typeof requireIngressRules !== 'boolean') r.fail(['requireIngressRules'], 'expected true or false');
  const requireDefaultDeny = r.strings(value['requireDefaultDeny'], ['requireDefaultDeny']).map((d, i) => {
    if (d !== 'ingress' && d !== 'egress') r.fail(['requireDefaultDeny', i], `${quote(d)} is not ingress or egress`);
    return d;
  });
  const severityRaw = value['severity'] ?? {};
  if (!isRecord(severityRaw)) r.fail(['severity'], 'expected a mapping of finding code to error, warning or info');
  const severity: Record<string, LintSeverity> = {};
  for (const [code, level] of Object.entries(severityRaw)) {
    if (!SEVERITIES.includes(level as LintSeverity)) r.fail(['severity', code], 'expected error, warning or info');
    severity[code] = level as LintSeverity;
  }
  const flags: Partial<Record<(typeof FLAGS)[number], boolean>> = {};
  for (const key of FLAGS) {
    if (value[key] !== undefined && value[key] !== null && typeof value[key] !== 'boolean') r.fail([key], 'expected true or false');
    if (value[key] === true) flags[key] = true;
  }
  const forbidAnyAddressEgress = readAnyAddressEgress(r, value['forbidAnyAddressEgress']);
  const allowedPorts = readAllowedPorts(r, value['allowedPorts']);
  return {
    requireIngressRules,
    forbidCidrs: readForbidden(r, value['forbidCidrs']),
    requireDefaultDeny,
    ...flags,
    ...(forbidAnyAddressEgress ? { forbidAnyAddressEgress } : {}),
    ...(allowedPorts ? { allowedPorts } : {}),
    disable: r.strings(value['disable'], ['disable']),
    severity,
    ignoreNamespaces: r.strings(value['ignoreNamespaces'], ['ignoreNamespaces']),
  };
}
