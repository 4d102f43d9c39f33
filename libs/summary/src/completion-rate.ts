import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { planCompletionRate } from './summary-loader';

/**
 * The plan's completion rate the summary quotes as 完成率X%: the roll-up's figure, so the summary
 * and the leaders' overview never disagree.
 */
@Injectable()
export class SummaryCompletionRate {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async completionRate(planId: string): Promise<number> {
    return planCompletionRate(this.db.manager, planId);
  }
}
