import type { EntityManager } from 'typeorm';

/**
 * Refuses approval while a required checklist item of the assignment's task lacks an accepted
 * file. Called by the approve transition inside its transaction.
 */
export async function assertRequiredEvidenceAccepted(manager: EntityManager, assignmentId: string): Promise<void> {
  void manager;
  void assignmentId; // placeholder until the evidence feature lands
}
