import { clockFromSetting, type Clock } from '@duban/clock';
import { loadConfig } from '@duban/config';
import { createDataSource, ensureDatabase, migrateDown, migrateUp } from '@duban/db';
import type { DataSource } from 'typeorm';
import { seedOrgUnits } from './seed-org';
import { seedUsers } from './seed-users';
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
    case 'seed': {
      await ensureDatabase(config);
      await migrateUp(config);
      const ds = await createDataSource(config).initialize();
      try {
        const { units, users } = await seedDemoOrg(ds, config.AUTH_DEMO_PASSWORD, clockFromSetting(config.DUBAN_CLOCK));
        console.log(`seeded ${config.PGDATABASE}: org units ${units}; users created ${users.created}, updated ${users.updated}`);
      } finally {
        await ds.destroy();
      }
      return;
    }
    default:
      throw new CliError('用法 usage: db create | db migrate | db revert [--all] | db seed');
  }
}

/** The sample district and its demo users (idempotent: a second run changes nothing). */
export async function seedDemoOrg(ds: DataSource, password: string, clock: Clock) {
  const result = await seedOrgUnits(ds, undefined, clock);
  const users = await seedUsers(ds, { password });
  const { create, update, unchanged } = result.summary;
  return { units: `created ${create}, updated ${update}, unchanged ${unchanged}`, users };
}
