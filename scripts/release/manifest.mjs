// plugin.yaml for krew, from the template in the repository (plugin.yaml): the version, and one
// platform per archive with its selector, download URI, sha256 and the binary krew links.
import { parse, stringify } from 'yaml';

/** The release base URL with `{version}` filled in, without a trailing slash. */
export function releaseBaseUrl(/** @type {string} */ template, /** @type {string} */ version) {
  const url = template.replaceAll('{version}', version).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+\/\S*$/.test(url)) throw new Error(`release base URL ${JSON.stringify(url)} is not an http(s) URL`);
  return url;
}

/**
 * @param {string} templateText  the template's YAML
 * @param {{ version: string, baseUrl: string, archives: readonly { os: string, arch: string, file: string, sha256: string, bin: string }[] }} release
 * @returns {string} the manifest's YAML
 */
export function pluginManifest(templateText, { version, baseUrl, archives }) {
  const manifest = parse(templateText);
  if (manifest?.kind !== 'Plugin' || typeof manifest.spec !== 'object') throw new Error('plugin.yaml: not a krew Plugin manifest');
  if (archives.length === 0) throw new Error('plugin.yaml: no archive to list');
  manifest.spec.version = `v${version}`;
  manifest.spec.platforms = archives.map((a) => ({
    selector: { matchLabels: { os: a.os, arch: a.arch } },
    uri: `${baseUrl}/${a.file}`,
    sha256: a.sha256,
    bin: a.bin,
  }));
  const header = `# krew plugin manifest for kubectl-netpol v${version}, written by \`npm run release\` from plugin.yaml.\n`;
  return header + stringify(manifest, { lineWidth: 0 });
}
