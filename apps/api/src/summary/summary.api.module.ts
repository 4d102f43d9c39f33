import { Module } from '@nestjs/common';
import { SummaryModule } from '@duban/summary';
import { SummaryController } from './summary.controller';

/** The year-end summary downloads and the summary ↔ plan reconciliation. */
@Module({ imports: [SummaryModule], controllers: [SummaryController] })
export class SummaryApiModule {}
