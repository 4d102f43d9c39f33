import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every regular file under a folder, recursively (empty when the folder does not exist). */
export function listFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const full = path.join(dir, e);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}
