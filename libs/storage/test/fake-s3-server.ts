// A TEST DOUBLE for an external service that cannot run here: there is no S3 (or MinIO) server
// and no network in the test environment, so S3Storage is exercised against this tiny in-process
// HTTP server. It understands just the path-style calls S3Storage and lib-storage's Upload make —
// PutObject, CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload,
// CopyObject, GetObject, HeadObject, DeleteObject — keeps objects in memory, ignores signatures,
// and records every call so tests can see which path was taken. It is not a model of S3 beyond that.
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeS3Operation =
  | 'PutObject'
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'CopyObject'
  | 'GetObject'
  | 'HeadObject'
  | 'DeleteObject';

interface StoredObject {
  body: Buffer;
  etag: string;
  metadata: Record<string, string>;
}

export class FakeS3Server {
  /** `<bucket>/<key>` → object */
  readonly objects = new Map<string, StoredObject>();
  /** uploadId → parts in progress */
  readonly multipartUploads = new Map<string, { bucket: string; key: string; parts: Map<number, Buffer> }>();
  readonly calls: Array<{ op: FakeS3Operation; key: string; bytes?: number }> = [];
  /** make the next UploadPart calls fail with 500 (network/server trouble) */
  failUploadParts = false;
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        res.statusCode = 500;
        res.end(xmlError('InternalError', String(e)));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  keys(): string[] {
    return [...this.objects.keys()].sort();
  }

  count(op: FakeS3Operation): number {
    return this.calls.filter((c) => c.op === op).length;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const [bucket, ...rest] = url.pathname.slice(1).split('/');
    const key = rest.map(decodeURIComponent).join('/');
    const id = `${bucket}/${key}`;
    const query = url.searchParams;
    const body = await readBody(req);
    if (/aws-chunked/.test(String(req.headers['content-encoding'] ?? '')) || req.headers['x-amz-decoded-content-length']) {
      // S3Storage turns the SDK's flexible checksums off; this double does not decode aws-chunked
      res.statusCode = 400;
      res.end(xmlError('NotImplemented', 'aws-chunked bodies are not supported by the fake'));
      return;
    }

    if (req.method === 'POST' && query.has('uploads')) {
      const uploadId = randomUUID();
      this.multipartUploads.set(uploadId, { bucket, key, parts: new Map() });
      this.calls.push({ op: 'CreateMultipartUpload', key });
      return sendXml(
        res,
        `<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${escapeXml(key)}</Key><UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`,
      );
    }
    const uploadId = query.get('uploadId');
    if (uploadId !== null) {
      const upload = this.multipartUploads.get(uploadId);
      if (!upload) return sendError(res, 404, 'NoSuchUpload');
      if (req.method === 'PUT') {
        const partNumber = Number(query.get('partNumber'));
        this.calls.push({ op: 'UploadPart', key, bytes: body.length });
        if (this.failUploadParts) return sendError(res, 500, 'InternalError');
        upload.parts.set(partNumber, body);
        res.setHeader('ETag', etagOf(body));
        res.end();
        return;
      }
      if (req.method === 'POST') {
        this.calls.push({ op: 'CompleteMultipartUpload', key });
        const numbers = [...body.toString('utf8').matchAll(/<PartNumber>(\d+)<\/PartNumber>/g)].map((m) => Number(m[1]));
        const whole = Buffer.concat(numbers.map((n) => upload.parts.get(n) ?? Buffer.alloc(0)));
        this.multipartUploads.delete(uploadId);
        this.objects.set(id, { body: whole, etag: etagOf(whole), metadata: {} });
        return sendXml(
          res,
          `<CompleteMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${escapeXml(key)}</Key><ETag>${etagOf(whole)}</ETag></CompleteMultipartUploadResult>`,
        );
      }
      if (req.method === 'DELETE') {
        this.calls.push({ op: 'AbortMultipartUpload', key });
        this.multipartUploads.delete(uploadId);
        res.statusCode = 204;
        res.end();
        return;
      }
    }

    switch (req.method) {
      case 'PUT': {
        const copySource = req.headers['x-amz-copy-source'];
        if (typeof copySource === 'string') {
          const sourceId = decodeURIComponent(copySource.replace(/^\//, ''));
          this.calls.push({ op: 'CopyObject', key });
          const source = this.objects.get(sourceId);
          if (!source) return sendError(res, 404, 'NoSuchKey');
          const metadata = req.headers['x-amz-metadata-directive'] === 'REPLACE' ? metadataOf(req) : source.metadata;
          this.objects.set(id, { body: source.body, etag: source.etag, metadata });
          return sendXml(
            res,
            `<CopyObjectResult><ETag>${source.etag}</ETag><LastModified>${new Date().toISOString()}</LastModified></CopyObjectResult>`,
          );
        }
        this.calls.push({ op: 'PutObject', key, bytes: body.length });
        this.objects.set(id, { body, etag: etagOf(body), metadata: metadataOf(req) });
        res.setHeader('ETag', etagOf(body));
        res.end();
        return;
      }
      case 'GET':
      case 'HEAD': {
        this.calls.push({ op: req.method === 'GET' ? 'GetObject' : 'HeadObject', key });
        const object = this.objects.get(id);
        if (!object) return sendError(res, 404, 'NoSuchKey', req.method === 'HEAD');
        res.setHeader('Content-Length', object.body.length);
        res.setHeader('Content-Type', 'application/octet-stream');
        res.setHeader('ETag', object.etag);
        res.setHeader('Last-Modified', new Date().toUTCString());
        for (const [k, v] of Object.entries(object.metadata)) res.setHeader(`x-amz-meta-${k}`, v);
        res.end(req.method === 'GET' ? object.body : undefined);
        return;
      }
      case 'DELETE':
        this.calls.push({ op: 'DeleteObject', key });
        this.objects.delete(id);
        res.statusCode = 204;
        res.end();
        return;
      default:
        return sendError(res, 405, 'MethodNotAllowed');
    }
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function metadataOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (k.startsWith('x-amz-meta-') && typeof v === 'string') out[k.slice(11)] = v;
  return out;
}

function etagOf(body: Buffer): string {
  return `"${createHash('md5').update(body).digest('hex')}"`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function xmlError(code: string, message = code): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>`;
}

function sendXml(res: ServerResponse, xml: string): void {
  res.setHeader('Content-Type', 'application/xml');
  res.end(`<?xml version="1.0" encoding="UTF-8"?>${xml}`);
}

function sendError(res: ServerResponse, status: number, code: string, noBody = false): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/xml');
  res.end(noBody ? undefined : xmlError(code));
}
