import { AdjustableClock } from '@duban/clock';
import { sessions, type DemoStep } from '../context';

/**
 * Work takes months: when the demo replays the sample year on its own clock, time moves from the
 * day the plans were assigned to the day work is reported (ctx.replayTo). Sessions are opened again,
 * since tokens issued months earlier have expired.
 */
export const advanceClock: DemoStep = {
  title: '时间推进',
  async run(ctx) {
    if (!ctx.replayTo || !(ctx.clock instanceof AdjustableClock)) return ctx.report.line(`按当前时钟继续（今天 ${ctx.clock.today()}）`);
    const from = ctx.clock.today();
    ctx.clock.set(new Date(ctx.replayTo));
    ctx.as = sessions(ctx.base, ctx.config.AUTH_DEMO_PASSWORD);
    ctx.report.line(`${from} 分派完毕，时间推进到 ${ctx.clock.today()}：各单位开始报送进展`);
  },
};
