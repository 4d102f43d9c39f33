export * from './types';
export { buildMatcher, matchMention, matchMentions, CONFIDENCE, FUZZY } from './matcher';
export { parseCsv, parseCsvRecords, parseUnitsCsv, toCsv, csvField, splitList, UNIT_CSV_COLUMNS } from './csv';
export { clean, stripPrefixes, deriveAreaPrefixes } from './normalize';
export { parseCollective, buildLexicon, LEVEL_RULES } from './collective';
export type { CollectiveSpec, LevelKey, SetAtom } from './collective';
export { dice, levenshtein, similarity, abbreviationScore } from './similarity';
