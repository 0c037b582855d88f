// The version of kubectl-netpol and of the build that made this program: --version, `version`, SARIF's tool.driver.version.
export const VERSION = '0.1.0';

/** What `kubectl netpol version -o json` prints. */
export interface BuildInfo {
  readonly version: string;
  /** The git commit built, with `-dirty` when the working tree had uncommitted changes; `unknown` in a tsc build. */
  readonly commit: string;
  /** RFC 3339 UTC: the commit's date, or SOURCE_DATE_EPOCH; `unknown` in a tsc build. */
  readonly buildDate: string;
  /** The JavaScript runtime running this program: `node v24.1.0`, `bun 1.2.3` (standalone binaries). */
  readonly runtime: string;
}

/** Set by the release bundler (scripts/release, esbuild `define`); not defined in a tsc build from a working tree. */
declare const __NETPOL_BUILD__: { readonly commit: string; readonly buildDate: string } | undefined;

const stamp = typeof __NETPOL_BUILD__ === 'object' && __NETPOL_BUILD__ !== null ? __NETPOL_BUILD__ : undefined;

export function buildInfo(versions: NodeJS.ProcessVersions = process.versions): BuildInfo {
  const bun = (versions as { bun?: string }).bun;
  return {
    version: VERSION,
    commit: stamp?.commit ?? 'unknown',
    buildDate: stamp?.buildDate ?? 'unknown',
    runtime: bun ? `bun ${bun}` : `node v${versions.node}`,
  };
}

/** The one line `--version` prints. */
export function versionLine(info: BuildInfo = buildInfo()): string {
  const build = info.commit === 'unknown' ? 'development build' : `commit ${info.commit}, built ${info.buildDate}`;
  return `kubectl-netpol v${info.version} (${build})`;
}
