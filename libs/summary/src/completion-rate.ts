/* eslint-disable @typescript-eslint/consistent-type-imports -- Nest resolves constructor parameters from emitted type metadata: these imports must stay values */
import { Injectable } from '@nestjs/common';
import { RollupService } from '@duban/rollups';

export interface SummaryFigures {
  /** approved ÷ (all − cancelled), the roll-up's */
  completionRate: number;
  onTimeRate: number | null;
  overdue: number;
}

/**
 * The plan's figures the summary quotes (完成率X%, 按期完成率, 逾期): the roll-up's own, over every
 * assignment (the summary is the bureau's document), so the summary and the overview never disagree.
 */
@Injectable()
export class SummaryCompletionRate {
  constructor(private readonly rollups: RollupService) {}

  async figures(planId: string): Promise<SummaryFigures> {
    const f = await this.rollups.planFigures(planId, 'all');
    return { completionRate: f.completionRate, onTimeRate: f.onTimeRate, overdue: f.overdue };
  }
}
