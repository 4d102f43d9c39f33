import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { Readable } from 'node:stream';

/** Small files of real types, as their first bytes make them. */
export const SAMPLES = {
  pdf: (text = 'evidence'): Buffer =>
    Buffer.from(
      `%PDF-1.4\n% ${text} ${randomBytes(8).toString('hex')}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    ),
  /** signature, IHDR, a random tEXt comment (so each sample is unique), IDAT and IEND */
  png: (): Buffer => {
    const chunk = (type: string, data: Buffer): Buffer => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(data.length);
      return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]); // CRCs are not checked on upload
    };
    return Buffer.concat([
      Buffer.from('89504e470d0a1a0a', 'hex'),
      chunk('IHDR', Buffer.from('00000001000000010806000000', 'hex')),
      chunk('tEXt', Buffer.from(`Comment\0${randomBytes(8).toString('hex')}`, 'latin1')),
      chunk('IDAT', Buffer.from('789c626001000000ffff', 'hex')),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  },
  elf: (): Buffer => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), randomBytes(4096)]),
  pe: (): Buffer => {
    const b = Buffer.concat([Buffer.from('MZ'), randomBytes(4094)]);
    b.writeUInt32LE(0x80, 0x3c);
    b.write('PE\0\0', 0x80, 'latin1');
    return b;
  },
  /** the 24-byte `ftyp isom` box an MP4 starts with */
  mp4Head: (): Buffer => Buffer.from('00000018' + '66747970' + '69736f6d' + '00000200' + '69736f6d' + '69736f32', 'hex'),
};

export interface MultipartFrame {
  contentType: string;
  head: Buffer;
  tail: Buffer;
}

/** The bytes around a file part, for requests whose file is streamed by hand. */
export function multipartFrame(fileName: string, fields: Record<string, string> = {}): MultipartFrame {
  const boundary = `----duban${randomBytes(12).toString('hex')}`;
  const fieldParts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const head = Buffer.from(
    `${fieldParts.join('')}--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      `content-type: application/octet-stream\r\n\r\n`,
  );
  return { contentType: `multipart/form-data; boundary=${boundary}`, head, tail: Buffer.from(`\r\n--${boundary}--\r\n`) };
}

export interface RawResult {
  status: number | null;
  body: Record<string, unknown> | null;
  headers: http.IncomingHttpHeaders;
  /** file bytes written to the socket before the response arrived (or the upload ended) */
  sentBeforeResponse: number;
  sent: number;
  /** the client destroyed the request itself (abortAfter) */
  aborted: boolean;
}

export interface RawUpload {
  url: string;
  token: string;
  fileName: string;
  /** the file content, chunk by chunk */
  source: AsyncIterable<Buffer> | Readable;
  fields?: Record<string, string>;
  /** declare this Content-Length instead of sending chunked */
  contentLength?: number;
  /** destroy the request after this many file bytes */
  abortAfter?: number;
}

/**
 * A multipart upload over node:http with the file streamed from `source` with backpressure. It
 * stops writing as soon as a response arrives (an early 413) and can abort half way.
 */
export function rawUpload(opts: RawUpload): Promise<RawResult> {
  const frame = multipartFrame(opts.fileName, opts.fields);
  const headers: Record<string, string> = { authorization: `Bearer ${opts.token}`, 'content-type': frame.contentType };
  if (opts.contentLength !== undefined) headers['content-length'] = String(opts.contentLength);
  return new Promise((resolve, reject) => {
    const result: RawResult = { status: null, body: null, headers: {}, sentBeforeResponse: 0, sent: 0, aborted: false };
    let responded = false;
    let settled = false;
    const finish = (): void => {
      if (!settled) {
        settled = true;
        resolve(result);
      }
    };
    const req = http.request(opts.url, { method: 'POST', headers });
    req.on('response', (res) => {
      responded = true;
      result.status = res.statusCode ?? null;
      result.headers = res.headers;
      result.sentBeforeResponse = result.sent;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        result.body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
        finish();
      });
      res.on('error', () => finish());
    });
    // writing after an early answer fails with EPIPE/ECONNRESET: that is the expected end of such a test
    req.on('error', (e) => (responded || result.aborted ? finish() : reject(e)));
    req.on('close', () => {
      if (result.aborted) finish();
    });

    let closed = false;
    let waiting: (() => void) | null = null;
    req.on('close', () => {
      closed = true;
      waiting?.(); // a closed request never drains
    });
    const write = (chunk: Buffer): Promise<void> =>
      new Promise((done) => {
        if (req.write(chunk) || closed) return done();
        waiting = done;
        req.once('drain', () => {
          waiting = null;
          done();
        });
      });
    void (async () => {
      await write(frame.head);
      for await (const chunk of opts.source as AsyncIterable<Buffer>) {
        if (responded || req.destroyed) return;
        if (opts.abortAfter !== undefined && result.sent + chunk.length > opts.abortAfter) {
          result.aborted = true;
          req.destroy();
          return;
        }
        await write(chunk);
        result.sent += chunk.length;
        // read what has arrived between chunks, as a browser does: a server that answers early and
        // closes is heard before the next write meets the closed socket (and its reset drops the answer)
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (responded || req.destroyed) return;
      await write(frame.tail);
      req.end();
      if (!responded) result.sentBeforeResponse = result.sent;
    })().catch((e: unknown) => (responded ? finish() : reject(e as Error)));
  });
}

/** `total` bytes in chunks of `chunkSize`, starting with `head`, without allocating per chunk. */
export async function* generated(total: number, head: Buffer = Buffer.alloc(0), chunkSize = 256 * 1024): AsyncGenerator<Buffer> {
  const block = randomBytes(chunkSize);
  let sent = 0;
  if (head.length > 0) {
    yield head;
    sent = head.length;
  }
  while (sent < total) {
    const n = Math.min(chunkSize, total - sent);
    // a fresh view each time: the consumer may still hold the previous one
    yield n === chunkSize ? block : block.subarray(0, n);
    sent += n;
  }
}
