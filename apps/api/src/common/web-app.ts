import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Where `npm run build` puts the web app: <repo>/dist/web, seen from apps/api/src/common (run from source)
 * and from dist/apps/api/src/common (compiled) alike.
 */
export const WEB_DIST_DIR = path.resolve(
  __dirname,
  __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../../../web' : '../../../../dist/web',
);

/** API paths never fall back to the web app: an unknown /api route stays a JSON 404. */
const API_PATH = /^\/(api|health)(\/|$|\?)/;

/**
 * Serves the built web app under `/`: its files as they are (hashed assets cached for a year), and
 * index.html for every other GET that is not an API path, so the browser's router takes over on a
 * reload of /plans/123. Nothing is registered when the web app has not been built.
 */
export async function serveWebApp(app: NestFastifyApplication, dir = WEB_DIST_DIR): Promise<boolean> {
  if (!existsSync(path.join(dir, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: false,
    index: false,
    // @fastify/static 10 hands the reply itself to setHeaders
    setHeaders: (reply: unknown, file: string) => {
      const value = file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
      (reply as FastifyReply).header('cache-control', value);
    },
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/*', (request: FastifyRequest, reply: FastifyReply) => {
    if (API_PATH.test(request.url)) {
      return reply
        .status(404)
        .header('content-type', 'application/json; charset=utf-8')
        .send({ error: { code: 'NOT_FOUND', message: '请求的资源不存在', requestId: String(request.id) } });
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  fastify.get('/', (_request: FastifyRequest, reply: FastifyReply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
  return true;
}
