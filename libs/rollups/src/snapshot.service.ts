import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { memberUnitIds, rollupSeesAll, type RollupScope } from '@duban/access';
import { addCalendarDays, assertDate } from '@duban/calendar';
import { Clock } from '@duban/clock';
import { RollupService } from './rollup.service';
import type { Figures } from './rollup.types';

export type SnapshotBy = 'plan' | 'section' | 'unit';
export const SNAPSHOT_BYS: readonly SnapshotBy[] = ['plan', 'section', 'unit'];

export interface SnapshotResult {
  week: string;
  asOf: string;
  plans: { planId: string; title: string; rows: number; skipped: boolean }[];
}

export interface TrendPoint {
  week: string;
  asOf: string;
  key: string;
  label: string;
  assignments: number;
  byState: Record<string, number>;
  completionRate: number;
  onTimeRate: number | null;
  overdue: number;
  avgProgress: number | null;
  light: string;
  takenAt: string;
}

/** The Monday (China date) of the week a date falls in. */
export function mondayOf(date: string): string {
  assertDate(date);
  const isoDow = ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  return addCalendarDays(date, 1 - isoDow);
}

/**
 * Weekly snapshots of the roll-ups (per plan, section and unit), for trends. A snapshot is written
 * once per (week, plan) and never changed: a second run for the same week skips the plan (and a
 * race between two runs is settled by the unique key), the table refuses UPDATE and DELETE, and
 * the app's role may only INSERT and SELECT it.
 */
@Injectable()
export class SnapshotService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly rollups: RollupService,
  ) {}

  /** Snapshots every confirmed, live plan as of `date` (China date; default today). */
  async take(date?: string): Promise<SnapshotResult> {
    const asOf = date ?? this.clock.today();
    const week = mondayOf(asOf);
    const plans = await this.db.query<{ id: string; title: string }[]>(
      `SELECT id, title FROM plans WHERE status = 'confirmed' AND archived_at IS NULL ORDER BY created_at, id`,
    );
    const out: SnapshotResult = { week, asOf, plans: [] };
    for (const plan of plans) {
      const [done] = await this.db.query(`SELECT 1 FROM rollup_snapshots WHERE week = $1 AND plan_id = $2 LIMIT 1`, [week, plan.id]);
      if (done) {
        out.plans.push({ planId: plan.id, title: plan.title, rows: 0, skipped: true });
        continue;
      }
      const rows: { by: SnapshotBy; key: string; label: string; f: Figures }[] = [];
      for (const by of SNAPSHOT_BYS) {
        const r = await this.rollups.planRollup(plan.id, by, 'all', { today: asOf });
        for (const row of r.rows) rows.push({ by, key: row.key, label: row.label, f: row });
      }
      const takenAt = this.clock.now();
      const inserted = await this.db.transaction(async (m) => {
        const res = await m.query(
          `INSERT INTO rollup_snapshots (week, as_of, plan_id, by, key, label, assignments, by_state, approved, on_time, overdue,
                                         completion_rate, on_time_rate, avg_progress, light, taken_at)
           SELECT $1, $2, $3, x.by, x.key, x.label, x.assignments, x.by_state, x.approved, x.on_time, x.overdue,
                  x.completion_rate, x.on_time_rate, x.avg_progress, x.light, $4
             FROM jsonb_to_recordset($5::jsonb) AS x(by text, key text, label text, assignments int, by_state jsonb, approved int,
                  on_time int, overdue int, completion_rate float8, on_time_rate float8, avg_progress float8, light text)
           ON CONFLICT (week, plan_id, by, key) DO NOTHING
           RETURNING 1`,
          [
            week,
            asOf,
            plan.id,
            takenAt,
            JSON.stringify(
              rows.map((r) => ({
                by: r.by,
                key: r.key,
                label: r.label,
                assignments: r.f.assignments,
                by_state: r.f.byState,
                approved: r.f.approved,
                on_time: r.f.onTime,
                overdue: r.f.overdue,
                completion_rate: r.f.completionRate,
                on_time_rate: r.f.onTimeRate,
                avg_progress: r.f.avgProgress,
                light: r.f.light,
              })),
            ),
          ],
        );
        return (res as unknown[]).length;
      });
      out.plans.push({ planId: plan.id, title: plan.title, rows: inserted, skipped: inserted === 0 });
    }
    return out;
  }

  /**
   * A plan's weekly figures in order. Leaders and admins read every grouping; others read only
   * their own units' rows (snapshots are taken for the whole bureau, so plan and section rows
   * would show more than their scope).
   */
  async trend(
    planId: string,
    by: SnapshotBy,
    key: string | undefined,
    scope: RollupScope,
  ): Promise<{ planId: string; by: SnapshotBy; points: TrendPoint[] }> {
    await this.rollups.plan(planId, scope);
    const params: unknown[] = [planId, by];
    let where = `plan_id = $1 AND by = $2`;
    if (key) {
      params.push(key);
      where += ` AND key = $${params.length}`;
    }
    if (!rollupSeesAll(scope)) {
      if (by !== 'unit') return { planId, by, points: [] };
      params.push(memberUnitIds(scope as Exclude<RollupScope, 'all'>));
      where += ` AND key = ANY($${params.length}::text[])`;
    }
    const rows = await this.db.query<Record<string, unknown>[]>(
      `SELECT week::text, as_of::text, key, label, assignments, by_state, completion_rate, on_time_rate, overdue, avg_progress, light, taken_at
         FROM rollup_snapshots WHERE ${where} ORDER BY key, week`,
      params,
    );
    return {
      planId,
      by,
      points: rows.map((r) => ({
        week: r.week as string,
        asOf: r.as_of as string,
        key: r.key as string,
        label: r.label as string,
        assignments: r.assignments as number,
        byState: r.by_state as Record<string, number>,
        completionRate: r.completion_rate as number,
        onTimeRate: r.on_time_rate as number | null,
        overdue: r.overdue as number,
        avgProgress: r.avg_progress as number | null,
        light: r.light as string,
        takenAt: (r.taken_at as Date).toISOString(),
      })),
    };
  }
}
