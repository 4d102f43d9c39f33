import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { loadConfig } from '@duban/config';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ApiModule } from '../../api/src/app.module';
import { openApiConfig } from '../../api/src/create-app';

/**
 * Writes the API's OpenAPI document without a database: Nest's preview mode scans modules and
 * controllers but instantiates no provider, so nothing connects to PostgreSQL or Redis.
 */
async function main(): Promise<void> {
  const out = process.argv[2] ?? path.join(__dirname, '..', 'openapi.json');
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forConfig(loadConfig()), new FastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  const document = SwaggerModule.createDocument(app, openApiConfig());
  // handlers read User-Agent for the session list; browsers send it themselves, clients need not
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations) as { parameters?: { in: string; name: string }[] }[]) {
      if (operation?.parameters) operation.parameters = operation.parameters.filter((p) => !(p.in === 'header' && p.name === 'user-agent'));
    }
  }
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(document, null, 2) + '\n');
  console.log(`OpenAPI: ${Object.keys(document.paths).length} paths → ${path.relative(process.cwd(), out)}`);
}

main().catch((e: Error) => {
  console.error(`openapi: ${e.message}`);
  process.exit(1);
});
