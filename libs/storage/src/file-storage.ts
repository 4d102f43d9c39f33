import type { Readable } from 'node:stream';

export interface StoredFile {
  /** opaque key under which the bytes can be read back */
  key: string;
  sha256: string;
  size: number;
}

export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`file exceeds ${maxBytes} bytes`);
  }
}

/**
 * Where uploaded bytes live. Writes are streamed (never buffered whole), hashed on the way, and
 * either land complete under their key or leave nothing behind.
 */
export interface FileStorage {
  put(source: Readable, options: { namespace: string; maxBytes: number }): Promise<StoredFile>;
  read(key: string): Promise<Buffer>;
  openRead(key: string): Readable;
  remove(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}
