import { assertDate } from '@duban/calendar';
import { clockFromSetting } from '@duban/clock';
import { loadConfig } from '@duban/config';
import { createDataSource } from '@duban/db';
import { CalendarProvider, RollupService, SnapshotService } from '@duban/rollups';
import { CliError } from '../cli-error';

const USAGE = '用法 usage: rollups snapshot [--date YYYY-MM-DD]';

/** `rollups snapshot [--date D]`: the weekly snapshot by hand (the worker takes it Monday 00:30); idempotent per week and plan. */
export async function rollups(action: string | undefined, date: string | undefined): Promise<void> {
  if (action !== 'snapshot') throw new CliError(USAGE);
  if (date !== undefined) {
    try {
      assertDate(date);
    } catch {
      throw new CliError(`日期格式应为 YYYY-MM-DD：${date}\n${USAGE}`);
    }
  }
  const config = loadConfig();
  const ds = await createDataSource(config).initialize();
  try {
    const clock = clockFromSetting(config.DUBAN_CLOCK);
    const service = new SnapshotService(ds, clock, new RollupService(ds, clock, new CalendarProvider(), config));
    const result = await service.take(date);
    console.log(`周快照 snapshot week ${result.week} (as of ${result.asOf})`);
    for (const p of result.plans) {
      console.log(`  ${p.title}: ${p.skipped ? '本周已有快照，未改动 already taken, unchanged' : `写入 ${p.rows} 行 rows written`}`);
    }
  } finally {
    await ds.destroy();
  }
}
