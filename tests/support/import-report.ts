/** The JSON an import endpoint (org units, users) answers: one shape for every sheet import. */
interface ImportIssueBody {
  line: number;
  column: string;
  code: string;
  reason: string;
  value?: string;
}

export interface ImportReportBody {
  ok: boolean;
  dryRun: boolean;
  format: string;
  encoding: string | null;
  rows: number;
  errors: ImportIssueBody[];
  errorCount: number;
  summary: { create: number; update: number; unchanged: number };
}
