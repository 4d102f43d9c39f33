import { Injectable } from '@nestjs/common';
import type { Actor } from '@duban/assignment-workflow';
import type { AssignmentState } from '@duban/db';
import type { EntityManager } from 'typeorm';
import type { ChangeAction } from './assignment-state-machine';

/** One assignment's change, as every hook sees it. */
export interface AssignmentChange {
  assignmentId: string;
  taskId: string;
  unitId: string;
  action: ChangeAction;
  actor: Actor;
  from: { state: AssignmentState; dueDate: string; version: number };
  to: { state: AssignmentState; dueDate: string; version: number };
  reason: string | null;
}

/**
 * Runs inside the change's transaction, after the row and its audit row are written: a hook that
 * throws rolls the change back. Reminder rescheduling and roll-up events plug in here (write an
 * outbox row or enqueue after commit); nothing is registered yet.
 */
export type TransitionHook = (m: EntityManager, change: AssignmentChange) => Promise<void> | void;

/** The registry of transition hooks (vendure's `onTransitionEnd`): every change passes every hook. */
@Injectable()
export class TransitionHooks {
  private readonly hooks: TransitionHook[] = [];

  /** Adds a hook; returns a function that removes it again. */
  register(hook: TransitionHook): () => void {
    this.hooks.push(hook);
    return () => {
      const i = this.hooks.indexOf(hook);
      if (i >= 0) this.hooks.splice(i, 1);
    };
  }

  async run(m: EntityManager, change: AssignmentChange): Promise<void> {
    for (const hook of this.hooks) await hook(m, change);
  }
}
