import { extractText } from './extract';
import { parseStructure } from './structure';
import { DEFAULT_PARSE_LIMITS, type ExtractedText, type ParseLimits, type ParsedPlan } from './types';

/** Bytes and a file name in, the plan contract out. Throws PlanRefusedError for refused files. */
export async function parsePlan(bytes: Uint8Array, fileName: string, limits: Partial<ParseLimits> = {}): Promise<ParsedPlan> {
  const extracted = await extractText(bytes, fileName, { ...DEFAULT_PARSE_LIMITS, ...limits });
  return parsePlanText(extracted);
}

/** The pure, synchronous half: already-decoded text to the plan contract. Never throws. */
export function parsePlanText(extracted: ExtractedText): ParsedPlan {
  return parseStructure(extracted);
}
