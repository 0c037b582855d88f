#!/usr/bin/env node
// Command line for the local test control plane.
//   node scripts/test-cluster/cli.mjs start   start etcd + kube-apiserver, print the kubeconfig, run until Ctrl-C
//   node scripts/test-cluster/cli.mjs build   only find or build the binaries
//   node scripts/test-cluster/cli.mjs env     print where the binaries would come from (builds nothing)

import { ensureBinaries, locateBinary, startControlPlane, CACHE_BIN_DIR } from "./control-plane.mjs";

const USAGE = `usage: node scripts/test-cluster/cli.mjs <start|build|env>
  start  start etcd + kube-apiserver, print the kubeconfig path, wait for Ctrl-C / SIGTERM
  build  find the binaries, building missing ones into ${CACHE_BIN_DIR}
  env    print where kube-apiserver and etcd are found (no build)

binaries are taken from, in order: TEST_ASSET_KUBE_APISERVER / TEST_ASSET_ETCD,
$KUBEBUILDER_ASSETS/{kube-apiserver,etcd}, ${CACHE_BIN_DIR}, else built with go.`;

async function main(cmd) {
  switch (cmd) {
    case "env": {
      for (const [name, label] of [["apiserver", "kube-apiserver"], ["etcd", "etcd"]]) {
        let loc;
        try {
          loc = locateBinary(name);
        } catch (err) {
          loc = { path: null, source: `error: ${err.message}` };
        }
        const note = loc.stale ? " (stale: would be rebuilt)" : "";
        console.log(`${label}\t${loc.path ?? "-"}\t${loc.source}${note}`);
      }
      return 0;
    }
    case "build": {
      const bins = await ensureBinaries();
      console.log(`kube-apiserver\t${bins.apiserver}\netcd\t${bins.etcd}`);
      return 0;
    }
    case "start": {
      const cp = await startControlPlane();
      console.log(`kubeconfig: ${cp.kubeconfigPath}`);
      console.log(`server:     ${cp.server} (${cp.version?.gitVersion ?? "?"})`);
      console.log(`contexts:   admin (current), viewer, nobody`);
      console.log(`logs:       ${cp.logs.apiserver} ${cp.logs.etcd}`);
      console.log(`\nexport KUBECONFIG=${cp.kubeconfigPath}\n\nrunning; Ctrl-C or SIGTERM stops it`);
      await new Promise((resolve) => {
        const done = (sig) => {
          console.error(`\n${sig}: stopping`);
          resolve();
        };
        process.once("SIGINT", done);
        process.once("SIGTERM", done);
        process.once("SIGHUP", done);
      });
      await cp.stop();
      console.error("stopped");
      return 0;
    }
    default:
      console.error(USAGE);
      return cmd === undefined || cmd === "-h" || cmd === "--help" ? 0 : 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err?.stack ?? String(err));
    process.exit(1);
  },
);
