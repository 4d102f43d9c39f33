import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildOpenApiDocument } from './openapi-document';

/** Writes the API's OpenAPI document (no database needed); `npm run web:api` types the web client from it. */
async function main(): Promise<void> {
  const out = process.argv[2] ?? path.join(__dirname, '..', 'openapi.json');
  const document = await buildOpenApiDocument();
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(document, null, 2) + '\n');
  console.log(`OpenAPI: ${Object.keys(document.paths).length} paths → ${path.relative(process.cwd(), out)}`);
}

main().catch((e: Error) => {
  console.error(`openapi: ${e.message}`);
  process.exit(1);
});
