import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { type AuthUser, CurrentUser } from '../auth/auth-user';
import { Public, Roles } from '../common/access';
import { PublishRulesDto } from './dto/publish-rules.dto';
import { CatalogVersionDto, RuleDto } from './dto/rule.dto';
import { RulesQueryDto } from './dto/rules-query.dto';
import { RulesService } from './rules.service';

@ApiTags('rules')
@Controller('rules')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  /** The rule catalog insurers are checked against; the version served is in the `X-Catalog-Version` header. */
  @Public()
  @Get()
  @ApiOkResponse({ type: [RuleDto], description: '规则目录 / the rule catalog (header X-Catalog-Version)' })
  @ApiNotFoundResponse({ description: '版本不存在 / no such version' })
  async list(@Query() q: RulesQueryDto, @Res({ passthrough: true }) res: Response): Promise<RuleDto[]> {
    const { version, rules } = await this.rules.list(q.version);
    res.setHeader('X-Catalog-Version', String(version));
    return rules;
  }

  @Public()
  @Get('versions')
  @ApiOkResponse({
    type: [CatalogVersionDto],
    description: '已发布版本，最新在前 / published versions, newest first',
  })
  versions(): Promise<CatalogVersionDto[]> {
    return this.rules.versions();
  }

  @Roles('regulator_admin')
  @ApiBearerAuth()
  @Post('versions')
  @HttpCode(201)
  @ApiCreatedResponse({ type: CatalogVersionDto })
  @ApiBadRequestResponse({ description: '覆盖无效（列出每个问题） / invalid overrides, each problem listed' })
  publish(@CurrentUser() user: AuthUser, @Body() dto: PublishRulesDto): Promise<CatalogVersionDto> {
    return this.rules.publish(user, dto);
  }
}
