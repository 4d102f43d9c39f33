import type { ReminderKind } from '../types';

/** A message as the channels send it (link absolute). */
export interface RenderedMessage {
  key: string;
  kind: ReminderKind;
  slot: string;
  subject: string;
  body: string;
  link: string | null;
}
