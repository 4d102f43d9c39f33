import { clockFromSetting, type Clock } from '@duban/clock';
import { loadConfig } from '@duban/config';
import { createDataSource, ensureDatabase, migrateDown, migrateUp } from '@duban/db';
import type { DataSource } from 'typeorm';
import { markSupervisionOffices, seedOrgUnits, SUPERVISION_OFFICE_CODES } from './seed-org';
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
        console.log(
          `已写入 ${config.PGDATABASE}：单位 新建 ${units.create}、更新 ${units.update}、未变 ${units.unchanged}；用户 新建 ${users.created}、更新 ${users.updated}`,
        );
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
  const offices = await markSupervisionOffices(ds, SUPERVISION_OFFICE_CODES, clock);
  const users = await seedUsers(ds, { password });
  const { create, update, unchanged } = result.summary;
  return { units: { create, update, unchanged }, supervisionOffices: offices, users };
}
