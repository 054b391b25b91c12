// The zip container of PyTorch checkpoints. Writing goes through fflate's zipSync with every record
// stored and its data 64-byte aligned, padded through a 'FB' extra field as PyTorch's writer
// (caffe2/serialize/inline_container.cc) does. Reading walks the central directory here rather
// than through fflate's unzipSync: stored records (all of PyTorch's) come back as views of the
// input with no copy, and every size and offset is checked against the bytes present before
// anything is allocated. Deflated records (zip tools may rewrite an archive so) go to fflate.
import { inflateSync, zipSync, type Zippable } from 'fflate';

/** An Error for a file that is not a well-formed zip archive. */
function bad(what: string): Error {
  return new Error(`PytorchStreamReader failed reading zip archive: ${what}`);
}

/** @internal one record of the central directory */
export interface ZipRecord {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  /** byte offset of the record's data in the archive */
  dataOffset: number;
}

const EOCD = 0x06054b50, EOCD64 = 0x06064b50, EOCD64_LOCATOR = 0x07064b50, CDH = 0x02014b50, LFH = 0x04034b50;

/** @internal The records of a zip archive, in central-directory order, checked to lie inside `data`. */
export function readZipDirectory(data: Uint8Array): ZipRecord[] {
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const n = data.length;
  if (n < 22) throw bad('file is too short to be a zip archive (truncated?)');
  // the end-of-central-directory record: 22 bytes, then a comment of up to 65535
  let e = -1;
  for (let i = n - 22; i >= 0 && i >= n - 22 - 65535; i--) {
    if (v.getUint32(i, true) === EOCD && i + 22 + v.getUint16(i + 20, true) === n) { e = i; break; }
  }
  if (e < 0) throw bad('failed finding central directory (not a zip archive, or truncated)');
  let count = v.getUint16(e + 10, true);
  let cdSize = v.getUint32(e + 12, true);
  let cdOffset = v.getUint32(e + 16, true);
  if (e >= 20 && v.getUint32(e - 20, true) === EOCD64_LOCATOR) {
    const at = big(v, e - 12);
    if (at + 56 > e || v.getUint32(at, true) !== EOCD64) throw bad('invalid zip64 end of central directory');
    count = big(v, at + 32);
    cdSize = big(v, at + 40);
    cdOffset = big(v, at + 48);
  }
  if (cdOffset + cdSize > e) throw bad('central directory lies outside the file (truncated?)');
  // each entry takes at least 46 bytes: a count the directory cannot hold is corrupt
  if (count * 46 > cdSize) throw bad(`central directory claims ${count} records in ${cdSize} bytes`);
  const records: ZipRecord[] = [];
  const names = new TextDecoder();
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > cdOffset + cdSize || v.getUint32(p, true) !== CDH) throw bad(`invalid central directory header for record ${k}`);
    const method = v.getUint16(p + 10, true);
    let compressedSize = v.getUint32(p + 20, true);
    let size = v.getUint32(p + 24, true);
    const nameLen = v.getUint16(p + 28, true), extraLen = v.getUint16(p + 30, true), commentLen = v.getUint16(p + 32, true);
    let local = v.getUint32(p + 42, true);
    const end = p + 46 + nameLen + extraLen + commentLen;
    if (end > cdOffset + cdSize) throw bad(`central directory header for record ${k} overruns the directory`);
    const name = names.decode(data.subarray(p + 46, p + 46 + nameLen));
    // zip64: the 0xffffffff fields are in the 0x0001 extra field, in this order
    for (let x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen;) {
      const id = v.getUint16(x, true), len = v.getUint16(x + 2, true);
      if (id === 0x0001) {
        let f = x + 4;
        const fend = f + len;
        if (size === 0xffffffff && f + 8 <= fend) { size = big(v, f); f += 8; }
        if (compressedSize === 0xffffffff && f + 8 <= fend) { compressedSize = big(v, f); f += 8; }
        if (local === 0xffffffff && f + 8 <= fend) { local = big(v, f); f += 8; }
      }
      x += 4 + len;
    }
    if (local + 30 > cdOffset || v.getUint32(local, true) !== LFH) throw bad(`invalid local header for ${name}`);
    const dataOffset = local + 30 + v.getUint16(local + 26, true) + v.getUint16(local + 28, true);
    if (dataOffset + compressedSize > cdOffset) {
      throw bad(`record ${name} claims ${compressedSize} bytes at offset ${dataOffset}, past the end of the data (truncated?)`);
    }
    if (method !== 0 && method !== 8) throw bad(`record ${name} uses unsupported compression method ${method}`);
    if (method === 0 && size !== compressedSize) throw bad(`stored record ${name} has size ${size} but ${compressedSize} bytes`);
    records.push({ name, method, compressedSize, size, dataOffset });
    p = end;
  }
  return records;
}

/** @internal A record's bytes: a view of `data` when stored, inflated into a buffer of the checked size otherwise. */
export function readRecord(data: Uint8Array, r: ZipRecord): Uint8Array {
  const raw = data.subarray(r.dataOffset, r.dataOffset + r.compressedSize);
  if (r.method === 0) return raw;
  // deflate expands at most ~1032:1; a claim beyond that is corrupt, whatever it says
  if (r.size > r.compressedSize * 1032 + 1024) throw bad(`record ${r.name} claims an impossible size ${r.size}`);
  let out: Uint8Array;
  try {
    out = inflateSync(raw, { out: new Uint8Array(r.size) });
  } catch (e) {
    throw bad(`record ${r.name} does not inflate: ${(e as Error).message}`);
  }
  if (out.length !== r.size) throw bad(`record ${r.name} inflates to ${out.length} bytes, not ${r.size}`);
  return out;
}

function big(v: DataView, at: number): number {
  const hi = v.getUint32(at + 4, true);
  // offsets past 2**53 cannot be in memory; larger ones are corrupt
  if (hi >= 0x200000) throw bad('zip64 size or offset is absurdly large');
  return hi * 0x100000000 + v.getUint32(at, true);
}

const ALIGN = 64;

/**
 * @internal A zip archive of `records` (name -> bytes, written in that order), stored uncompressed, each
 * record's data starting on a 64-byte boundary: PyTorch's layout, which its loader can map
 * directly. `records` may be views of the core's memory; fflate copies them once into the output.
 */
export function writeZip(records: [string, Uint8Array][]): Uint8Array {
  const files: Zippable = {};
  const enc = new TextEncoder();
  let offset = 0;
  for (const [name, bytes] of records) {
    const nameLen = enc.encode(name).length;
    // PyTorch's getPadding: the data starts after the 30-byte header, the name and the 4-byte FB field header
    const start = offset + 30 + nameLen + 4;
    const pad = (ALIGN - (start % ALIGN)) % ALIGN;
    // the 'FB' extra field (0x4246), padded with 'Z' as PyTorch's writer pads
    const extra = { 16966: new Uint8Array(pad).fill(0x5a) };
    files[name] = [bytes, { level: 0, extra, mtime: DOS_EPOCH }];
    offset = start + pad + bytes.length;
  }
  if (offset > 0xffffffff) throw new Error('torch.save: checkpoints over 4 GiB are not supported (zip64 writing)');
  return zipSync(files);
}

// a fixed timestamp keeps the bytes reproducible (PyTorch's writer leaves the time zeroed)
const DOS_EPOCH = new Date(1980, 0, 1, 0, 0, 0);
