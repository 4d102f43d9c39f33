import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { FileTooLargeError, LocalDiskStorage } from '../src';
import { generatedStream, sha256, sha256Of } from './streams';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('LocalDiskStorage', () => {
  let root: string;
  let storage: LocalDiskStorage;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'duban-storage-spec-'));
    storage = new LocalDiskStorage(root);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('stores content-addressed with the right sha256 and size, and reads it back', async () => {
    const bytes = Buffer.from('督办 佐证材料\n'.repeat(1000), 'utf8');
    const stored = await storage.put(Readable.from([bytes]), { namespace: 'evidence', maxBytes: 1 << 20 });
    expect(stored.sha256).toBe(sha256(bytes));
    expect(stored.size).toBe(bytes.length);
    expect(stored.key).toBe(`evidence/${stored.sha256.slice(0, 2)}/${stored.sha256}`);
    expect(await storage.read(stored.key)).toEqual(bytes);
    expect(await sha256Of(storage.openRead(stored.key))).toEqual({ sha256: stored.sha256, size: bytes.length });
    expect(await storage.exists(stored.key)).toBe(true);
    expect(await storage.stat(stored.key)).toEqual({ size: bytes.length });
    await storage.remove(stored.key);
    expect(await storage.exists(stored.key)).toBe(false);
    expect(await storage.stat(stored.key)).toBeNull();
  });

  it('stores identical content once', async () => {
    const a = await storage.put(Readable.from([Buffer.from('same bytes')]), { namespace: 'evidence', maxBytes: 100 });
    const b = await storage.put(Readable.from([Buffer.from('same '), Buffer.from('bytes')]), { namespace: 'evidence', maxBytes: 100 });
    expect(b).toEqual(a);
    expect(await filesUnder(root)).toEqual([path.join(root, a.key)]);
  });

  it('fails mid-stream past maxBytes and leaves no file behind', async () => {
    const source = generatedStream(3 * 1024 * 1024, 64 * 1024);
    await expect(storage.put(source, { namespace: 'evidence', maxBytes: 1024 * 1024 })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(source.destroyed).toBe(true);
    expect(await filesUnder(root)).toEqual([]);
  });

  it('leaves no file behind when the source fails', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.alloc(1000, 1);
      throw new Error('client went away');
    }
    await expect(storage.put(Readable.from(failing()), { namespace: 'evidence', maxBytes: 1 << 20 })).rejects.toThrow('client went away');
    expect(await filesUnder(root)).toEqual([]);
  });

  it('refuses odd namespaces and keys outside the root', async () => {
    await expect(storage.put(Readable.from([Buffer.from('x')]), { namespace: '../etc', maxBytes: 10 })).rejects.toThrow(/namespace/);
    expect(() => storage.openRead('../../etc/passwd')).toThrow(/escapes/);
  });

  it('streams 200 MB generated on the fly with small memory growth', async () => {
    const total = 200 * 1024 * 1024;
    const expected = await sha256Of(generatedStream(total));
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      const stored = await storage.put(generatedStream(total), { namespace: 'evidence', maxBytes: total });
      expect(stored).toMatchObject({ sha256: expected.sha256, size: total });
      expect(await storage.stat(stored.key)).toEqual({ size: total });
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(peak - baseline).toBeLessThan(100 * 1024 * 1024);
  });
});
