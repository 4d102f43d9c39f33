// The parser's output contract. Field names are fixed by the plan-import issue and checked by
// contract/plan.schema.json (in tests): the CLI prints it, the API returns it, drafts store it.

export type PlanFormat = 'txt' | 'docx' | 'pdf' | 'html' | 'xlsx';
export type UnitRole = 'lead' | 'cooperating' | 'responsible';
export type RecurrenceEvery = 'week' | 'month' | 'quarter' | 'semester' | 'year';
export type Comparator = '>=' | '>' | '=' | '<=' | '<';

export interface PointUnit {
  name: string;
  role: UnitRole;
}

export interface Deadline {
  /** YYYY-MM-DD */
  date: string;
  phrase: string;
}

export interface Recurrence {
  every: RecurrenceEvery;
  phrase: string;
}

export interface Target {
  phrase: string;
  metric: string;
  value: number;
  unit: string;
  comparator: Comparator;
}

export interface Point {
  number: number;
  title: string;
  text: string;
  /** 1-based line in the extracted text where the point starts */
  line: number;
  units: PointUnit[];
  deadlines: Deadline[];
  recurrence: Recurrence[];
  targets: Target[];
  /**
   * Responsible leaders (people, not units) from a task table's 分管领导 / 责任领导 column; only
   * present on points read from a table that has such a column.
   */
  leaders?: string[];
}

export interface Section {
  number: string;
  ordinal: number;
  title: string;
  text: string;
  /**
   * Deadlines of the section itself, from its heading and its own text before its points
   * (（三）…（2021年6月底前完成）); a point's own deadlines stay on the point.
   */
  deadlines: Deadline[];
  sections: Section[];
  points: Point[];
}

export interface Indicator {
  name: string;
  unit: string;
  baseline: { year: number; value: number } | null;
  target: { year: number; value: number; comparator: string } | null;
}

export interface ParseWarning {
  /** the (first) line the warning is about */
  line: number;
  message: string;
  /**
   * Every line of a grouped warning (the same warning, up to its figures, on several lines: one
   * entry listing them all instead of one per line); absent on a warning about one line.
   */
  lines?: number[];
}

export interface Period {
  from: number;
  to: number;
}

export interface ParsedPlan {
  title: string;
  year: number | null;
  period: Period | null;
  encoding: string;
  format: PlanFormat;
  preamble: string;
  sections: Section[];
  indicators: Indicator[];
  warnings: ParseWarning[];
}

/** What the format extractors hand to the structure parser. */
export interface ExtractedText {
  text: string;
  encoding: string;
  format: PlanFormat;
}

export interface ParseLimits {
  /** largest accepted input file, bytes (default 20 MB) */
  maxFileBytes: number;
  /** largest total uncompressed size of a docx zip, bytes (default 100 MB) */
  maxUnzippedBytes: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = {
  maxFileBytes: 20 * 1024 * 1024,
  maxUnzippedBytes: 100 * 1024 * 1024,
};
