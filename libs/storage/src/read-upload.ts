import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { Transform, type Readable } from 'node:stream';
import { DubanError, type ErrorCode } from '@duban/errors';

type Limits = NonNullable<Parameters<FastifyRequest['files']>[0]>['limits'];

/** busboy's plain Errors for a body it cannot read: no boundary, or cut before the closing one. */
const MALFORMED = /Boundary not found|Boundary required|unexpected end of multipart data|Malformed part header/i;

/** Multipart failures as the app's errors; anything else (a size limit, an abort) is left to the caller. */
export function uploadFailure(e: unknown): unknown {
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
  if (code === 'FST_FILES_LIMIT') return new DubanError('UPLOAD_TOO_MANY_FILES', '一次只能上传一个文件');
  if (typeof message === 'string' && MALFORMED.test(message)) {
    return new DubanError('UPLOAD_MALFORMED', '上传内容格式不完整或无效（multipart 表单缺少边界或被截断），请重新上传');
  }
  return e;
}

/**
 * Resolves when the request has been read, telling whether it ended with its closing boundary.
 * busboy reports a body cut before it only sometimes (when the cut falls inside a part whose end it
 * is still looking for, the file stream just never ends), so the last bytes are checked here too.
 */
function watchClosingBoundary(req: FastifyRequest): Promise<boolean> {
  const boundary = /boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(String(req.headers['content-type'] ?? ''));
  const closing = boundary ? Buffer.from(`--${boundary[1] ?? boundary[2]}--`) : null;
  let tail = Buffer.alloc(0);
  const keep = 2 * 80; // the closing boundary and a short epilogue
  const onData = (chunk: Buffer): void => {
    tail = Buffer.concat([tail, chunk]).subarray(-keep);
  };
  req.raw.on('data', onData);
  return new Promise((resolve) => {
    req.raw.once('end', () => {
      req.raw.off('data', onData);
      resolve(closing !== null && tail.includes(closing));
    });
  });
}

export interface SingleFile {
  part: MultipartFile;
  /**
   * The file's bytes, which end only once the rest of the request has been read and holds no second
   * file and no truncation: a consumer that stores the stream never commits a refused request.
   */
  stream: Readable;
}

/**
 * The one file of a multipart request (fields before it are in `part.fields`). A second file, a
 * body without a boundary or one cut before its closing boundary is a 400, never "the first file".
 */
export async function readSingleFile(req: FastifyRequest, limits: Limits): Promise<SingleFile> {
  let files: AsyncIterableIterator<MultipartFile>;
  const next = async (): Promise<MultipartFile | null> => {
    try {
      const r = await files.next();
      return r.done ? null : r.value;
    } catch (e) {
      throw uploadFailure(e);
    }
  };
  const complete = watchClosingBoundary(req);
  try {
    files = req.files({ limits: { ...limits, files: 1 } });
  } catch (e) {
    throw uploadFailure(e);
  }
  const first = next(); // starts the parser in this tick, before the request flows into the watcher alone
  const part = await first;
  if (!part) throw new DubanError('UPLOAD_MISSING_FILE', '没有收到文件（字段名 file）');
  const stream = new Transform({
    transform: (chunk: Buffer, _encoding, done) => done(null, chunk),
    // the file has ended: read on to the end of the request before letting the consumer finish
    flush: (done) => {
      next().then(
        (second) => done(second ? new DubanError('UPLOAD_TOO_MANY_FILES', '一次只能上传一个文件') : null),
        (e: Error) => done(e),
      );
    },
  });
  // consumers see errors through their own listeners; this keeps one raised after they stopped
  // listening (the request ended badly after the file was refused) from being an uncaught exception
  stream.on('error', () => undefined);
  const fail = (e: unknown): void => {
    if (!stream.destroyed) stream.destroy(uploadFailure(e) as Error);
  };
  part.file.on('error', fail);
  part.file.pipe(stream);
  void complete.then((ok) => {
    if (!ok) fail(new Error('Unexpected end of multipart data'));
  });
  return { part, stream };
}

async function toBuffer(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A small uploaded file (an import sheet) read whole into memory, bounded by `maxBytes`: one byte
 * over and the request is refused with 413 and `tooLargeCode`. Large files are streamed instead.
 */
export async function readSmallUpload(
  req: FastifyRequest,
  maxBytes: number,
  tooLargeCode: ErrorCode,
): Promise<{ fileName: string; bytes: Buffer }> {
  if (!req.isMultipart()) throw new DubanError('UPLOAD_NOT_MULTIPART', '请以 multipart/form-data 上传文件（字段名 file）');
  const { part, stream } = await readSingleFile(req, { fileSize: maxBytes, fields: 5 });
  const tooLarge = (): DubanError =>
    new DubanError(tooLargeCode, `文件超过 ${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MB 上限，请拆分后分批导入`);
  let bytes: Buffer;
  try {
    bytes = await toBuffer(stream);
  } catch (e) {
    throw (e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE' ? tooLarge() : e;
  }
  if (part.file.truncated) throw tooLarge();
  return { fileName: part.filename.slice(0, 255), bytes };
}
