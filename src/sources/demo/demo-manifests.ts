// The built-in demo cluster: a small shop, a monitoring stack and kube-system DNS, with
// default-deny in some namespaces and deliberate gaps, so every command has something to show.

const ns = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });

interface PodSpec {
  app: string;
  replicas?: number;
  ports?: { name: string; port: number; protocol?: string }[];
  labels?: Record<string, string>;
  kind?: 'Deployment' | 'StatefulSet' | 'DaemonSet';
}

let nextIp = 10;
/** Running pods as a kubelet would report them, owned by their workload. */
function pods(namespace: string, spec: PodSpec, node = 0): object[] {
  const kind = spec.kind ?? 'Deployment';
  const hash = kind === 'Deployment' ? '7d9f8c6b5' : undefined;
  return Array.from({ length: spec.replicas ?? 1 }, (_, i) => {
    const suffix = kind === 'StatefulSet' ? `${i}` : `${hash ?? 'x8k2p'}-${'abcdefghij'[i]}${'klmnopqrst'[i]}${i}q${i}`;
    const owner = kind === 'Deployment' ? { kind: 'ReplicaSet', name: `${spec.app}-${hash}` } : { kind, name: spec.app };
    const ip = `10.244.${(node + i) % 3}.${nextIp++}`;
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${spec.app}-${suffix}`,
        namespace,
        labels: { app: spec.app, ...(hash ? { 'pod-template-hash': hash } : {}), ...spec.labels },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, controller: true }],
      },
      spec: {
        nodeName: `node-${(node + i) % 3}`,
        containers: [{ name: spec.app, ports: (spec.ports ?? []).map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol ?? 'TCP' })) }],
      },
      status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], hostIP: `172.18.0.${2 + ((node + i) % 3)}` },
    };
  });
}

const service = (namespace: string, name: string, selector: Record<string, string>, ports: { port: number; targetPort: number | string; name?: string; protocol?: string }[]) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace },
  spec: { selector, ports: ports.map((p) => ({ protocol: 'TCP', ...p })) },
});

const policy = (namespace: string, name: string, spec: object) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec });

const DNS_EGRESS = {
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
  ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
};

export function demoObjects(): object[] {
  nextIp = 10;
  return [
    ns('shop', { team: 'shop', env: 'prod' }),
    ns('payments', { team: 'payments', env: 'prod', 'pci-scope': 'true' }),
    ns('monitoring', { team: 'platform' }),
    ns('kube-system'),
    ns('ingress-nginx', { team: 'platform' }),
    ...pods('kube-system', { app: 'coredns', replicas: 2, labels: { 'k8s-app': 'kube-dns' }, ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }, { name: 'metrics', port: 9153 }] }),
    ...pods('ingress-nginx', { app: 'ingress-nginx-controller', ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] }),
    ...pods('shop', { app: 'frontend', replicas: 3, labels: { tier: 'web' }, ports: [{ name: 'http', port: 8080 }] }),
    ...pods('shop', { app: 'cart', replicas: 2, labels: { tier: 'api' }, ports: [{ name: 'grpc', port: 7070 }] }),
    ...pods('shop', { app: 'catalog', replicas: 2, labels: { tier: 'api' }, ports: [{ name: 'grpc', port: 3550 }, { name: 'metrics', port: 9090 }] }),
    ...pods('shop', { app: 'checkout', labels: { tier: 'api' }, ports: [{ name: 'grpc', port: 5050 }] }),
    ...pods('shop', { app: 'redis', kind: 'StatefulSet', labels: { tier: 'data' }, ports: [{ name: 'redis', port: 6379 }] }),
    ...pods('payments', { app: 'payment-api', replicas: 2, ports: [{ name: 'https', port: 8443 }] }),
    ...pods('payments', { app: 'fraud-check', ports: [{ name: 'http', port: 8080 }] }),
    ...pods('monitoring', { app: 'prometheus', kind: 'StatefulSet', ports: [{ name: 'web', port: 9090 }] }),
    ...pods('monitoring', { app: 'grafana', ports: [{ name: 'http', port: 3000 }] }),
    service('kube-system', 'kube-dns', { 'k8s-app': 'kube-dns' }, [{ name: 'dns', port: 53, targetPort: 'dns', protocol: 'UDP' }, { name: 'dns-tcp', port: 53, targetPort: 'dns-tcp' }]),
    service('shop', 'frontend', { app: 'frontend' }, [{ name: 'http', port: 80, targetPort: 'http' }]),
    service('shop', 'cart', { app: 'cart' }, [{ name: 'grpc', port: 7070, targetPort: 7070 }]),
    service('shop', 'catalog', { app: 'catalog' }, [{ name: 'grpc', port: 3550, targetPort: 'grpc' }]),
    service('shop', 'checkout', { app: 'checkout' }, [{ name: 'grpc', port: 5050, targetPort: 'grpc' }]),
    service('shop', 'redis', { app: 'redis' }, [{ name: 'redis', port: 6379, targetPort: 'redis' }]),
    service('payments', 'payment-api', { app: 'payment-api' }, [{ name: 'https', port: 443, targetPort: 'https' }]),
    // shop: default deny both ways, then the paths the app needs.
    policy('shop', 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    policy('shop', 'allow-dns', { podSelector: {}, policyTypes: ['Egress'], egress: [DNS_EGRESS] }),
    policy('shop', 'frontend', {
      podSelector: { matchLabels: { app: 'frontend' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ port: 'http' }] }],
      egress: [{ to: [{ podSelector: { matchLabels: { tier: 'api' } } }] }],
    }),
    policy('shop', 'api-from-frontend', {
      podSelector: { matchLabels: { tier: 'api' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }] }],
    }),
    policy('shop', 'checkout', {
      podSelector: { matchLabels: { app: 'checkout' } },
      policyTypes: ['Egress'],
      egress: [
        { to: [{ podSelector: { matchLabels: { tier: 'api' } } }, { podSelector: { matchLabels: { app: 'redis' } } }] },
        // Deliberate mistake: meant "payment-api pods in payments", but two peers make it an OR.
        { to: [{ namespaceSelector: { matchLabels: { team: 'payments' } } }, { podSelector: { matchLabels: { app: 'payment-api' } } }], ports: [{ port: 8443 }] },
      ],
    }),
    policy('shop', 'cart-to-redis', {
      podSelector: { matchLabels: { app: 'cart' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { app: 'redis' } } }], ports: [{ port: 6379 }] }],
    }),
    policy('shop', 'redis', {
      podSelector: { matchLabels: { app: 'redis' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'cart' } } }, { podSelector: { matchLabels: { app: 'checkout' } } }], ports: [{ port: 6379 }] }],
    }),
    policy('shop', 'metrics-scrape', {
      podSelector: { matchLabels: { app: 'catalog' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'platform' } }, podSelector: { matchLabels: { app: 'prometheus' } } }], ports: [{ port: 'metrics' }] }],
    }),
    // payments: ingress default deny only; egress open, with a broad internet rule.
    policy('payments', 'default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] }),
    policy('payments', 'payment-api', {
      podSelector: { matchLabels: { app: 'payment-api' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'shop' } }, podSelector: { matchLabels: { app: 'checkout' } } }], ports: [{ port: 8443 }] }],
    }),
    policy('payments', 'fraud-check-egress', {
      podSelector: { matchLabels: { app: 'fraud-check' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }], ports: [{ port: 443 }] }],
    }),
    // A leftover that selects nothing any more.
    policy('payments', 'legacy-batch', { podSelector: { matchLabels: { app: 'batch' } }, ingress: [{ from: [{ podSelector: {} }] }] }),
    // monitoring: no policies at all (a gap coverage reports).
  ];
}
