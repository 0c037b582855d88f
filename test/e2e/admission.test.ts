// `lint --export-admission` on a real kube-apiserver: the exported ValidatingAdmissionPolicies are
// applied with kubectl; each rule refuses a violating NetworkPolicy with lint's message, accepts a
// conforming one, and leaves namespaces outside its binding alone. Then every rule runs on a corpus
// of policies through lint and through its exported CEL (evaluated by the API server, dryRun=All),
// and the two must take the same decisions.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { CORPUS, corpusYaml, manifest, RULE_CASES } from '../fixtures/admission/corpus.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'kubectl-netpol');
const plane = inject('controlPlane');
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
let api: Any;
let work: string;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

const env = () => ({ PATH: process.env['PATH'], HOME: work, KUBECONFIG: plane!.kubeconfigPath, NO_COLOR: '1' });

function cli(args: string[]): Result {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: env(), encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function kubectl(args: string[]): Result {
  const r = spawnSync('kubectl', args, { env: env(), encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const IN = 'adm-in';
const OUT = 'adm-out';
const EDGE = 'adm-edge';
const OTHER = 'adm-other';
const diffNamespace = (setting: string) => `diff-${setting.toLowerCase()}`;

const CONFIG = `requireIngressRules: true
forbidCidrs:
  - cidr: 10.0.0.0/8
    namespaces: [${IN}]
requireDefaultDeny: [ingress]
requirePolicyTypes: true
forbidAnyAddressEgress:
  exceptNamespaces: [${EDGE}]
forbidAllowAllPeers: true
requirePodSelectorLabels: true
allowedPorts: [443]
ignoreNamespaces: [${[OUT, ...RULE_CASES.map((r) => diffNamespace(r.setting))].join(', ')}]
`;

const web = { matchLabels: { app: 'web' } };
const https = [{ protocol: 'TCP', port: 443 }];
const ingress = [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: https }];
const egress = [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: https }];
/** Conforms to every rule of CONFIG. */
const CONFORMING = { podSelector: web, policyTypes: ['Ingress', 'Egress'], ingress, egress };

interface Case {
  readonly setting: string;
  readonly code: string;
  /** The exported objects' name. */
  readonly object: string;
  /** Breaks this rule and no other. */
  readonly violating: Record<string, unknown>;
  /** Namespaces the rule does not apply to (besides the ignored one). */
  readonly outside: readonly string[];
}

const CASES: readonly Case[] = [
  { setting: 'requireIngressRules', code: 'org-require-ingress-rules', object: 'netpol-require-ingress-rules', violating: { podSelector: web, policyTypes: ['Egress'], egress }, outside: [] },
  { setting: 'forbidCidrs', code: 'org-forbidden-cidr', object: 'netpol-forbidden-cidr-0', violating: { ...CONFORMING, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: https }] }, outside: [OTHER, EDGE] },
  { setting: 'forbidAnyAddressEgress', code: 'org-any-address-egress', object: 'netpol-any-address-egress', violating: { ...CONFORMING, egress: [{ to: [{ ipBlock: { cidr: '::/0' } }], ports: https }] }, outside: [EDGE] },
  { setting: 'forbidAllowAllPeers', code: 'org-allow-all-peers', object: 'netpol-allow-all-peers', violating: { ...CONFORMING, ingress: [{ ports: https }] }, outside: [] },
  { setting: 'requirePodSelectorLabels', code: 'org-empty-pod-selector', object: 'netpol-empty-pod-selector', violating: { ...CONFORMING, ingress: [{ from: [{ podSelector: {} }], ports: https }] }, outside: [] },
  { setting: 'allowedPorts', code: 'org-port-not-allowed', object: 'netpol-port-not-allowed', violating: { ...CONFORMING, ingress: [{ ...ingress[0], ports: [{ protocol: 'TCP', port: 8443 }] }] }, outside: [] },
];

const policy = (name: string, namespace: string, spec: Record<string, unknown>) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec });
const violatorName = (c: Case) => `breaks-${c.setting.toLowerCase()}`;

interface Admission {
  readonly status: number;
  /** What the ValidatingAdmissionPolicy said, when one refused the object. */
  readonly refusedBy?: string;
  readonly message?: string;
}

