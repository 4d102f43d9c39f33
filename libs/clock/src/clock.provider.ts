import type { Provider } from '@nestjs/common';
import { Clock, clockFromSetting } from './clock';

/** Binds `Clock` (inject it by its class) to the process's clock, from the `DUBAN_CLOCK` setting. */
export function clockProvider(setting: string | undefined): Provider {
  return { provide: Clock, useValue: clockFromSetting(setting) };
}
