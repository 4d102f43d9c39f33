import { QueueName } from '@duban/jobs';
import { SummaryService } from '@duban/summary';
import { NestFactory } from '@nestjs/core';
import { Job, QueueEvents, Queue } from 'bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { request, startIsolatedApi, type TestApi } from '../support/api';
import { createUnit, createUser, login, withAuth } from '../support/auth';
import { createAssignment, createPlan, createTask } from '../inbox/support/factories';

/** A plan above the synchronous threshold: the API answers 202, the worker generates and stores, the API serves it. */
describe('large-plan summary through the worker', () => {
  let api: TestApi;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    api = await startIsolatedApi();
    worker = await NestFactory.createApplicationContext(WorkerModule.forConfig(api.config), { logger: false });
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('generates in the worker and serves the stored file', async () => {
    const db = api.db;
    const dept = (await createUnit(db, { type: 'department', name: '基础教育科' })).id;
    const plan = await createPlan(db, '2024年大计划工作要点');
    const task = await createTask(db, { planId: plan.planId, pointId: plan.points[0].id, title: '大任务', ownerUnitId: dept });
    for (let i = 0; i < 3; i++) {
      const school = (await createUnit(db, { type: 'school', name: `第${i + 1}小学` })).id;
      await createAssignment(db, {
        taskId: task,
        unitId: school,
        role: 'responsible',
        state: i === 0 ? 'approved' : 'in_progress',
        dueDate: '2024-12-31',
      });
    }
    const leader = await createUser(db, { globalRoles: ['leader'] });
    const token = (await login(api.url, leader.username, leader.password)).accessToken;
    const url = `${api.url}/api/plans/${plan.planId}/summary.docx`;
    const service = api.app.get(SummaryService);
    const synchronous = (await service.generate(plan.planId, 'md')).bytes.toString('utf8');
    service.syncMaxAssignments = 2;

    const first = await request<{ exportId: string; status: string }>(url, withAuth(token));
    expect(first.status).toBe(202);
    const connection = new URL(api.config.REDIS_URL);
    const events = new QueueEvents(QueueName.Summary, {
      connection: { host: connection.hostname, port: Number(connection.port || 6379) },
      prefix: api.config.QUEUE_PREFIX,
    });
    const queue = new Queue(QueueName.Summary, {
      connection: { host: connection.hostname, port: Number(connection.port || 6379) },
      prefix: api.config.QUEUE_PREFIX,
    });
    try {
      await events.waitUntilReady();
      const job = await Job.fromId(queue, `summary-${first.body.exportId}`);
      expect(job).toBeDefined();
      await job!.waitUntilFinished(events, 20_000);
    } finally {
      await Promise.all([queue.close(), events.close()]);
    }
    const [row] = await db.query(`select status, storage_key from summary_exports where id = $1`, [first.body.exportId]);
    expect(row.status).toBe('done');
    const done = await fetch(url, withAuth(token));
    expect(done.status).toBe(200);
    expect(done.headers.get('content-disposition')).toContain(encodeURIComponent('2024年大计划工作总结.docx'));
    const md = await fetch(`${api.url}/api/plans/${plan.planId}/summary.md`, withAuth(token));
    expect(md.status).toBe(202); // another format: its own job
    expect(synchronous).toContain('完成率33.3%');
  });
});
