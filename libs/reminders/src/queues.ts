import type { Channel } from './types';

/**
 * One BullMQ queue per channel, so each has its own rate limit and a slow SMTP server never holds
 * up in-app notifications. Job id = `jobIdOf(message key)`; job data = { messageId }. Never renamed.
 */
export const CHANNEL_QUEUES: Record<Channel, string> = {
  email: 'reminders-email',
  webhook: 'reminders-webhook',
  inapp: 'reminders-inapp',
};

/** The periodic scheduler and reconciler (a repeatable job in the worker). */
export const SCHEDULER_QUEUE = 'reminders-scheduler';

export interface DeliveryJobData {
  messageId: string;
}
