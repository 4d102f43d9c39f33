// A refused document: a stable code for programs, a message for people in Chinese and English.
// The API maps these to HTTP 4xx, the CLI to exit code 2.

export type PlanRefusalCode =
  | 'PLAN_EMPTY'
  | 'PLAN_TOO_LARGE'
  | 'PLAN_UNSUPPORTED_FORMAT'
  | 'PLAN_LEGACY_DOC'
  | 'PLAN_BINARY'
  | 'PLAN_PDF_NO_TEXT'
  | 'PLAN_ZIP_TOO_LARGE'
  | 'PLAN_CORRUPT'
  | 'PLAN_NO_STRUCTURE';

export class PlanRefusedError extends Error {
  constructor(
    readonly code: PlanRefusalCode,
    readonly messageZh: string,
    readonly messageEn: string,
  ) {
    super(`${code}: ${messageZh} / ${messageEn}`);
    this.name = 'PlanRefusedError';
  }
}