const VAP_DENIAL = /ValidatingAdmissionPolicy '([^']+)' with binding '[^']+' denied request: (.*)$/;

async function create(namespace: string, obj: object, dryRun = true): Promise<Admission> {
  const path = `/apis/networking.k8s.io/v1/namespaces/${namespace}/networkpolicies${dryRun ? '?dryRun=All' : ''}`;
  const r = await api.kubeFetch(plane, 'POST', path, obj);
  const denial = typeof r.body?.message === 'string' ? VAP_DENIAL.exec(r.body.message) : null;
  return { status: r.status, ...(denial ? { refusedBy: denial[1], message: denial[2] } : {}) };
}

/** Retries until `done` (admission policies take effect once the API server's informers see them). */
async function eventually(what: string, done: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await done()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** lint -o json on manifests with a config: the findings of each policy, by code. */
function lintFindings(manifests: string, config: string): Map<string, { code: string; message: string }[]> {
  const file = join(work, `lint-${Math.abs(hash(manifests + config))}.yaml`);
  const cfg = `${file}.config.yaml`;
  writeFileSync(file, manifests);
  writeFileSync(cfg, config);
  const r = cli(['lint', '-f', file, '--config', cfg, '-o', 'json', '--fail-on', 'none']);
  expect(r.stderr).toBe('');
  const out = new Map<string, { code: string; message: string }[]>();
  for (const f of JSON.parse(r.stdout).findings as { code: string; message: string; object: { kind: string; name: string } }[]) {
    if (f.object.kind === 'NetworkPolicy') out.set(f.object.name, [...(out.get(f.object.name) ?? []), { code: f.code, message: f.message }]);
  }
  return out;
}

function hash(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return h;
}

const applied: string[] = [];

function exportAndApply(config: string, name: string, rescope?: (doc: Any) => void): Result {
  const cfg = join(work, `${name}.config.yaml`);
  writeFileSync(cfg, config);
  const exported = cli(['lint', '--config', cfg, '--export-admission']);
  expect(exported.code).toBe(0);
  let yaml = exported.stdout;
  if (rescope) yaml = parseAllDocuments(yaml).map((d) => d.toJS()).map((doc) => (rescope(doc), stringify(doc))).join('---\n');
  const file = join(work, `${name}.admission.yaml`);
  writeFileSync(file, yaml);
  applied.push(file);
  const r = kubectl(['apply', '-f', file]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return exported;
}

describe.runIf(plane && hasKubectl)('admission: exported organisation rules on a real API server', () => {
  beforeAll(async () => {
    api = await import('../../scripts/test-cluster/control-plane.mjs');
    work = mkdtempSync(join(tmpdir(), 'netpol-e2e-admission-'));
    for (const ns of [IN, OUT, EDGE, OTHER, ...RULE_CASES.map((r) => diffNamespace(r.setting))]) await api.createNamespace(plane, ns);
  });

  afterAll(async () => {
    if (!api) return;
    for (const file of applied) kubectl(['delete', '--ignore-not-found', '-f', file]);
    // Other e2e files create NetworkPolicies: wait until no exported rule is in force any more.
    for (const c of CASES) await eventually(`${c.object} to be gone`, async () => (await create(IN, policy(violatorName(c), IN, c.violating))).status === 201);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  describe('the export, applied with kubectl, enforces each rule where it is bound', () => {
    let exported: Result;
    let lintMessages: Map<string, { code: string; message: string }[]>;

    beforeAll(async () => {
      exported = exportAndApply(CONFIG, 'organisation');
      lintMessages = lintFindings(CASES.map((c) => stringify(policy(violatorName(c), IN, c.violating))).join('---\n'), CONFIG);
      // Every rule in force before the tests start.
      for (const c of CASES) await eventually(`${c.object} to refuse`, async () => (await create(IN, policy(violatorName(c), IN, c.violating))).refusedBy === c.object);
    });

    it('the export applies with kubectl; the rules admission cannot judge are named on stderr', () => {
      expect(exported.stderr.split('\n').filter(Boolean).map((l) => l.replace(/ is not exported: .*/, ''))).toEqual(['lint: requireDefaultDeny', 'lint: requirePolicyTypes']);
      const kinds = parseAllDocuments(exported.stdout).map((d) => `${d.get('kind')}/${d.getIn(['metadata', 'name'])}`);
      expect(kinds).toEqual(CASES.flatMap((c) => [`ValidatingAdmissionPolicy/${c.object}`, `ValidatingAdmissionPolicyBinding/${c.object}`]));
      const listed = kubectl(['get', 'validatingadmissionpolicies,validatingadmissionpolicybindings', '-l', 'app.kubernetes.io/managed-by=kubectl-netpol', '-o', 'name']);
      expect(listed.stdout.split('\n').filter((l) => l.includes('netpol-') && !l.includes('diff')).length).toBeGreaterThanOrEqual(CASES.length * 2);
    });

    for (const c of CASES) {
      it(`${c.setting}: a violating policy is refused with lint's message, a conforming one is created, out of scope is not affected`, async () => {
        const name = violatorName(c);
        const refused = await create(IN, policy(name, IN, c.violating), false);
        expect(refused.status).toBe(422);
        expect(refused.refusedBy).toBe(c.object);
        const lint = (lintMessages.get(name) ?? []).filter((f) => f.code === c.code).map((f) => f.message);
        expect(lint.length).toBeGreaterThan(0);
        expect(lint).toContain(refused.message);
        // The violator breaks this rule only.
        expect((lintMessages.get(name) ?? []).every((f) => f.code === c.code || !f.code.startsWith('org-'))).toBe(true);

        const ok = await create(IN, policy(`follows-${c.setting.toLowerCase()}`, IN, CONFORMING), false);
        expect(ok.status).toBe(201);
        for (const ns of [OUT, ...c.outside]) {
          const elsewhere = await create(ns, policy(name, ns, c.violating), false);
          expect({ ns, status: elsewhere.status, refusedBy: elsewhere.refusedBy }).toEqual({ ns, status: 201, refusedBy: undefined });
        }
      });
    }

    it('an update that breaks a rule is refused too', async () => {
      const name = 'updated-later';
      expect((await create(IN, policy(name, IN, CONFORMING), false)).status).toBe(201);
      const r = await api.kubeFetch(plane, 'PATCH', `/apis/networking.k8s.io/v1/namespaces/${IN}/networkpolicies/${name}`, { spec: { ingress: [{ ports: https }] } });
      expect(r.status).toBe(422);
      expect(r.body.message).toMatch(/ValidatingAdmissionPolicy 'netpol-allow-all-peers' .* denied request: an ingress rule without from admits every source \(forbidAllowAllPeers\)$/);
    });

    it('requirePolicyTypes is lint only: the API server writes policyTypes before admission', async () => {
      const r = await api.kubeFetch(plane, 'POST', `/apis/networking.k8s.io/v1/namespaces/${OUT}/networkpolicies?dryRun=All`, policy('unwritten', OUT, { podSelector: web, ingress, egress }));
      expect(r.status).toBe(201);
      expect(r.body.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    });
  });

  describe('lint and the exported CEL take the same decisions on the corpus', () => {
    for (const rule of RULE_CASES) {
      it(rule.setting, async () => {
        const ns = diffNamespace(rule.setting);
        // The rule alone, bound to its own namespace so that the rules do not judge each other's corpus.
        exportAndApply(rule.config(ns), `diff-${rule.setting}`, (doc) => {
          if (doc.kind === 'ValidatingAdmissionPolicyBinding') doc.spec.matchResources = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } };
        });
        const lint = lintFindings(corpusYaml(ns), rule.config(ns));
        const lintRefuses = (name: string) => (lint.get(name) ?? []).some((f) => f.code === rule.code);
        // In force once it refuses one of the policies lint refuses; if it never does, the table below says so.
        const refusedByLint = CORPUS.filter((p) => lintRefuses(p.name));
        await eventually(`the ${rule.setting} policy to be in force`, async () => {
          for (const p of refusedByLint) if ((await create(ns, manifest(p, ns))).status !== 201) return true;
          return false;
        }, 15_000).catch(() => undefined);

        const decisions = [];
        for (const p of CORPUS) {
          const admission = await create(ns, manifest(p, ns));
          // Anything but "created" or "refused by our policy" is a broken corpus or export.
          expect({ policy: p.name, status: admission.status === 201 || admission.refusedBy !== undefined }).toEqual({ policy: p.name, status: true });
          decisions.push({ policy: p.name, lint: lintRefuses(p.name) ? 'refuse' : 'accept', admission: admission.status === 201 ? 'accept' : 'refuse' });
          if (admission.message !== undefined) {
            expect((lint.get(p.name) ?? []).filter((f) => f.code === rule.code).map((f) => f.message)).toContain(admission.message);
          }
        }
        expect(decisions.filter((d) => d.lint !== d.admission)).toEqual([]);
        expect(decisions.filter((d) => d.admission === 'refuse').map((d) => d.policy).sort()).toEqual([...rule.refuses].sort());
      });
    }
  });
});
