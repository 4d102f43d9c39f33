import type { ExtractedText, ParsedPlan } from '../types';

/** Splits decoded text into preamble, sections and points. */
export function parseStructure(extracted: ExtractedText): ParsedPlan {
  // placeholder until the structure parser lands
  return {
    title: '',
    year: null,
    period: null,
    encoding: extracted.encoding,
    format: extracted.format,
    preamble: extracted.text,
    sections: [],
    indicators: [],
    warnings: [],
  };
}
