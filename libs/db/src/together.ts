import type { EntityManager } from 'typeorm';

/**
 * Runs independent reads: all at once through the pool, one after another when the manager is bound
 * to one connection (a transaction's). A pg client runs one query at a time anyway; handed several
 * at once it queues them itself, warns, and pg@9 drops that queue.
 */
export async function together<T extends readonly unknown[]>(
  m: EntityManager,
  ...reads: { [K in keyof T]: () => Promise<T[K]> }
): Promise<T> {
  if (!m.queryRunner) return (await Promise.all(reads.map((read) => read()))) as unknown as T;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as unknown as T;
}
