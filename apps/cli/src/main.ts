import 'reflect-metadata';
import { parseArgs } from './args';
import { CliError } from './cli-error';
import { db } from './commands/db.command';
import { demo } from './commands/demo.command';
import { planParse } from './commands/plan-parse.command';
import { reminders } from './commands/reminders.command';
import { rollups } from './commands/rollups.command';

const USAGE = `Duban 督办 command line
  plan parse <file> [--json | --format md]   解析工作要点文件
  db create | db migrate | db revert [--all] 数据库迁移
  demo [--port 3000] [--no-serve] [--wall-clock]   演示：示例区县从导入到年度总结（默认时钟 2021-06-21）
  reminders preview --from D --to D [--plan ID] [--json]   预览提醒（不发送）
  reminders simulate --from D --to D [--plan ID]           按工作日模拟并真实发送（非生产环境）
  rollups snapshot [--date YYYY-MM-DD]        汇总周快照（每周一 00:30 由 worker 自动生成）`;

async function main(argv: string[]): Promise<void> {
  const { words, flags } = parseArgs(argv);
  const [group, action, ...rest] = words;
  if (group === 'plan' && action === 'parse') {
    const format = flags.get('json') ? 'json' : String(flags.get('format') ?? 'md');
    return planParse(rest[0], format);
  }
  if (group === 'db') return db(action, flags.has('all'));
  if (group === 'reminders') return reminders(action, flags);
  if (group === 'rollups') return rollups(action, flags.has('date') ? String(flags.get('date')) : undefined);
  if (group === 'demo')
    return demo({ port: Number(flags.get('port') ?? 0) || undefined, serve: !flags.has('no-serve'), wallClock: flags.has('wall-clock') });
  throw new CliError(USAGE);
}

main(process.argv.slice(2)).then(
  () => undefined,
  (e: Error) => {
    process.stderr.write(`${e instanceof CliError ? e.message : `错误 error: ${e.message}`}\n`);
    process.exit(e instanceof CliError ? 2 : 1);
  },
);
