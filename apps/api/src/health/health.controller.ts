import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { Public } from '../auth/decorators';
import { InjectRedis } from '../common/redis.provider';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRedis() private readonly redis: Redis,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: '健康检查：数据库与 Redis' })
  async health(@Res() reply: FastifyReply): Promise<void> {
    const [database, redis] = await Promise.all([
      this.db.query('select 1').then(
        () => 'ok',
        (e: Error) => `down: ${e.message}`,
      ),
      this.redis.ping().then(
        () => 'ok',
        (e: Error) => `down: ${e.message}`,
      ),
    ]);
    const ok = database === 'ok' && redis === 'ok';
    void reply.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).send({ status: ok ? 'ok' : 'degraded', database, redis });
  }
}
