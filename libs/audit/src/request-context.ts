/** Who did what from where: passed to services so every audit event can name it. */
export interface RequestContext {
  actor: string | null;
  requestId: string;
  ip: string | null;
}

/** The context of work nobody asked for over HTTP: seeds, migrations, scheduled jobs. */
export const SYSTEM_CONTEXT: RequestContext = { actor: 'system', requestId: 'system', ip: null };
