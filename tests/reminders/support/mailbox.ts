import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface CapturedMail {
  to: string[];
  raw: string;
  headers: Record<string, string>;
}

/** A real SMTP server in-process that keeps every message; `refuse` answers 550 for an address. */
export class Mailbox {
  readonly mails: CapturedMail[] = [];
  refuse = new Set<string>();
  /** server errors other than a sender's reset connection */
  readonly errors: Error[] = [];
  /** slows every message down, so a batch is still in flight when a test breaks something */
  delayMs = 0;
  private server: SMTPServer | null = null;
  port = 0;

  async start(port = 0): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // stopping must not wait for the senders' idle pooled connections to leave
      closeTimeout: 100,
      onRcptTo: (address, _session, cb) => {
        if (this.refuse.has(address.address)) {
          const err = new Error('用户不存在') as Error & { responseCode: number };
          err.responseCode = 550;
          return cb(err);
        }
        cb();
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const done = () => {
            this.mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, headers: parseHeaders(raw) });
            cb();
          };
          if (this.delayMs > 0) setTimeout(done, this.delayMs);
          else done();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, '127.0.0.1', () => resolve());
    });
    // a sender killed mid-conversation (the kill -9 test) resets its socket: smtp-server reports that
    // as an 'error' event, which must not become an uncaught exception in the test process
    this.server.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') this.errors.push(e);
    });
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** How many times each Message-ID arrived. */
  messageIds(): Map<string, number> {
    const ids = new Map<string, number>();
    for (const m of this.mails) ids.set(m.headers['message-id'], (ids.get(m.headers['message-id']) ?? 0) + 1);
    return ids;
  }

  byHeader(name: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const m of this.mails) counts[m.headers[name.toLowerCase()]] = (counts[m.headers[name.toLowerCase()]] ?? 0) + 1;
    return counts;
  }
}

function parseHeaders(raw: string): Record<string, string> {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const out: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
}

/** Waits until `check` holds (polling), or fails after `ms`. */
export async function eventually(check: () => Promise<boolean> | boolean, ms = 15_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
