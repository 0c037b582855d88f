// Checks the code signature of a 64-bit Mach-O executable the way macOS checks its pages: the
// CodeDirectory's hash of every page, up to where the signature starts, must match the file.
// (rcodesign's own `verify` rejects every ad-hoc signature, which carries no CMS data.)
import { createHash } from 'node:crypto';

const MH_MAGIC_64 = 0xfeedfacf;
const LC_CODE_SIGNATURE = 0x1d;
const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;
const CSMAGIC_CODEDIRECTORY = 0xfade0c02;
const CS_ADHOC = 0x2;
const HASHES = { 1: 'sha1', 2: 'sha256' };

/**
 * The signature's identifier and flags when every page hash matches; an Error naming the problem otherwise.
 * @param {Buffer} file
 * @returns {{ identifier: string, adhoc: boolean, pages: number }}
 */
export function checkMachOSignature(file) {
  if (file.length < 32 || file.readUInt32LE(0) !== MH_MAGIC_64) throw new Error('not a 64-bit Mach-O executable');
  const ncmds = file.readUInt32LE(16);
  let offset = 32;
  let signature;
  for (let i = 0; i < ncmds; i++) {
    const cmd = file.readUInt32LE(offset);
    if (cmd === LC_CODE_SIGNATURE) signature = { start: file.readUInt32LE(offset + 8), size: file.readUInt32LE(offset + 12) };
    offset += file.readUInt32LE(offset + 4);
  }
  if (!signature) throw new Error('no code signature');
  if (signature.start + signature.size > file.length) throw new Error('the code signature runs past the end of the file');
  if (file.readUInt32BE(signature.start) !== CSMAGIC_EMBEDDED_SIGNATURE) throw new Error('the code signature is not an embedded signature blob');
  const count = file.readUInt32BE(signature.start + 8);
  for (let i = 0; i < count; i++) {
    const blob = signature.start + file.readUInt32BE(signature.start + 12 + 8 * i + 4);
    if (file.readUInt32BE(blob) !== CSMAGIC_CODEDIRECTORY) continue;
    const flags = file.readUInt32BE(blob + 12);
    const hashOffset = file.readUInt32BE(blob + 16);
    const identOffset = file.readUInt32BE(blob + 20);
    const codeSlots = file.readUInt32BE(blob + 28);
    const codeLimit = file.readUInt32BE(blob + 32);
    const hashSize = file.readUInt8(blob + 36);
    const algorithm = HASHES[/** @type {1 | 2} */ (file.readUInt8(blob + 37))];
    const pageSize = 2 ** file.readUInt8(blob + 39);
    if (!algorithm) throw new Error('the code directory uses an unknown hash');
    if (codeLimit !== signature.start) throw new Error(`the signature covers ${codeLimit} bytes, but the code runs to ${signature.start}`);
    if (codeSlots !== Math.ceil(codeLimit / pageSize)) throw new Error('the code directory does not hash every page');
    for (let page = 0; page < codeSlots; page++) {
      const data = file.subarray(page * pageSize, Math.min((page + 1) * pageSize, codeLimit));
      const expected = file.subarray(blob + hashOffset + page * hashSize, blob + hashOffset + (page + 1) * hashSize);
      if (!createHash(algorithm).update(data).digest().subarray(0, hashSize).equals(expected)) throw new Error(`page ${page} does not match its hash`);
    }
    const identifier = file.toString('utf8', blob + identOffset, file.indexOf(0, blob + identOffset));
    return { identifier, adhoc: (flags & CS_ADHOC) !== 0, pages: codeSlots };
  }
  throw new Error('no code directory in the signature');
}
