import { Body, Controller, Get, HttpCode, NotFoundException, Post, Query, Res } from '@nestjs/common';
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
import { INSURER_ROLES, Public, Roles } from '../common/access';
import { PublishRulesDto } from './dto/publish-rules.dto';
import { CatalogVersionDto, RuleDto } from './dto/rule.dto';
import { RulesQueryDto, RulesVersionQueryDto } from './dto/rules-query.dto';
import { RulesService } from './rules.service';

@ApiTags('rules')
@Controller('rules')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  /**
   * The rule catalog insurers are checked against: the national catalog, or with `jurisdiction` the effective
   * catalog of insurers there (its local pack applied). Headers: `X-Catalog-Version`, and
   * `X-Catalog-Jurisdiction` = the jurisdiction whose pack was applied, or `national`.
   */
  @Public()
  @Get()
  @ApiOkResponse({
    type: [RuleDto],
    description:
      '规则目录（响应头 X-Catalog-Version、X-Catalog-Jurisdiction） / the rule catalog (headers X-Catalog-Version, X-Catalog-Jurisdiction)',
  })
  @ApiNotFoundResponse({ description: '版本不存在 / no such version' })
  async list(@Query() q: RulesQueryDto, @Res({ passthrough: true }) res: Response): Promise<RuleDto[]> {
    return served(res, await this.rules.list(q.version, q.jurisdiction));
  }

  /** What the caller's organisation is checked against: the version in force with its jurisdiction's pack. */
  @Roles(...INSURER_ROLES)
  @ApiBearerAuth()
  @Get('effective')
  @ApiOkResponse({
    type: [RuleDto],
    description:
      "本机构适用的规则目录（全国目录叠加本机构辖区的地方规则包；响应头同上） / the catalog the caller's organisation is checked against (headers as above)",
  })
  @ApiNotFoundResponse({ description: '版本不存在 / no such version' })
  async effective(
    @CurrentUser() user: AuthUser,
    @Query() q: RulesVersionQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RuleDto[]> {
    if (!user.orgCode) throw new NotFoundException('账号未关联机构 / The account belongs to no organisation');
    return served(res, await this.rules.listForOrg(user.orgCode, q.version));
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

function served(
  res: Response,
  catalog: { version: number; jurisdiction: string | null; rules: RuleDto[] },
): RuleDto[] {
  res.setHeader('X-Catalog-Version', String(catalog.version));
  res.setHeader('X-Catalog-Jurisdiction', catalog.jurisdiction ?? 'national');
  return catalog.rules;
}
