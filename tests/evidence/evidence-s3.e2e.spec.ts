import { createHash } from 'node:crypto';
import { FakeS3Server } from '../../libs/storage/test/fake-s3-server';
import { withAuth } from '../support/auth';
import { evidenceFootprint } from './support/factories';
import { generated, rawUpload, SAMPLES } from './support/http';
import { createWorld, newAssignment, uploadEvidence, type World } from './support/world';

// STORAGE_DRIVER=s3 through the real provider, against the in-process S3 double of libs/storage
// (no S3 or MinIO is reachable from the test environment).
describe('evidence on the S3 driver', () => {
  const s3 = new FakeS3Server();
  let w: World;
  beforeAll(async () => {
    const endpoint = await s3.start();
    w = await createWorld({
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: endpoint,
      S3_REGION: 'cn-north-1',
      S3_BUCKET: 'duban',
      S3_ACCESS_KEY_ID: 'test',
      S3_SECRET_ACCESS_KEY: 'test',
      S3_FORCE_PATH_STYLE: true,
    });
  });
  afterAll(async () => {
    await w.close();
    await s3.stop();
  });

  const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

  it('stores under the content key in the bucket and downloads the same bytes', async () => {
    const { assignmentId } = await newAssignment(w);
    const bytes = SAMPLES.pdf('s3');
    const res = await uploadEvidence(w, w.member, assignmentId, bytes, '年度总结.pdf');
    expect(res.status).toBe(201);
    expect(s3.keys()).toEqual([`duban/evidence/${sha256(bytes).slice(0, 2)}/${sha256(bytes)}`]);
    const dl = await fetch(`${w.api.url}/api/evidence/${res.body.id}/download`, withAuth(w.head.token));
    expect(dl.status).toBe(200);
    expect(Buffer.from(await dl.arrayBuffer()).equals(bytes)).toBe(true);

    // a duplicate is refused and the object other rows use stays
    expect((await uploadEvidence(w, w.member, assignmentId, bytes, '副本.pdf')).status).toBe(409);
    expect(s3.keys()).toHaveLength(1);
  });

  it('leaves no object behind for a refused type or an aborted upload', async () => {
    const { assignmentId } = await newAssignment(w);
    const before = s3.keys();
    expect((await uploadEvidence(w, w.member, assignmentId, SAMPLES.elf(), 'report.pdf')).status).toBe(415);
    const aborted = await rawUpload({
      url: `${w.api.url}/api/assignments/${assignmentId}/evidence`,
      token: w.member.token,
      fileName: 'video.mp4',
      source: generated(32 * 1024 * 1024, SAMPLES.mp4Head()),
      abortAfter: 12 * 1024 * 1024,
    });
    expect(aborted.aborted).toBe(true);
    const until = Date.now() + 5000;
    while ((s3.keys().length !== before.length || s3.multipartUploads.size > 0) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(s3.keys()).toEqual(before);
    expect(s3.multipartUploads.size).toBe(0);
    expect(await evidenceFootprint(w.api.db, assignmentId)).toEqual({ files: 0, audits: 0 });
  });
});
