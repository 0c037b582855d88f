// The CRDs of sigs.k8s.io/network-policy-api, as released: the Go module fetched once through the Go
// module proxy (`go mod download`, checksums verified against the Go checksum database) into
// .cache/go-mod, and reused from there. Plain ESM, Node built-ins only.
//
//   import { networkPolicyApiCrdFiles } from "./network-policy-api.mjs";
//   const files = networkPolicyApiCrdFiles({ version: "v0.3.1", channel: "experimental" });

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PROJECT_ROOT = path.resolve(HERE, "..", "..");
export const GO_MOD_CACHE = path.join(PROJECT_ROOT, ".cache", "go-mod");
const MODULE = "sigs.k8s.io/network-policy-api";

/** The module's directory in the cache (the Go module cache layout), whether or not it is there yet. */
export function moduleDir(version) {
  return path.join(GO_MOD_CACHE, ...MODULE.split("/").slice(0, -1), `${MODULE.split("/").at(-1)}@${version}`);
}

/**
 * The module's directory, downloaded through GOPROXY on first use.
 * @returns {string}
 */
export function downloadModule(version) {
  const dir = moduleDir(version);
  if (fs.existsSync(path.join(dir, "go.mod"))) return dir;
  fs.mkdirSync(GO_MOD_CACHE, { recursive: true });
  const r = spawnSync("go", ["mod", "download", "-json", `${MODULE}@${version}`], {
    // Outside any module: `go mod download` then fetches exactly the module asked for.
    cwd: GO_MOD_CACHE,
    encoding: "utf8",
    env: {
      ...process.env,
      GOMODCACHE: GO_MOD_CACHE,
      // Writable files, so that the cache can be deleted like any other directory.
      GOFLAGS: "-modcacherw",
      GOWORK: "off",
      GO111MODULE: "on",
      GOTOOLCHAIN: process.env.GOTOOLCHAIN || "local",
    },
    timeout: 300000,
  });
  if (r.error) throw new Error(`cannot fetch ${MODULE}@${version}: go mod download: ${r.error.message} (the Go toolchain is needed once, to fill ${path.relative(PROJECT_ROOT, GO_MOD_CACHE)})`);
  let info = {};
  try {
    info = JSON.parse(r.stdout);
  } catch {}
  if (r.status !== 0 || !info.Dir) {
    throw new Error(`cannot fetch ${MODULE}@${version}: go mod download exited ${r.status}: ${(info.Error ?? r.stderr ?? "").trim().split("\n")[0]}`);
  }
  return info.Dir;
}

/**
 * The CRD files of one channel ("standard" or "experimental") of a release, sorted by name.
 * @returns {string[]}
 */
export function networkPolicyApiCrdFiles({ version, channel }) {
  const dir = path.join(downloadModule(version), "config", "crd", channel);
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith("policy.networking.k8s.io_") && f.endsWith(".yaml"))
    .sort()
    .map((f) => path.join(dir, f));
  if (files.length === 0) throw new Error(`${MODULE}@${version} has no CRDs in config/crd/${channel}`);
  return files;
}
