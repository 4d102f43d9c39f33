import type { ChecklistItem } from './evidence-checklist';

/** An evidence file as the API shows it. */
export interface EvidenceView {
  id: string;
  assignmentId: string;
  requirementId: string | null;
  requirementName: string | null;
  fileName: string;
  byteSize: number;
  sha256: string;
  mime: string;
  ext: string;
  uploadedBy: { id: string; displayName: string } | null;
  /** the names-beside-ids convention (see names.ts); `uploadedBy.displayName` stays for older readers */
  uploadedByName: string | null;
  uploadedAt: string;
  reviewState: 'pending' | 'accepted' | 'returned';
  reviewReason: string | null;
  reviewedBy: { id: string; displayName: string } | null;
  reviewedByName: string | null;
  reviewedAt: string | null;
  withdrawnAt: string | null;
}

export interface EvidenceListView {
  assignmentId: string;
  items: EvidenceView[];
  checklist: ChecklistItem[];
}

export interface RequirementItem {
  /** an existing item keeps its linked files when renamed */
  id?: string;
  name: string;
}

export interface RequirementView {
  id: string;
  name: string;
  position: number;
}
