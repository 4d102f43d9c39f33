import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  S3ServiceException,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createHash, randomUUID } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  contentKey,
  FileTooLargeError,
  NAMESPACE_PATTERN,
  type FileStorage,
  type PutOptions,
  type StoredFile,
  type StoredFileStat,
} from './file-storage';

/** Keys this storage hands out and accepts: `<namespace>/<aa>/<sha256>`. */
const KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}\/[0-9a-f]{2}\/[0-9a-f]{64}$/;

/** S3 limits: parts of at least 5 MiB (except the last); a single CopyObject copies at most 5 GiB */
const MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_SINGLE_COPY = 5 * 1024 * 1024 * 1024;

export interface S3StorageConfig {
  bucket: string;
  region: string;
  /** e.g. `https://minio.internal:9000` or `https://oss-cn-hangzhou.aliyuncs.com`; omit for AWS */
  endpoint?: string;
  /** `https://host/bucket/key` instead of `https://bucket.host/key` (MinIO, Ceph and most on-premise stores) */
  forcePathStyle?: boolean;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** prepended to every object key (e.g. `duban/` in a shared bucket); not part of the returned keys */
  keyPrefix?: string;
  /** multipart part size in bytes (≥ 5 MiB, default 8 MiB); memory use is about partSize × (queueSize + 1) */
  partSize?: number;
  /** parts uploaded in parallel (default 4) */
  queueSize?: number;
  /** use this client instead of building one (tests, custom middleware); the other connection fields are then ignored */
  client?: S3Client;
}

/**
 * Files in an S3-compatible bucket, content-addressed like {@link LocalDiskStorage}.
 *
 * The key depends on the sha256, which is known only after the last byte, so `put` streams the
 * bytes to `<prefix>tmp/<uuid>` with a multipart `Upload` (hashing and counting on the way, at
 * most about partSize × (queueSize + 1) bytes in memory), then copies server-side to
 * `<prefix><namespace>/<aa>/<sha256>` and deletes the temporary object. The copy never leaves the
 * store, so it costs no transfer from this process. If the content is already stored, the copy is
 * skipped. Any failure (too large, source error, network) aborts the multipart upload and deletes
 * the temporary object; a crash between the steps can still strand a `tmp/` object or an unfinished
 * multipart upload, so buckets should carry a lifecycle rule that expires `tmp/` after a day and
 * aborts incomplete multipart uploads after a day (see README.md).
 */
export class S3Storage implements FileStorage {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly partSize: number;
  private readonly queueSize: number;

  constructor(config: S3StorageConfig) {
    this.bucket = config.bucket;
    this.prefix = config.keyPrefix ?? '';
    if (this.prefix && !/^[A-Za-z0-9][A-Za-z0-9._/-]*\/$/.test(this.prefix)) {
      throw new Error(`invalid S3 key prefix ${this.prefix}: letters, digits, . _ - / and ending in /`);
    }
    this.partSize = config.partSize ?? 8 * 1024 * 1024;
    if (this.partSize < MIN_PART_SIZE) throw new Error(`S3 part size must be at least ${MIN_PART_SIZE} bytes`);
    this.queueSize = config.queueSize ?? 4;
    const clientConfig: S3ClientConfig = {
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      credentials: config.credentials,
      // S3-compatible stores (MinIO, Ceph, OSS, COS…) do not all accept the flexible checksums the
      // SDK sends by default since 3.729 (aws-chunked bodies with trailing CRC32); we hash ourselves.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    };
    this.client = config.client ?? new S3Client(clientConfig);
  }

  async put(source: Readable, options: PutOptions): Promise<StoredFile> {
    if (!NAMESPACE_PATTERN.test(options.namespace)) throw new Error(`invalid storage namespace ${options.namespace}`);
    if (options.maxBytes > MAX_SINGLE_COPY) {
      // CopyObject handles at most 5 GiB; larger files would need UploadPartCopy
      throw new Error(`S3Storage accepts files up to ${MAX_SINGLE_COPY} bytes`);
    }
    const tmpKey = `${this.prefix}tmp/${randomUUID()}`;
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > options.maxBytes) return done(new FileTooLargeError(options.maxBytes));
        hash.update(chunk);
        done(null, chunk);
      },
    });

    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: tmpKey, Body: meter },
      partSize: this.partSize,
      queueSize: this.queueSize,
      // on failure the Upload itself sends AbortMultipartUpload once its part uploads have settled
      leavePartsOnError: false,
    });

    // Two halves run together: source → meter (ours) and meter → S3 (the Upload). Whichever fails
    // first is the cause; the other half is stopped so neither waits forever on the other.
    let cause: unknown;
    const feeding = pipeline(source, meter).catch((e: unknown) => {
      cause ??= e;
      throw e;
    });
    const sending = upload.done().catch((e: unknown) => {
      cause ??= e;
      // the Upload stopped reading: release the source instead of leaving it blocked on backpressure
      meter.destroy(e instanceof Error ? e : new Error(String(e)));
      throw e;
    });
    const [fed, sent] = await Promise.allSettled([feeding, sending]);
    if (fed.status === 'rejected' || sent.status === 'rejected') {
      await this.deleteQuietly(tmpKey);
      throw cause;
    }

    const sha256 = hash.digest('hex');
    const key = contentKey(options.namespace, sha256);
    try {
      // identical content is stored once: skip the copy when it is already there with the same size
      const existing = await this.stat(key);
      if (existing?.size !== size) {
        await this.client.send(
          new CopyObjectCommand({
            Bucket: this.bucket,
            Key: this.prefix + key,
            CopySource: `${this.bucket}/${tmpKey}`.split('/').map(encodeURIComponent).join('/'),
            MetadataDirective: 'REPLACE',
            Metadata: { sha256 },
          }),
        );
      }
    } finally {
      await this.deleteQuietly(tmpKey);
    }
    return { key, sha256, size };
  }

  async read(key: string): Promise<Buffer> {
    const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
    if (!res.Body) throw new Error(`S3 returned no body for ${key}`);
    return Buffer.from(await res.Body.transformToByteArray());
  }

  /** Streams the object; the GET is sent when the stream is first read, errors arrive as stream errors. */
  openRead(key: string): Readable {
    const objectKey = this.objectKey(key);
    const { client, bucket } = this;
    async function* body(): AsyncGenerator<Buffer> {
      const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey }));
      if (!res.Body) throw new Error(`S3 returned no body for ${key}`);
      // in Node the SDK's body is an http.IncomingMessage; web streams are handled for other runtimes
      const stream = res.Body instanceof Readable ? res.Body : Readable.fromWeb(res.Body.transformToWebStream());
      for await (const chunk of stream) yield chunk as Buffer;
    }
    return Readable.from(body(), { objectMode: false });
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async stat(key: string): Promise<StoredFileStat | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return { size: head.ContentLength ?? 0 };
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  private objectKey(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new Error(`invalid storage key ${key}`);
    return this.prefix + key;
  }

  private async deleteQuietly(objectKey: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: objectKey }));
    } catch {
      // best effort: the bucket lifecycle rule on tmp/ collects what a failed delete leaves
    }
  }
}

function isNotFound(e: unknown): boolean {
  if (e instanceof S3ServiceException) return e.$metadata.httpStatusCode === 404 || e.name === 'NotFound' || e.name === 'NoSuchKey';
  return false;
}
