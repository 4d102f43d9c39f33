import multipart from '@fastify/multipart';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@duban/config';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Logger } from 'nestjs-pino';
import { ApiModule } from './app.module';
import { ErrorFilter } from './common/error.filter';
import { NoNulPipe } from './common/no-nul.pipe';

/** Builds the API application; main.ts listens on it, end-to-end tests do too on a free port. */
export async function createApiApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: 2 * 1024 * 1024, // JSON bodies; uploads are streamed through multipart
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forConfig(config), adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await app.register(multipart, { limits: { fileSize: config.PLAN_MAX_BYTES + 1, files: 1, fields: 5, parts: 10 } });
  app.useGlobalPipes(new NoNulPipe(), new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();
  const openApi = new DocumentBuilder()
    .setTitle('Duban 督办 API')
    .setDescription('工作要点导入、任务分解、进度与佐证')
    .setVersion('0.1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi));
  return app;
}
