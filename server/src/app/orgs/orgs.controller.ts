import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../auth/auth-user';
import { ALL_ROLES, Roles } from '../common/access';
import { CreateOrgDto, type OrgDto } from './dto/create-org.dto';
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
}
