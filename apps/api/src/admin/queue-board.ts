import { Logger } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Permission } from '@duban/access';
import { Clock } from '@duban/clock';
import type { AppConfig } from '@duban/config';
import { DubanError } from '@duban/errors';
import { QueueName } from '@duban/jobs';
import { ReminderQueues, redisConnection } from '@duban/reminders';
import { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AccessTokenService } from '../auth/access-token.service';
import { passwordChangeRequired } from '../auth/auth-errors';
import { authenticateBearer } from '../auth/auth.guard';
import { AuthUserLoader } from '../auth/auth-user.loader';
import { sendError } from '../common/error.filter';
import { queueSessionToken } from './queue-session';

export const QUEUE_BOARD_PATH = '/admin/queues';

const logger = new Logger('QueueBoard');

/**
 * bull-board at /admin/queues: every queue the app uses (libs/jobs and the reminders' channel and
 * scheduler queues), for admins only. It is a Fastify plugin outside Nest's routing, so it has its
 * own gate: the same bearer-token check as every route (`authenticateBearer`), then the
 * `queues:admin` permission (admins only); anyone else gets 401/403 in the app's error shape,
 * never the board. A browser cannot add a bearer header by itself: the web app opens the board
 * through a short-lived cookie (queue-session.ts); see docs/features/notices.md.
 */
export async function mountQueueBoard(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const health = new Queue(QueueName.Health, { connection: redisConnection(config), prefix: config.QUEUE_PREFIX });
  const reminderQueues = app.get(ReminderQueues, { strict: false }).all();
  const board = new BoardAdapter();
  board.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: [health, ...reminderQueues].map((q) => new BullMQAdapter(q)),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Duban 队列' } },
  });
  const deps = {
    tokens: app.get(AccessTokenService, { strict: false }),
    users: app.get(AuthUserLoader, { strict: false }),
    clock: app.get(Clock, { strict: false }),
  };
  const instance = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  await instance.register(async (scope) => {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        // a browser opened from the web app carries the token in the board's own cookie (queue-session.ts)
        const fromCookie = request.headers.authorization ? null : queueSessionToken(request);
        if (fromCookie) request.headers.authorization = `Bearer ${fromCookie}`;
        const { user, mustChangePassword } = await authenticateBearer(deps, request);
        if (mustChangePassword) throw passwordChangeRequired();
        if (!user.permissions.includes(Permission.QueuesAdmin)) throw DubanError.forbidden(undefined, Permission.QueuesAdmin);
      } catch (e) {
        sendError(reply, request, e, logger);
        return reply;
      }
    });
    await scope.register(board.registerPlugin() as never, { prefix: QUEUE_BOARD_PATH });
  });
  instance.addHook('onClose', async () => {
    await health.close();
  });
}
