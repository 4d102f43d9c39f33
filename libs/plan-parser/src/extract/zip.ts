// A minimal, defensive zip reader for .docx: reads the central directory, refuses archives whose
// declared uncompressed total exceeds the limit, and inflates only the entries asked for with a
// hard output cap (zlib maxOutputLength), so a lying central directory cannot blow up memory.
import { crc32, inflateRawSync } from 'node:zlib';
import { refuse } from './refusals';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const SIG_EOCD64 = 0x06064b50;
const SIG_EOCD64_LOCATOR = 0x07064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const MAX_ENTRIES = 100_000;

const corrupt = (en: string, zh = 'Word 文档（zip）结构损坏'): Error => refuse.corrupt(zh, en);

export class ZipArchive {
  private readonly view: DataView;
  readonly entries = new Map<string, ZipEntry>();
  /** bytes inflated so far by read(); bounded by the limit */
  private inflated = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly maxUnzippedBytes: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.readCentralDirectory();
  }

  private u16(at: number): number {
    if (at < 0 || at + 2 > this.bytes.length) throw corrupt('truncated archive');
    return this.view.getUint16(at, true);
  }

  private u32(at: number): number {
    if (at < 0 || at + 4 > this.bytes.length) throw corrupt('truncated archive');
    return this.view.getUint32(at, true);
  }

  private u64(at: number): number {
    const lo = this.u32(at);
    const hi = this.u32(at + 4);
    if (hi > 0x1fffff) throw corrupt('zip64 size out of range');
    return hi * 0x1_0000_0000 + lo;
  }

  private readCentralDirectory(): void {
    const b = this.bytes;
    // End of central directory: 22 bytes plus a comment of up to 65535 bytes, at the very end.
    let eocd = -1;
    const stop = Math.max(0, b.length - 22 - 0xffff);
    for (let i = b.length - 22; i >= stop; i--) {
      if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw corrupt('no end-of-central-directory record');
    let count = this.u16(eocd + 10);
    let cdSize = this.u32(eocd + 12);
    let cdOffset = this.u32(eocd + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      const loc = eocd - 20;
      if (loc < 0 || this.u32(loc) !== SIG_EOCD64_LOCATOR) throw corrupt('zip64 locator missing');
      const rec = this.u64(loc + 8);
      if (this.u32(rec) !== SIG_EOCD64) throw corrupt('zip64 record missing');
      count = this.u64(rec + 32);
      cdSize = this.u64(rec + 40);
      cdOffset = this.u64(rec + 48);
    }
    if (count > MAX_ENTRIES) throw corrupt(`too many entries (${count})`);
    if (cdOffset + cdSize > b.length) throw corrupt('central directory outside the file');

    let at = cdOffset;
    let declaredTotal = 0;
    const decoder = new TextDecoder('utf-8');
    for (let n = 0; n < count; n++) {
      if (this.u32(at) !== SIG_CENTRAL) throw corrupt('bad central directory entry');
      const flags = this.u16(at + 8);
      const method = this.u16(at + 10);
      const crc = this.u32(at + 16);
      let compressedSize = this.u32(at + 20);
      let uncompressedSize = this.u32(at + 24);
      const nameLen = this.u16(at + 28);
      const extraLen = this.u16(at + 30);
      const commentLen = this.u16(at + 32);
      let localHeaderOffset = this.u32(at + 42);
      if (at + 46 + nameLen + extraLen + commentLen > b.length) throw corrupt('truncated central directory');
      const name = decoder.decode(b.subarray(at + 46, at + 46 + nameLen));
      // zip64 extended information: only the fields whose 32-bit value is saturated, in order
      let x = at + 46 + nameLen;
      const xEnd = x + extraLen;
      while (x + 4 <= xEnd) {
        const id = this.u16(x);
        const size = this.u16(x + 2);
        if (id === 0x0001) {
          let p = x + 4;
          const end = p + size;
          if (uncompressedSize === 0xffffffff && p + 8 <= end) {
            uncompressedSize = this.u64(p);
            p += 8;
          }
          if (compressedSize === 0xffffffff && p + 8 <= end) {
            compressedSize = this.u64(p);
            p += 8;
          }
          if (localHeaderOffset === 0xffffffff && p + 8 <= end) localHeaderOffset = this.u64(p);
        }
        x += 4 + size;
      }
      declaredTotal += uncompressedSize;
      if (declaredTotal > this.maxUnzippedBytes) throw refuse.zipTooLarge(this.maxUnzippedBytes);
      // first entry of a name wins (duplicates are a smuggling trick; ignore them)
      if (!this.entries.has(name))
        this.entries.set(name, { name, method, flags, crc, compressedSize, uncompressedSize, localHeaderOffset });
      at += 46 + nameLen + extraLen + commentLen;
    }
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Inflates one entry; the running total of inflated bytes never exceeds the limit. */
  read(name: string): Uint8Array | undefined {
    const entry = this.entries.get(name);
    if (!entry) return undefined;
    if (entry.flags & 0x0001) throw refuse.corrupt('文档已加密', 'the document is encrypted');
    const at = entry.localHeaderOffset;
    if (this.u32(at) !== SIG_LOCAL) throw corrupt(`bad local header for ${name}`);
    const start = at + 30 + this.u16(at + 26) + this.u16(at + 28);
    const end = start + entry.compressedSize;
    if (end > this.bytes.length) throw corrupt(`entry ${name} runs past the end of the file`);
    const raw = this.bytes.subarray(start, end);
    const budget = this.maxUnzippedBytes - this.inflated;
    let out: Uint8Array;
    if (entry.method === 0) {
      if (raw.length > budget) throw refuse.zipTooLarge(this.maxUnzippedBytes);
      out = raw;
    } else if (entry.method === 8) {
      try {
        // maxOutputLength aborts inflation as soon as the output would pass the budget
        out = inflateRawSync(raw, { maxOutputLength: Math.max(1, budget) });
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError)
          throw refuse.zipTooLarge(this.maxUnzippedBytes);
        throw corrupt(`entry ${name} does not inflate`);
      }
    } else {
      throw corrupt(`entry ${name} uses unsupported compression method ${entry.method}`);
    }
    this.inflated += out.length;
    if (this.inflated > this.maxUnzippedBytes) throw refuse.zipTooLarge(this.maxUnzippedBytes);
    if (typeof crc32 === 'function' && crc32(out) !== entry.crc) throw corrupt(`entry ${name} fails its CRC check`);
    return out;
  }

  readText(name: string): string | undefined {
    const data = this.read(name);
    if (!data) return undefined;
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(data);
    } catch {
      // XML parts may be UTF-16 (rare, but legal)
      if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le').decode(data);
      if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data);
      throw corrupt(`entry ${name} is not valid UTF-8`);
    }
  }
}
