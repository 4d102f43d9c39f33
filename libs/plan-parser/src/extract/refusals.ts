// Every refusal the extractors raise, in one place: a stable code plus Chinese and English text.
import { PlanRefusedError } from '../errors';

const mb = (bytes: number): string => {
  const v = bytes / (1024 * 1024);
  return v >= 1 ? `${Math.round(v * 10) / 10} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
};

export const refuse = {
  empty: (): PlanRefusedError =>
    new PlanRefusedError('PLAN_EMPTY', '文件为空，没有可导入的文字', 'The file is empty: there is no text to import'),
  tooLarge: (size: number, limit: number): PlanRefusedError =>
    new PlanRefusedError(
      'PLAN_TOO_LARGE',
      `文件过大（${mb(size)}），上限为 ${mb(limit)}`,
      `The file is too large (${mb(size)}); the limit is ${mb(limit)}`,
    ),
  legacyDoc: (): PlanRefusedError =>
    new PlanRefusedError(
      'PLAN_LEGACY_DOC',
      '这是旧版 Word/WPS 二进制文档（.doc/.wps）或加密的Office文档，无法直接读取：请另存为 .docx 或 .pdf 后再导入',
      'This is a legacy binary Word/WPS document (.doc/.wps) or an encrypted Office file: please save it as .docx or .pdf and import that',
    ),
  binary: (what?: string): PlanRefusedError =>
    new PlanRefusedError(
      'PLAN_BINARY',
      `文件不是文字文档${what ? `（看起来是${what.split('|')[0]}）` : ''}，请上传 .docx、.pdf、.txt 或网页文件`,
      `The file is not a text document${what ? ` (it looks like ${what.split('|')[1]})` : ''}; please upload .docx, .pdf, .txt or a web page`,
    ),
  unsupported: (zh: string, en: string): PlanRefusedError =>
    new PlanRefusedError(
      'PLAN_UNSUPPORTED_FORMAT',
      `不支持的文件格式：${zh}。请另存为 .docx 或 .pdf 后再导入`,
      `Unsupported file format: ${en}. Please save it as .docx or .pdf and import that`,
    ),
  zipTooLarge: (limit: number): PlanRefusedError =>
    new PlanRefusedError(
      'PLAN_ZIP_TOO_LARGE',
      `文档解压后超过 ${mb(limit)}（可能是压缩炸弹或内嵌了过多图片），已拒绝`,
      `The document expands to more than ${mb(limit)} when unzipped (a zip bomb or too many embedded files); refused`,
    ),
  corrupt: (zh: string, en: string): PlanRefusedError =>
    new PlanRefusedError('PLAN_CORRUPT', `文件已损坏或无法读取：${zh}`, `The file is corrupt or unreadable: ${en}`),
  pdfNoText: (): PlanRefusedError =>
    new PlanRefusedError(
      'PLAN_PDF_NO_TEXT',
      '该PDF没有文字层（可能是扫描件），请提供可复制文字的版本',
      'This PDF has no text layer (probably a scan); please provide a version whose text can be copied',
    ),
  pdfTooManyPages: (pages: number, limit: number): PlanRefusedError =>
    new PlanRefusedError(
      'PLAN_TOO_LARGE',
      `PDF页数过多（${pages} 页），上限为 ${limit} 页`,
      `The PDF has too many pages (${pages}); the limit is ${limit}`,
    ),
  pdfTimeout: (seconds: number): PlanRefusedError =>
    new PlanRefusedError(
      'PLAN_TOO_LARGE',
      `PDF过于复杂，${seconds} 秒内未能读完文字`,
      `The PDF is too complex: its text could not be read within ${seconds} seconds`,
    ),
};
