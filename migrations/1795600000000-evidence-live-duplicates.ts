import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Duplicate evidence is refused among the files an assignment still has: a withdrawn file keeps
 * its row (for the audit trail) but no longer blocks uploading the same bytes again.
 */
export class EvidenceLiveDuplicates1795600000000 implements MigrationInterface {
  name = 'EvidenceLiveDuplicates1795600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE evidence_files DROP CONSTRAINT evidence_files_assignment_id_sha256_key`);
    await q.query(
      `CREATE UNIQUE INDEX evidence_files_live_sha256_idx ON evidence_files (assignment_id, sha256) WHERE withdrawn_at IS NULL`,
    );
    // "is this content still referenced?" before stored bytes are removed
    await q.query(`CREATE INDEX evidence_files_sha256_idx ON evidence_files (sha256)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX evidence_files_sha256_idx`);
    await q.query(`DROP INDEX evidence_files_live_sha256_idx`);
    await q.query(`ALTER TABLE evidence_files ADD CONSTRAINT evidence_files_assignment_id_sha256_key UNIQUE (assignment_id, sha256)`);
  }
}
