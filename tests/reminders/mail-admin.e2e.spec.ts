import { startApi } from '../support/api';
import { World, type ErrorBody } from '../tasks/world';
import { Mailbox } from './support/mailbox';

const NOW = '2026-12-02T10:00:00+08:00';

/** The admin's 邮件设置: configuration read from the environment (no credentials) and a real test send. */
describe('mail settings through the API', () => {
  let w: World;
  const mailbox = new Mailbox();

  beforeAll(async () => {
    await mailbox.start();
    const smtpUrl = `smtp://mailer-user:S3cret%21pw@127.0.0.1:${mailbox.port}`;
    w = await World.create(await startApi({ LOGIN_MAX_FAILURES_PER_IP: 1_000_000, DUBAN_CLOCK: NOW, SMTP_URL: smtpUrl }));
    await w.api.db.query(`update users set email = $2 where id = $1`, [w.userIds.admin, 'admin-mail@example.test']);
  });
  afterAll(async () => {
    await w.close();
    await mailbox.stop();
  });

  it("shows the configuration without the credentials in SMTP_URL, and today's figures", async () => {
    const res = await w.call<Record<string, unknown>>('admin', 'GET', '/api/admin/mail');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      expect.objectContaining({ host: '127.0.0.1', port: mailbox.port, secure: false, configuredBy: 'environment' }),
    );
    expect(typeof res.body.sentToday).toBe('number');
    expect(typeof res.body.failedToday).toBe('number');
    expect(typeof res.body.deadTotal).toBe('number');
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('mailer-user');
    expect(text).not.toContain('S3cret');
  });

  it("sends a test message with a Chinese subject, by default to the admin's own address, and audits it", async () => {
    const before = mailbox.mails.length;
    const res = await w.call<{ ok: boolean; messageId: string }>('admin', 'POST', '/api/admin/mail/test', {});
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, messageId: expect.any(String) });
    expect(mailbox.mails.length).toBe(before + 1);
    const mail = mailbox.mails[mailbox.mails.length - 1];
    expect(mail.to).toEqual(['admin-mail@example.test']);
    // the subject is MIME-encoded; decode it to check the Chinese text
    const subject = decodeMime(mail.headers.subject);
    expect(subject).toBe('督办系统测试邮件');

    const other = await w.call('admin', 'POST', '/api/admin/mail/test', { to: 'someone@example.test' });
    expect(other.status).toBe(200);
    expect(mailbox.mails[mailbox.mails.length - 1].to).toEqual(['someone@example.test']);

    const audits = (await w.api.db.query(
      `select actor, after from audit_events where action = 'mail.test_sent' and actor = $1 order by id`,
      [w.userIds.admin],
    )) as { after: { to: string; ok: boolean } }[];
    expect(audits.map((a) => [a.after.to, a.after.ok])).toEqual([
      ['admin-mail@example.test', true],
      ['someone@example.test', true],
    ]);
  });

  it('a refused recipient is a typed 424 with a Chinese message and the SMTP error, also audited', async () => {
    mailbox.refuse.add('nobody@example.test');
    const res = await w.call<ErrorBody>('admin', 'POST', '/api/admin/mail/test', { to: 'nobody@example.test' });
    expect(res.status).toBe(424);
    expect(res.body.error.code).toBe('MAIL_TEST_FAILED');
    expect(res.body.error.message).toMatch(/^测试邮件发送失败/);
    expect(res.body.error.details).toEqual(
      expect.objectContaining({ to: 'nobody@example.test', smtpError: expect.stringContaining('550') }),
    );
    const [row] = (await w.api.db.query(
      `select after from audit_events where action = 'mail.test_sent' and object_id = 'nobody@example.test'`,
    )) as { after: { ok: boolean; error: string } }[];
    expect(row.after.ok).toBe(false);
  });

  it('an invalid address is a 400; an admin without an address gets a Chinese 422; others get 403', async () => {
    const bad = await w.call<ErrorBody>('admin', 'POST', '/api/admin/mail/test', { to: 'not an address' });
    expect(bad.status).toBe(400);
    await w.api.db.query(`update users set email = null where id = $1`, [w.userIds.admin]);
    const none = await w.call<ErrorBody>('admin', 'POST', '/api/admin/mail/test', {});
    expect(none.status).toBe(422);
    expect(none.body.error.code).toBe('MAIL_NO_ADDRESS');
    expect(none.body.error.message).toContain('邮箱');
    for (const role of ['leader', 'headZuzhi', 'memberA'] as const) {
      expect((await w.call(role, 'GET', '/api/admin/mail')).status).toBe(403);
      expect((await w.call(role, 'POST', '/api/admin/mail/test', { to: 'x@example.test' })).status).toBe(403);
    }
  });
});

function decodeMime(s: string): string {
  return s.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          'binary',
        ).toString('utf8'),
  );
}
