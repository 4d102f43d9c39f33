import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/** deterministic bytes generated on the fly: never more than one chunk in memory */
export function generatedStream(totalBytes: number, chunkBytes = 64 * 1024, seed = 1): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    let sent = 0;
    let block = 0;
    while (sent < totalBytes) {
      const size = Math.min(chunkBytes, totalBytes - sent);
      const chunk = Buffer.alloc(size, (block * 31 + seed) & 0xff);
      if (size >= 8) {
        chunk.writeUInt32LE(block, 0);
        chunk.writeUInt32LE(seed, 4);
      }
      block += 1;
      sent += size;
      yield chunk;
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

export async function sha256Of(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
