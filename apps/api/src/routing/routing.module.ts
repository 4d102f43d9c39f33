import { Module } from '@nestjs/common';
import { WorkModule } from '@duban/work';
import { RoutingController } from './routing.controller';

/** The supervision office's routing of a plan's points to lead departments (`plans:route`). */
@Module({ imports: [WorkModule], controllers: [RoutingController] })
export class RoutingModule {}
