import 'reflect-metadata';
import { checkServices, loadConfig } from '@duban/config';
import { createApiApp } from './create-app';

async function main(): Promise<void> {
  const config = loadConfig();
  await checkServices(config);
  const app = await createApiApp(config);
  await app.listen(config.API_PORT, config.API_HOST);
  console.log(`Duban API listening on http://${config.API_HOST}:${config.API_PORT} (OpenAPI: /api/docs)`);
}

main().catch((e: Error) => {
  // one line, no stack: the message says what is missing and how to fix it
  console.error(`duban-api: ${e.message}`);
  process.exit(1);
});
