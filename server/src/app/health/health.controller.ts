import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../common/access';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  /** 200 only when the database answers. */
  @Public()
  @Get()
  @ApiOkResponse({ description: '服务与数据库正常 / service and database are up' })
  @ApiServiceUnavailableResponse({ description: '数据库不可用 / database unavailable' })
  async health(): Promise<{ status: 'ok'; database: 'up' }> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new ServiceUnavailableException('数据库不可用 / Database unavailable');
    }
    return { status: 'ok', database: 'up' };
  }
}
