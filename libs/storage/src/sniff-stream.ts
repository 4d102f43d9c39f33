import { Readable } from 'node:stream';

/**
 * Reads the first `bytes` bytes of `source` (fewer when it is shorter) for type detection and
 * returns them with a stream that yields the whole content again, head included.
 *
 * Only the chunks that cover the head are held; the rest flows from `source` on demand with its
 * backpressure intact. Errors of `source` surface on the returned stream, and destroying the
 * returned stream destroys `source`. The caller must consume or destroy the returned stream.
 */
export async function sniffStream(source: Readable, bytes = 4100): Promise<{ head: Buffer; stream: Readable }> {
  const iterator: AsyncIterator<unknown> = source[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    const chunk = toBuffer(next.value);
    chunks.push(chunk);
    length += chunk.length;
  }
  const buffered = Buffer.concat(chunks, length);
  const head = buffered.subarray(0, Math.min(bytes, length));

  let pending: Buffer | null = buffered.length > 0 ? buffered : null;
  let finished = ended;
  const stream = new Readable({
    read() {
      if (pending) {
        const chunk = pending;
        pending = null;
        this.push(chunk);
      } else if (finished) {
        this.push(null);
      } else {
        iterator.next().then(
          (next) => {
            if (next.done) {
              finished = true;
              this.push(null);
            } else {
              this.push(toBuffer(next.value));
            }
          },
          (e: unknown) => {
            finished = true;
            this.destroy(e instanceof Error ? e : new Error(String(e)));
          },
        );
      }
    },
    destroy(error, callback) {
      // the consumer stopped early (or failed): let the source go as well
      if (!finished) {
        finished = true;
        source.destroy();
      }
      callback(error);
    },
  });
  return { head, stream };
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  throw new TypeError('sniffStream expects a byte stream');
}
