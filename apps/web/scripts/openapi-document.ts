import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { loadConfig } from '@duban/config';
import { ApiModule } from '../../api/src/app.module';
import { openApiConfig } from '../../api/src/create-app';

/**
 * The API's OpenAPI document, built without a database: Nest's preview mode scans modules and
 * controllers but instantiates no provider, so nothing connects to PostgreSQL or Redis.
 */
export async function buildOpenApiDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forConfig(loadConfig()), new FastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    const document = SwaggerModule.createDocument(app, openApiConfig());
    // handlers read User-Agent for the session list; browsers send it themselves, clients need not
    for (const operations of Object.values(document.paths)) {
      for (const operation of Object.values(operations) as { parameters?: { in: string; name: string }[] }[]) {
        if (operation?.parameters)
          operation.parameters = operation.parameters.filter((p) => !(p.in === 'header' && p.name === 'user-agent'));
      }
    }
    return document;
  } finally {
    await app.close();
  }
}
