import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@duban/config';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Logger } from 'nestjs-pino';
import { DubanError } from '@duban/errors';
import { mountQueueBoard } from './admin/queue-board';
import { ApiModule } from './app.module';
import { ErrorFilter, sendError } from './common/error.filter';
import { parseJsonBody } from './common/json-body';
import { NoNulPipe } from './common/no-nul.pipe';
import { createValidationPipe } from './common/validation';
import { serveWebApp } from './common/web-app';

const KiB = 1024;
const MiB = 1024 * KiB;

/** JSON bodies are small; uploads are multipart and streamed with limits of their own. */
const DEFAULT_BODY_LIMIT = 1 * MiB;
/** Routes whose JSON bodies are smaller, or larger, than the default (matched on the route's URL). */
const ROUTE_BODY_LIMITS: [RegExp, number][] = [
  // sign-in and friends are public: a few KiB, so no anonymous body costs real work
  [/^\/api\/auth\//, 8 * KiB],
  // a draft edit may rewrite many long points at once
  [/^\/api\/plans\/:id\/draft$/, 8 * MiB],
];

/**
 * Path parameters longer than this are refused with 414 (a UUID is 36), and paths longer than
 * MAX_PATH_LENGTH. Query strings are bounded by each DTO (a long filter value is a 400 naming it)
 * and, as a whole, by Node's 16 KiB header limit.
 */
const MAX_PARAM_LENGTH = 200;
const MAX_PATH_LENGTH = 2048;

const logger = new NestLogger('Http');
const frameworkError = (error: Error, request: FastifyRequest, reply: FastifyReply): void => sendError(reply, request, error, logger);

/**
 * Only `application/json` is read as a body (and multipart on upload routes): anything else is 415.
 * The JSON parser bounds depth and array length before parsing and refuses lone surrogates.
 */
function installBoundary(instance: FastifyInstance): void {
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, text, done) => {
    try {
      done(null, parseJsonBody(text as string));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  instance.addHook('onRequest', async (request) => {
    const query = request.url.indexOf('?');
    if ((query === -1 ? request.url.length : query) > MAX_PATH_LENGTH) throw new DubanError('URI_TOO_LONG', '请求地址过长');
  });
  instance.addHook('onRoute', (route: RouteOptions) => {
    const limit = ROUTE_BODY_LIMITS.find(([url]) => url.test(route.url))?.[1];
    if (limit !== undefined && route.bodyLimit === undefined) route.bodyLimit = limit;
  });
}

/** Builds the API application; main.ts listens on it, end-to-end tests do too on a free port. */
export async function createApiApp(config: AppConfig, options: { logFile?: string } = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: DEFAULT_BODY_LIMIT,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // 414 for long path parameters and 400 for undecodable URLs leave in the app's error shape
    frameworkErrors: frameworkError,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: false,
  });
  installBoundary(adapter.getInstance());
  // bodyParser: false, or Nest adds form-urlencoded and its own JSON parser back at init
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forConfig(config, options.logFile), adapter, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  await app.register(helmet, {
    // Swagger UI at /api/docs runs its own inline bootstrap; nothing may frame any page
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // blob: for evidence previews (images and PDFs fetched with the bearer token)
        imgSrc: ["'self'", 'data:', 'blob:'],
        frameSrc: ["'self'", 'blob:'],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
  });
  await app.register(multipart, { limits: { fileSize: config.PLAN_MAX_BYTES + 1, files: 1, fields: 5, parts: 10 } });
  await mountQueueBoard(app, config);
  app.useGlobalPipes(new NoNulPipe(), createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApiConfig()));
  await serveWebApp(app);
  return app;
}

/** The OpenAPI document's header; apps/web/scripts/openapi.ts builds the same document offline. */
export function openApiConfig() {
  return new DocumentBuilder()
    .setTitle('Duban 督办 API')
    .setDescription('工作要点导入、任务分解、进度与佐证')
    .setVersion('0.1')
    .addBearerAuth()
    .build();
}
