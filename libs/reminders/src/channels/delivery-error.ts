/**
 * How a send failed: `permanent` (a 5xx SMTP refusal, a bounced address, a robot that says the
 * request is wrong) is recorded on the delivery as dead at once, never retried; `transient` (server
 * down, timeout, 4xx SMTP, HTTP 5xx or 429) is retried with backoff until the attempts run out.
 */
export class DeliveryError extends Error {
  constructor(
    readonly permanent: boolean,
    message: string,
  ) {
    super(message);
  }
}

/** Classifies an error thrown by nodemailer. */
export function smtpError(e: unknown): DeliveryError {
  const err = e as { responseCode?: number; code?: string; message?: string; response?: string };
  const text = (err.response ?? err.message ?? String(e)).slice(0, 500);
  if (typeof err.responseCode === 'number' && err.responseCode >= 500) return new DeliveryError(true, `SMTP ${err.responseCode}: ${text}`);
  if (err.code === 'EENVELOPE' && typeof err.responseCode !== 'number') return new DeliveryError(true, `地址无效: ${text}`);
  return new DeliveryError(false, `${err.code ?? 'SMTP'}${err.responseCode ? ` ${err.responseCode}` : ''}: ${text}`);
}
