import { Injectable } from '@nestjs/common';
import { WorkingCalendar, type CalendarOverride } from '@duban/calendar';
import type { EntityManager } from 'typeorm';

/** The working calendar with the bureau's overrides from `calendar_overrides`, read in the caller's transaction. */
@Injectable()
export class ReminderCalendar {
  async load(m: EntityManager): Promise<WorkingCalendar> {
    const rows: { date: string; kind: CalendarOverride['kind']; reason: string }[] = await m.query(
      `select to_char(date, 'YYYY-MM-DD') as date, kind, reason from calendar_overrides`,
    );
    return new WorkingCalendar(rows);
  }
}
