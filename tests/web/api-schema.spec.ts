import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildOpenApiDocument } from '../../apps/web/scripts/openapi-document';

/**
 * The web client is typed from apps/web/src/api/schema.d.ts, generated from the API. A route or DTO
 * added or renamed without `npm run web:api` would leave the pages typed against an old API; this
 * fails first, naming what is missing.
 */
describe('web: the generated API schema matches the API', () => {
  it('every operation and every request schema of the API is in schema.d.ts, and nothing else', async () => {
    const document = await buildOpenApiDocument();
    const schema = readFileSync(path.join(__dirname, '../../apps/web/src/api/schema.d.ts'), 'utf8');
    const typedPaths = [...schema.matchAll(/^ {4}"(\/[^"]*)": \{$/gm)].map((m) => m[1]).sort();
    expect(typedPaths).toEqual(Object.keys(document.paths).sort());
    const operations = Object.values(document.paths).flatMap((ops) =>
      Object.values(ops as Record<string, { operationId?: string }>).map((o) => o.operationId),
    );
    const missing = [...operations, ...Object.keys(document.components?.schemas ?? {})].filter((name) => !schema.includes(`${name}:`));
    expect(missing).toEqual([]);
  });
});
