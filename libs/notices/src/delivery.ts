import { Injectable } from '@nestjs/common';
import { messageKey, OutboxService, type OutboxMessage, type Recipient } from '@duban/reminders';
import type { EntityManager } from 'typeorm';

/** What 催办 and 督办单 hand to the outbox, written in the caller's transaction. */
export interface UnitMessage {
  kind: 'urge' | 'notice';
  /** the assigned unit: every active member gets the message, and the unit's chat robots */
  unitId: string;
  assignmentId: string;
  planId: string;
  noticeId?: string;
  /** tells two messages of one day apart (an urging's id: an urge is a deliberate repeat) */
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
 * Hands 催办 and 督办单 messages to the reminders outbox (`@duban/reminders`): one message per
 * member of the unit (in-app always, e-mail when they have an address) and one to the unit (its
 * chat robots), in the caller's transaction, so a refused or rolled-back urging sends nothing.
 * Quiet hours and days off apply as for every message (the outbox defers to the next working morning).
 */
@Injectable()
export class NoticeDelivery {
  constructor(private readonly outbox: OutboxService) {}

  /** To the unit's members and robots; returns the number of people the message goes to. */
  async send(m: EntityManager, message: UnitMessage): Promise<number> {
    const users = await unitRecipients(m, message.unitId);
    await this.enqueue(m, message, [...users.map((userId) => ({ userId })), { unitId: message.unitId }]);
    return users.length;
  }

  /** To one person (the head who issued a notice, when the unit answers it). */
  async sendToUser(m: EntityManager, userId: string, message: Omit<UnitMessage, 'unitId'>): Promise<void> {
    await this.enqueue(m, message, [{ userId }]);
  }

  private async enqueue(m: EntityManager, message: Omit<UnitMessage, 'unitId'>, recipients: Recipient[]): Promise<void> {
    const messages: OutboxMessage[] = recipients.map((recipient) => ({
      kind: message.kind,
      slot: message.slot,
      recipient,
      assignmentId: message.assignmentId,
      noticeId: message.noticeId ?? null,
      planId: message.planId,
      subject: message.subject,
      body: message.body,
      link: message.link,
      key: messageKey({
        recipient,
        kind: message.kind,
        slot: message.slot,
        assignmentId: message.assignmentId,
        noticeId: message.noticeId,
        extra: message.ref,
      }),
    }));
    await this.outbox.enqueue(m, messages);
  }
}
