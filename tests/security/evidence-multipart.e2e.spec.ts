import { evidenceFootprint } from '../evidence/support/factories';
import { SAMPLES } from '../evidence/support/http';
import { createWorld, newAssignment, type World } from '../evidence/support/world';
import { listFiles } from '../support/files';

/** Evidence upload is streamed to storage: a refused multipart body must leave no row and no file. */
describe('evidence upload refuses malformed and two-file multipart bodies', () => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld();
  });
  afterAll(async () => w.close());

  const boundary = 'EvidenceBoundary';
  const part = (name: string, bytes: Uint8Array): Buffer =>
    Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      Buffer.from(bytes),
      Buffer.from('\r\n'),
    ]);
  const closing = Buffer.from(`--${boundary}--\r\n`);

  it.each([
    [
      'cut before the closing boundary',
      () => part('a.pdf', SAMPLES.pdf('实施方案')),
      `multipart/form-data; boundary=${boundary}`,
      'UPLOAD_MALFORMED',
    ],
    [
      'without a boundary',
      () => Buffer.concat([part('a.pdf', SAMPLES.pdf('实施方案')), closing]),
      'multipart/form-data',
      'UPLOAD_MALFORMED',
    ],
    [
      'with two files',
      () => Buffer.concat([part('a.pdf', SAMPLES.pdf('实施方案')), part('b.pdf', SAMPLES.pdf('活动照片')), closing]),
      `multipart/form-data; boundary=${boundary}`,
      'UPLOAD_TOO_MANY_FILES',
    ],
  ])('%s → 400, nothing stored', async (_case, body, contentType, code) => {
    const { assignmentId } = await newAssignment(w);
    const filesBefore = listFiles(w.api.config.STORAGE_DIR).length;
    const res = await fetch(`${w.api.url}/api/assignments/${assignmentId}/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${w.member.token}`, 'content-type': contentType },
      body: body(),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    expect(await evidenceFootprint(w.api.db, assignmentId)).toEqual({ files: 0, audits: 0 });
    expect(listFiles(w.api.config.STORAGE_DIR).length).toBe(filesBefore);
  });

  it('a well-formed single file is still accepted', async () => {
    const { assignmentId } = await newAssignment(w);
    const res = await fetch(`${w.api.url}/api/assignments/${assignmentId}/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${w.member.token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: Buffer.concat([part('a.pdf', SAMPLES.pdf('实施方案')), closing]),
    });
    expect(res.status).toBe(201);
  });
});
