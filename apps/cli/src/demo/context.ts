import type { INestApplication } from '@nestjs/common';
import type { Clock } from '@duban/clock';
import type { AppConfig } from '@duban/config';
import type { DataSource } from 'typeorm';
import { DemoClient } from './demo-client';
import type { DemoReport } from './report';

/** A plan the demo imported in this run. */
export interface DemoPlan {
  planId: string;
  file: string;
  title: string;
}

/** What every demo step gets: the running API, its database and clock, the report, signed-in people. */
export interface DemoContext {
  config: AppConfig;
  app: INestApplication;
  base: string;
  db: DataSource;
  clock: Clock;
  report: DemoReport;
  /** plans imported in this run (empty when every sample plan was imported before) */
  plans: DemoPlan[];
  outDir: string;
  repo: string;
  /** a signed-in client for a seeded user, one session per user (renewed when the clock jumps) */
  as(username: string): Promise<DemoClient>;
  /** when the demo replays the sample year on its own clock: the instant work resumes after assigning */
  replayTo?: string;
}

/** One step of the demo: a heading and what it does. A new step is one file and one entry in DEMO_STEPS. */
export interface DemoStep {
  title: string;
  run(ctx: DemoContext): Promise<void>;
}

export function sessions(base: string, password: string): (username: string) => Promise<DemoClient> {
  const open = new Map<string, Promise<DemoClient>>();
  return (username) => {
    if (!open.has(username)) open.set(username, DemoClient.signIn(base, username, password));
    return open.get(username) as Promise<DemoClient>;
  };
}

/** The username of a department's first active head (the person who assigns its tasks). */
export async function headOf(db: DataSource, unitId: string): Promise<string | null> {
  const [row] = await db.query(
    `SELECT u.username FROM user_units uu JOIN users u ON u.id = uu.user_id
      WHERE uu.unit_id = $1 AND uu.role = 'department_head' AND u.is_active ORDER BY u.username LIMIT 1`,
    [unitId],
  );
  return (row?.username as string | undefined) ?? null;
}
