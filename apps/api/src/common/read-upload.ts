import type { FastifyRequest } from 'fastify';
import { DubanError, type ErrorCode } from '@duban/errors';

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
  const part = await req.file({ limits: { fileSize: maxBytes, files: 1, fields: 5 } });
  if (!part) throw new DubanError('UPLOAD_MISSING_FILE', '没有收到文件（字段名 file）');
  try {
    return { fileName: part.filename.slice(0, 255), bytes: await part.toBuffer() };
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      const mb = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
      throw new DubanError(tooLargeCode, `文件超过 ${mb} MB 上限，请拆分后分批导入`);
    }
    throw e;
  }
}
