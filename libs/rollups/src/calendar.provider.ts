import { Injectable } from '@nestjs/common';
import { WorkingCalendar } from '@duban/calendar';

/**
 * The one place roll-ups (and anything else judging lights) get their working-day calendar from.
 * Today: China's national schedule with no bureau overrides. When the `calendar_overrides` table
 * lands, only `current()` changes (read the overrides, cache them) and every caller follows.
 */
@Injectable()
export class CalendarProvider {
  private readonly calendar = new WorkingCalendar([]);

  current(): Promise<WorkingCalendar> {
    return Promise.resolve(this.calendar);
  }
}
