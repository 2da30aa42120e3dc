import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiTags,
} from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../auth/auth-user';
import { ALL_ROLES, Roles } from '../common/access';
import { CreateOrgDto, SetJurisdictionDto, type OrgDto } from './dto/create-org.dto';
import { OrgsService } from './orgs.service';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller()
export class OrgsController {
  constructor(private readonly orgs: OrgsService) {}

  @Roles(...ALL_ROLES)
  @Get('orgs')
  list(): Promise<OrgDto[]> {
    return this.orgs.list();
  }

  @Roles('regulator_admin')
  @Post('admin/orgs')
  @ApiBadRequestResponse({ description: '统一社会信用代码无效 / invalid unified social credit code' })
  @ApiConflictResponse({ description: '机构已存在 / code exists' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateOrgDto): Promise<OrgDto> {
    return this.orgs.create(user, dto);
  }

  /** Which local rule pack applies to an insurer: its jurisdiction (null = national rules only). */
  @Roles('regulator_admin')
  @Put('admin/orgs/:code/jurisdiction')
  @ApiBadRequestResponse({ description: '辖区代码无效 / invalid jurisdiction code' })
  @ApiNotFoundResponse({ description: '机构不存在 / no such organisation' })
  setJurisdiction(
    @CurrentUser() user: AuthUser,
    @Param('code') code: string,
    @Body() dto: SetJurisdictionDto,
  ): Promise<OrgDto> {
    return this.orgs.setJurisdiction(user, code, dto);
  }
}
