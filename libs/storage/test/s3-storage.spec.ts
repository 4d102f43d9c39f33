import { Readable } from 'node:stream';
import { FileTooLargeError, S3Storage } from '../src';
import { FakeS3Server } from './fake-s3-server';
import { generatedStream, sha256, sha256Of } from './streams';

const MiB = 1024 * 1024;

// S3Storage against an in-process fake S3 (see fake-s3-server.ts: no real S3 can run here)
describe('S3Storage', () => {
  let fake: FakeS3Server;
  let endpoint: string;

  beforeEach(async () => {
    fake = new FakeS3Server();
    endpoint = await fake.start();
  });
  afterEach(async () => {
    await fake.stop();
  });

  function storage(extra: { keyPrefix?: string } = {}): S3Storage {
    return new S3Storage({
      endpoint,
      region: 'cn-north-1',
      bucket: 'duban',
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      partSize: 5 * MiB,
      queueSize: 2,
      ...extra,
    });
  }

  it('round-trips a small file through a single PUT, a copy to the content key and a temp delete', async () => {
    const s3 = storage();
    const bytes = Buffer.from('东丽区教育局 2021 年工作要点 佐证材料', 'utf8');
    const stored = await s3.put(Readable.from([bytes]), { namespace: 'evidence', maxBytes: MiB });
    expect(stored).toEqual({ key: `evidence/${sha256(bytes).slice(0, 2)}/${sha256(bytes)}`, sha256: sha256(bytes), size: bytes.length });
    expect(fake.keys()).toEqual([`duban/${stored.key}`]);
    expect(fake.count('PutObject')).toBe(1);
    expect(fake.count('CopyObject')).toBe(1);
    expect(fake.count('CreateMultipartUpload')).toBe(0);
    expect(fake.objects.get(`duban/${stored.key}`)?.metadata).toEqual({ sha256: stored.sha256 });

    expect(await s3.read(stored.key)).toEqual(bytes);
    expect(await sha256Of(s3.openRead(stored.key))).toEqual({ sha256: stored.sha256, size: bytes.length });
    expect(await s3.exists(stored.key)).toBe(true);
    expect(await s3.stat(stored.key)).toEqual({ size: bytes.length });
    await s3.remove(stored.key);
    expect(await s3.exists(stored.key)).toBe(false);
    expect(await s3.stat(stored.key)).toBeNull();
    expect(fake.keys()).toEqual([]);
  });

  it('stores identical content once and skips the copy the second time', async () => {
    const s3 = storage({ keyPrefix: 'tenant-a/' });
    const a = await s3.put(Readable.from([Buffer.from('same')]), { namespace: 'evidence', maxBytes: 10 });
    const b = await s3.put(Readable.from([Buffer.from('sa'), Buffer.from('me')]), { namespace: 'evidence', maxBytes: 10 });
    expect(b).toEqual(a);
    expect(fake.keys()).toEqual([`duban/tenant-a/${a.key}`]);
    expect(fake.count('CopyObject')).toBe(1);
  });

  it('uses multipart upload above the part size and still hashes the whole stream', async () => {
    const s3 = storage();
    const total = 12 * MiB + 12345;
    const expected = await sha256Of(generatedStream(total));
    const stored = await s3.put(generatedStream(total), { namespace: 'evidence', maxBytes: 20 * MiB });
    expect(stored).toMatchObject(expected);
    expect(fake.count('CreateMultipartUpload')).toBe(1);
    expect(fake.count('UploadPart')).toBe(3);
    expect(fake.count('CompleteMultipartUpload')).toBe(1);
    expect(fake.count('PutObject')).toBe(0);
    expect(fake.keys()).toEqual([`duban/${stored.key}`]);
    expect(fake.multipartUploads.size).toBe(0);
    expect(await sha256Of(s3.openRead(stored.key))).toEqual(expected);
  });

  it('aborts past maxBytes mid-stream and leaves no objects or unfinished uploads', async () => {
    const s3 = storage();
    const source = generatedStream(40 * MiB);
    await expect(s3.put(source, { namespace: 'evidence', maxBytes: 11 * MiB })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(source.destroyed).toBe(true);
    expect(fake.count('CreateMultipartUpload')).toBe(1);
    expect(fake.count('AbortMultipartUpload')).toBe(1);
    expect(fake.multipartUploads.size).toBe(0);
    expect(fake.keys()).toEqual([]);
  });

  it('aborts past maxBytes before the first part and leaves nothing', async () => {
    const s3 = storage();
    await expect(s3.put(generatedStream(2 * MiB), { namespace: 'evidence', maxBytes: MiB })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(fake.keys()).toEqual([]);
    expect(fake.multipartUploads.size).toBe(0);
  });

  it('cleans up when the source fails or the server refuses parts', async () => {
    const s3 = storage();
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.alloc(6 * MiB, 7);
      throw new Error('client went away');
    }
    await expect(s3.put(Readable.from(failing()), { namespace: 'evidence', maxBytes: 100 * MiB })).rejects.toThrow('client went away');
    expect(fake.keys()).toEqual([]);
    expect(fake.multipartUploads.size).toBe(0);

    fake.failUploadParts = true;
    const source = generatedStream(30 * MiB);
    await expect(s3.put(source, { namespace: 'evidence', maxBytes: 100 * MiB })).rejects.toThrow();
    expect(source.destroyed).toBe(true);
    expect(fake.keys()).toEqual([]);
    expect(fake.multipartUploads.size).toBe(0);
  });

  it('refuses keys it did not hand out and bad namespaces', async () => {
    const s3 = storage();
    await expect(s3.read('../secrets')).rejects.toThrow(/invalid storage key/);
    expect(() => s3.openRead('evidence/aa/not-a-hash')).toThrow(/invalid storage key/);
    await expect(s3.put(Readable.from([Buffer.from('x')]), { namespace: 'Evidence/../x', maxBytes: 10 })).rejects.toThrow(/namespace/);
  });

  it('reports a missing object as a stream error from openRead', async () => {
    const s3 = storage();
    const missing = `evidence/00/${'0'.repeat(64)}`;
    await expect(sha256Of(s3.openRead(missing))).rejects.toThrow();
    await expect(s3.read(missing)).rejects.toThrow();
  });
});
