import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { withAuth } from '../support/auth';
import { listFiles } from '../support/files';
import { evidenceFootprint, setAssignmentState } from './support/factories';
import { generated, rawUpload, SAMPLES } from './support/http';
import { call, createWorld, newAssignment, uploadEvidence, type ListBody, type World } from './support/world';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** waits until `check` holds (the server cleans up after an aborted request asynchronously) */
async function eventually(check: () => Promise<boolean> | boolean, ms = 5000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe('evidence upload', () => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld();
  });
  afterAll(async () => w.close());

  const storageFiles = (): string[] => listFiles(w.api.config.STORAGE_DIR);

  it('uploads, lists and downloads a file with a Chinese name byte for byte', async () => {
    const { assignmentId, requirements } = await newAssignment(w, { requirements: ['实施方案', '活动照片'] });
    const bytes = SAMPLES.pdf('实施方案');
    const name = '东丽区2024年学前教育实施方案（定稿）.pdf';
    const res = await uploadEvidence(w, w.member, assignmentId, bytes, name, { requirementId: requirements['实施方案'] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      assignmentId,
      fileName: name,
      byteSize: bytes.length,
      sha256: sha256(bytes),
      mime: 'application/pdf',
      ext: 'pdf',
      reviewState: 'pending',
      requirementId: requirements['实施方案'],
      requirementName: '实施方案',
    });

    // stored under its hash, never under the user's name
    const key = path.join(w.api.config.STORAGE_DIR, 'evidence', sha256(bytes).slice(0, 2), sha256(bytes));
    expect(existsSync(key)).toBe(true);
    const row = await w.api.db.query(`select storage_key, uploaded_by from evidence_files where id = $1`, [res.body.id]);
    expect(row[0]).toEqual({ storage_key: `evidence/${sha256(bytes).slice(0, 2)}/${sha256(bytes)}`, uploaded_by: w.member.id });

    const list = await call<ListBody>(w, w.member, 'GET', `/api/assignments/${assignmentId}/evidence`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((i) => i.id)).toEqual([res.body.id]);
    expect(list.body.checklist).toEqual([
      { requirementId: requirements['实施方案'], name: '实施方案', status: 'pending', fileIds: [res.body.id] },
      { requirementId: requirements['活动照片'], name: '活动照片', status: 'missing', fileIds: [] },
    ]);

    // the reviewing head downloads it
    const dl = await fetch(`${w.api.url}/api/evidence/${res.body.id}/download`, withAuth(w.head.token));
    expect(dl.status).toBe(200);
    expect(Buffer.from(await dl.arrayBuffer()).equals(bytes)).toBe(true);
    expect(dl.headers.get('content-type')).toBe('application/pdf');
    expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
    const disposition = dl.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(disposition).toContain(
      `filename*=UTF-8''${encodeURIComponent(name).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
    );
    expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toBe(name);

    const audit = await w.api.db.query(`select action, actor, after from audit_events where object_id = $1`, [res.body.id]);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'evidence.uploaded',
        actor: w.member.id,
        after: expect.objectContaining({ sha256: sha256(bytes) }),
      }),
    ]);
  });

  it('refuses an empty file and stores nothing', async () => {
    const { assignmentId } = await newAssignment(w);
    const before = storageFiles().length;
    const res = await uploadEvidence(w, w.member, assignmentId, new Uint8Array(0), '空文件.pdf');
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'EVIDENCE_EMPTY', message: expect.stringMatching(/文件为空/) });
    expect(await evidenceFootprint(w.api.db, assignmentId)).toEqual({ files: 0, audits: 0 });
    expect(storageFiles()).toHaveLength(before);
  });

  it.each([
    ['an ELF binary', SAMPLES.elf()],
    ['a Windows PE program', SAMPLES.pe()],
  ])('refuses %s renamed to .pdf with 415', async (_label, bytes) => {
    const { assignmentId } = await newAssignment(w);
    const before = storageFiles().length;
    const res = await uploadEvidence(w, w.member, assignmentId, bytes, '工作总结.pdf');
    expect(res.status).toBe(415);
    expect(res.body.error).toMatchObject({ code: 'EVIDENCE_TYPE_NOT_ALLOWED', message: expect.stringMatching(/可执行程序/) });
    expect(await evidenceFootprint(w.api.db, assignmentId)).toEqual({ files: 0, audits: 0 });
    expect(storageFiles()).toHaveLength(before);
  });

  it('refuses a program whose name hides its extension behind a bidi override', async () => {
    const { assignmentId } = await newAssignment(w);
    // shows as "活动照片exe.png" in a right-to-left aware view; really ends in .exe
    const res = await uploadEvidence(w, w.member, assignmentId, SAMPLES.png(), '活动照片\u202Egnp.exe');
    expect(res.status).toBe(415);
    expect(res.body.error?.code).toBe('EVIDENCE_TYPE_NOT_ALLOWED');
  });

  it('keeps path-traversal and bidi names as safe metadata under content-addressed keys', async () => {
    const { assignmentId } = await newAssignment(w);
    const cases: [string, string][] = [
      ['../../../../etc/cron.d/evil.pdf', 'evil.pdf'],
      ['..\\..\\windows\\system32\\报告.pdf', '报告.pdf'],
      ['活动\u202E照片\u200F说明.pdf', '活动照片说明.pdf'],
      ['C:\\Users\\张三\\Desktop\\总结\u0000.pdf', '总结.pdf'],
    ];
    for (const [given, shown] of cases) {
      const bytes = SAMPLES.pdf(given);
      const res = await uploadEvidence(w, w.member, assignmentId, bytes, given);
      expect(res.status).toBe(201);
      expect(res.body.fileName).toBe(shown);
      const rows = await w.api.db.query(`select storage_key from evidence_files where id = $1`, [res.body.id]);
      expect(rows[0].storage_key).toBe(`evidence/${sha256(bytes).slice(0, 2)}/${sha256(bytes)}`);
      const dl = await fetch(`${w.api.url}/api/evidence/${res.body.id}/download`, withAuth(w.member.token));
      expect(dl.headers.get('content-disposition')).not.toMatch(/[\r\n\\/\u202e]|\.\./);
      await dl.arrayBuffer();
    }
    // every stored file is a hash under evidence/<aa>/, nothing anywhere else
    const root = w.api.config.STORAGE_DIR;
    for (const f of storageFiles()) expect(path.relative(root, f)).toMatch(/^(evidence|plans)\/[0-9a-f]{2}\/[0-9a-f]{64}$/);
  });

  it('refuses a duplicate within the assignment with 409, and keeps bytes other rows use', async () => {
    const a = await newAssignment(w);
    const b = await newAssignment(w);
    const bytes = SAMPLES.png();
    expect((await uploadEvidence(w, w.member, a.assignmentId, bytes, '照片1.png')).status).toBe(201);
    const dup = await uploadEvidence(w, w.member, a.assignmentId, bytes, '照片1（副本）.png');
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'EVIDENCE_DUPLICATE', message: expect.stringContaining('照片1.png') });
    // the same picture is fine for another assignment; it is stored once
    const other = await uploadEvidence(w, w.member, b.assignmentId, bytes, '照片.png');
    expect(other.status).toBe(201);
    expect(storageFiles().filter((f) => f.endsWith(sha256(bytes)))).toHaveLength(1);
    const dl = await fetch(`${w.api.url}/api/evidence/${other.body.id}/download`, withAuth(w.member.token));
    expect(Buffer.from(await dl.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('checks the assignment, the actor and the checklist item before reading the file', async () => {
    const { assignmentId, taskId } = await newAssignment(w, { requirements: ['统计表'] });
    const other = await newAssignment(w, { requirements: ['统计表'] });
    const bytes = SAMPLES.pdf();
    // another school cannot even tell it exists
    expect((await uploadEvidence(w, w.otherMember, assignmentId, bytes, 'a.pdf')).status).toBe(404);
    // the reviewing head is not the unit
    const byHead = await uploadEvidence(w, w.head, assignmentId, bytes, 'a.pdf');
    expect(byHead.status).toBe(403);
    expect(byHead.body.error?.code).toBe('EVIDENCE_NOT_UNIT');
    // a checklist item of another task
    const wrongItem = await uploadEvidence(w, w.member, assignmentId, bytes, 'a.pdf', { requirementId: other.requirements['统计表'] });
    expect(wrongItem.status).toBe(422);
    expect(wrongItem.body.error?.code).toBe('EVIDENCE_REQUIREMENT_UNKNOWN');
    // not multipart
    const json = await call(w, w.member, 'POST', `/api/assignments/${assignmentId}/evidence`, { file: 'x' });
    expect(json.status).toBe(415);
    // an approved assignment is frozen
    await setAssignmentState(w.api.db, assignmentId, 'approved');
    const closed = await uploadEvidence(w, w.member, assignmentId, bytes, 'a.pdf');
    expect(closed.status).toBe(409);
    expect(closed.body.error).toMatchObject({ code: 'EVIDENCE_ASSIGNMENT_CLOSED', message: expect.stringContaining('已完成') });
    expect(taskId).toBeTruthy();
    expect(await evidenceFootprint(w.api.db, assignmentId)).toEqual({ files: 0, audits: 0 });
  });

  it('answers a declared Content-Length over the limit with 413 before reading the body', async () => {
    const { assignmentId } = await newAssignment(w);
    const res = await rawUpload({
      url: `${w.api.url}/api/assignments/${assignmentId}/evidence`,
      token: w.member.token,
      fileName: 'huge.mp4',
      contentLength: w.api.config.EVIDENCE_MAX_BYTES + 10 * 1024 * 1024,
      source: generated(w.api.config.EVIDENCE_MAX_BYTES + 10 * 1024 * 1024, SAMPLES.mp4Head()),
    });
    expect(res.status).toBe(413);
    expect(res.headers.connection).toBe('close');
    expect(res.body).toMatchObject({ error: { code: 'EVIDENCE_TOO_LARGE', message: expect.stringContaining('200 MB') } });
    expect(res.sentBeforeResponse).toBeLessThan(20 * 1024 * 1024);
    expect(await evidenceFootprint(w.api.db, assignmentId)).toEqual({ files: 0, audits: 0 });
  });

  it('removes the partial file of an interrupted upload and writes no row', async () => {
    const { assignmentId } = await newAssignment(w);
    const tmp = path.join(w.api.config.STORAGE_DIR, 'tmp');
    const before = storageFiles().length;
    // watch the temporary file appear, so the abort really happens mid-write
    let sawPartial = false;
    const res = await rawUpload({
      url: `${w.api.url}/api/assignments/${assignmentId}/evidence`,
      token: w.member.token,
      fileName: '活动视频.mp4',
      source: (async function* () {
        let n = 0;
        for await (const chunk of generated(16 * 1024 * 1024, SAMPLES.mp4Head())) {
          yield chunk;
          if (++n % 8 === 0 && listFiles(tmp).length > 0) sawPartial = true;
        }
      })(),
      abortAfter: 8 * 1024 * 1024,
    });
    expect(res.aborted).toBe(true);
    expect(res.status).toBeNull();
    expect(sawPartial).toBe(true);
    expect(await eventually(() => listFiles(tmp).length === 0)).toBe(true);
    expect(storageFiles()).toHaveLength(before);
    expect(await evidenceFootprint(w.api.db, assignmentId)).toEqual({ files: 0, audits: 0 });
  });
});

describe('evidence upload over a small limit', () => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld({ EVIDENCE_MAX_BYTES: 256 * 1024 });
  });
  afterAll(async () => w.close());

  it('answers 413 early while the body is still arriving, and leaves nothing on disk or in the database', async () => {
    const { assignmentId } = await newAssignment(w);
    const total = 64 * 1024 * 1024;
    const res = await rawUpload({
      url: `${w.api.url}/api/assignments/${assignmentId}/evidence`,
      token: w.member.token,
      fileName: '超大视频.mp4',
      source: generated(total, SAMPLES.mp4Head(), 64 * 1024),
    });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: { code: 'EVIDENCE_TOO_LARGE', message: expect.stringMatching(/0\.3 MB 上限/) } });
    // answered long before the client got to the end
    expect(res.sentBeforeResponse).toBeLessThan(total / 4);
    expect(await eventually(() => listFiles(w.api.config.STORAGE_DIR).length === 0)).toBe(true);
    expect(await evidenceFootprint(w.api.db, assignmentId)).toEqual({ files: 0, audits: 0 });
  });

  it('accepts a file of exactly the limit', async () => {
    const { assignmentId } = await newAssignment(w);
    const bytes = Buffer.concat([SAMPLES.mp4Head(), Buffer.alloc(256 * 1024 - 24, 7)]);
    const res = await uploadEvidence(w, w.member, assignmentId, bytes, 'video.mp4');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ byteSize: 256 * 1024, ext: 'mp4' });
  });
});
