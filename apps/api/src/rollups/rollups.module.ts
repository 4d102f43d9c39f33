import { Module } from '@nestjs/common';
import { RollupsModule as RollupsLib } from '@duban/rollups';
import { RollupsController } from './rollups.controller';

/** Leaders' figures: overview, roll-ups, drill-down, ranking, red list, matrix, trend. */
@Module({ imports: [RollupsLib], controllers: [RollupsController] })
export class RollupsApiModule {}
