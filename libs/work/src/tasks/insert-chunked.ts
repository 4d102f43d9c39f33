import type { EntityManager } from 'typeorm';

const CHUNK = 1000; // keeps each multi-row INSERT well under PostgreSQL's parameter limit

/** Multi-row INSERTs of prepared entities, a thousand rows at a time. */
export async function insertChunked<T extends object>(manager: EntityManager, entity: new () => T, rows: T[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeORM's insert wants its own deep-partial type
    await manager.insert(entity, rows.slice(i, i + CHUNK) as any);
  }
}
