import { PlanRefusedError } from '../errors';
import type { ExtractedText, ParseLimits } from '../types';

/** Detects the format from name and content and returns the document's plain text. */
export async function extractText(
  bytes: Uint8Array,
  _fileName: string,
  _limits: ParseLimits,
): Promise<ExtractedText> {
  // placeholder until the extractors land: UTF-8 text only
  if (bytes.length === 0) throw new PlanRefusedError('PLAN_EMPTY', '文件为空', 'The file is empty');
  return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8', format: 'txt' };
}
