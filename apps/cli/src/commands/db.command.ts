import { loadConfig } from '@duban/config';
import { ensureDatabase, migrateDown, migrateUp } from '@duban/db';
import { CliError } from '../cli-error';

export async function db(action: string | undefined, all: boolean): Promise<void> {
  const config = loadConfig();
  switch (action) {
    case 'create':
      console.log((await ensureDatabase(config)) ? `created database ${config.PGDATABASE}` : `database ${config.PGDATABASE} exists`);
      return;
    case 'migrate': {
      await ensureDatabase(config);
      const ran = await migrateUp(config);
      console.log(ran.length ? `migrated ${config.PGDATABASE}: ${ran.join(', ')}` : `${config.PGDATABASE} is up to date`);
      return;
    }
    case 'revert': {
      const reverted = await migrateDown(config, all ? Infinity : 1);
      console.log(reverted.length ? `reverted ${config.PGDATABASE}: ${reverted.join(', ')}` : 'nothing to revert');
      return;
    }
    default:
      throw new CliError('用法 usage: db create | db migrate | db revert [--all]');
  }
}
