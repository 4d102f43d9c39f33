import { ValidateBy, type ValidationArguments } from 'class-validator';
import { parseClockSetting } from './clock';

const inProduction = (args?: ValidationArguments) => (args?.object as { NODE_ENV?: string }).NODE_ENV === 'production';

/** For the `DUBAN_CLOCK` setting: a real ISO timestamp with an offset, and never with NODE_ENV=production. */
export function IsClockSetting(): PropertyDecorator {
  return ValidateBy({
    name: 'isClockSetting',
    validator: {
      validate: (value: unknown, args) => typeof value === 'string' && parseClockSetting(value) !== null && !inProduction(args),
      defaultMessage: (args) =>
        inProduction(args)
          ? '生产环境（NODE_ENV=production）不得设置 DUBAN_CLOCK / refused in production'
          : '须为带时区的 ISO 时间，如 2021-03-01T09:00:00+08:00 / must be an ISO timestamp with an offset',
    },
  });
}
