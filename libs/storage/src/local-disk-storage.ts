import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
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

/**
 * Files on local disk, content-addressed: `<namespace>/<aa>/<sha256>`. The user's file name is
 * never part of the path, so `../` or odd Unicode in a name cannot reach outside the root.
 */
export class LocalDiskStorage implements FileStorage {
  private readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  async put(source: Readable, options: PutOptions): Promise<StoredFile> {
    if (!NAMESPACE_PATTERN.test(options.namespace)) throw new Error(`invalid storage namespace ${options.namespace}`);
    const tmpDir = path.join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, `${randomUUID()}.part`);
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
    try {
      await pipeline(source, meter, createWriteStream(tmp, { flags: 'wx' }));
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    const sha256 = hash.digest('hex');
    const key = contentKey(options.namespace, sha256);
    const target = this.resolve(key);
    try {
      await mkdir(path.dirname(target), { recursive: true });
      // identical content is stored once; renaming over an identical file is harmless
      await rename(tmp, target);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    return { key, sha256, size };
  }

  read(key: string): Promise<Buffer> {
    return readFile(this.resolve(key));
  }

  openRead(key: string): Readable {
    return createReadStream(this.resolve(key));
  }

  async remove(key: string): Promise<void> {
    await rm(this.resolve(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    return stat(this.resolve(key)).then(
      () => true,
      () => false,
    );
  }

  async stat(key: string): Promise<StoredFileStat | null> {
    try {
      const st = await stat(this.resolve(key));
      return st.isFile() ? { size: st.size } : null;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  private resolve(key: string): string {
    const full = path.resolve(this.root, key);
    if (!full.startsWith(this.root + path.sep)) throw new Error('storage key escapes the storage root');
    return full;
  }
}
