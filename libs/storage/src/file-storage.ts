import type { Readable } from 'node:stream';

export interface StoredFile {
  /** opaque key under which the bytes can be read back */
  key: string;
  sha256: string;
  size: number;
}

export interface PutOptions {
  /** first path segment of the key: lower-case letters, digits and `-` (e.g. `plans`, `evidence`) */
  namespace: string;
  /** the write fails with {@link FileTooLargeError} as soon as more bytes than this arrive */
  maxBytes: number;
}

export interface StoredFileStat {
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
 *
 * Keys are content-addressed (`<namespace>/<aa>/<sha256>`), so identical content is stored once;
 * the user's file name is metadata kept elsewhere (see `safeDisplayName`), never part of a key.
 */
export interface FileStorage {
  put(source: Readable, options: PutOptions): Promise<StoredFile>;
  read(key: string): Promise<Buffer>;
  openRead(key: string): Readable;
  remove(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** size of a stored file, or null when there is no file under the key */
  stat(key: string): Promise<StoredFileStat | null>;
}

/** `<namespace>` segment accepted by every storage */
export const NAMESPACE_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** the content-addressed key for a namespace and a hex sha256 */
export function contentKey(namespace: string, sha256: string): string {
  return `${namespace}/${sha256.slice(0, 2)}/${sha256}`;
}

/** The Nest injection token of the configured `FileStorage` (the API's and the worker's core modules provide it). */
export const FILE_STORAGE = Symbol('FILE_STORAGE');
