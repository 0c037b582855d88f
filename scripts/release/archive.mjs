// Reproducible archives for the release: tar.gz (ustar) and zip, written byte for byte the same for
// the same files and date: entries sorted, one fixed modification time, owner root, no extra fields.
import { crc32, deflateRawSync, gunzipSync, gzipSync } from 'node:zlib';

/** @typedef {{ name: string, data: Buffer, executable?: boolean }} ArchiveEntry */

const sorted = (/** @type {readonly ArchiveEntry[]} */ entries) => [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

function checkName(/** @type {string} */ name) {
  if (!/^[A-Za-z0-9._-][A-Za-z0-9._/-]{0,99}$/.test(name) || name.split('/').includes('..')) throw new Error(`archive entry name not allowed: ${name}`);
}

/** One 512-byte ustar header. */
function tarHeader(/** @type {ArchiveEntry} */ entry, /** @type {number} */ mtime) {
  const header = Buffer.alloc(512, 0);
  const field = (/** @type {string} */ text, /** @type {number} */ offset, /** @type {number} */ length) => {
    header.write(text, offset, length, 'ascii');
  };
  const octal = (/** @type {number} */ value, /** @type {number} */ offset, /** @type {number} */ length) =>
    field(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length);
  field(entry.name, 0, 100);
  octal(entry.executable ? 0o755 : 0o644, 100, 8);
  octal(0, 108, 8); // uid
  octal(0, 116, 8); // gid
  octal(entry.data.length, 124, 12);
  octal(mtime, 136, 12);
  field('        ', 148, 8); // checksum: spaces while it is computed
  field('0', 156, 1); // a regular file
  field('ustar\0', 257, 6);
  field('00', 263, 2);
  field('root', 265, 32);
  field('root', 297, 32);
  let sum = 0;
  for (const byte of header) sum += byte;
  field(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return header;
}

/**
 * A gzip-compressed ustar archive of the entries (sorted by name), every file dated `mtime` (seconds
 * since the epoch), owned by root, mode 0755 for executables and 0644 otherwise.
 */
export function tarGz(/** @type {readonly ArchiveEntry[]} */ entries, /** @type {number} */ mtime) {
  const parts = [];
  for (const entry of sorted(entries)) {
    checkName(entry.name);
    parts.push(tarHeader(entry, mtime), entry.data, Buffer.alloc((512 - (entry.data.length % 512)) % 512, 0));
  }
  parts.push(Buffer.alloc(1024, 0));
  // gzip's own header carries no name and a zero mtime, so only the contents decide the bytes.
  return gzipSync(Buffer.concat(parts), { level: 9 });
}

/** MS-DOS date and time of a moment (UTC), as zip stores them. */
function dosDateTime(/** @type {number} */ mtime) {
  const d = new Date(mtime * 1000);
  const year = Math.max(d.getUTCFullYear(), 1980);
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

/**
 * A zip archive of the entries (sorted by name, deflated), every file dated `mtime` (UTC), with Unix
 * modes in the external attributes so that unzip on Linux or macOS keeps the executable bit.
 */
export function zip(/** @type {readonly ArchiveEntry[]} */ entries, /** @type {number} */ mtime) {
  const { time, date } = dosDateTime(mtime);
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const entry of sorted(entries)) {
    checkName(entry.name);
    const name = Buffer.from(entry.name, 'ascii');
    const compressed = deflateRawSync(entry.data, { level: 9 });
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0, 6); // flags
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, zip 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30); // extra
    central.writeUInt16LE(0, 32); // comment
    central.writeUInt16LE(0, 34); // disk
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE(((0o100000 | (entry.executable ? 0o755 : 0o644)) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
    if (offset > 0xffffffff) throw new Error('zip archive over 4 GiB: zip64 is not supported');
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * The regular files of a gzip-compressed tar archive (ustar, GNU or pax-extended names), by path.
 * Enough for npm's package tarballs and for checking our own archives.
 */
export function readTarGz(/** @type {Buffer} */ archive) {
  const data = gunzipSync(archive);
  /** @type {Map<string, { data: Buffer, mode: number }>} */
  const files = new Map();
  let longName;
  for (let offset = 0; offset + 512 <= data.length; ) {
    const header = data.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const text = (/** @type {number} */ start, /** @type {number} */ length) => header.toString('utf8', start, start + length).replace(/\0.*$/s, '');
    const size = parseInt(text(124, 12).trim() || '0', 8);
    const type = text(156, 1) || '0';
    const body = data.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    if (type === 'x') {
      const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
      if (path) longName = path[1];
      continue;
    }
    const prefix = text(345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(0, 100)}` : text(0, 100));
    longName = undefined;
    if (type === '0' || type === '7') files.set(name, { data: Buffer.from(body), mode: parseInt(text(100, 8).trim() || '0', 8) });
  }
  return files;
}
