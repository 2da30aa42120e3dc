import { BadRequestException, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, isInsurer, isRegulator } from '../auth/auth-user';
import { ALL_ROLES, Roles } from '../common/access';
import { DeadlineSweepService } from './deadline-sweep.service';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly sweep: DeadlineSweepService,
  ) {}

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: "The caller's notifications, newest first, with the number unread" })
  @ApiQuery({ name: 'unread', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'limit', required: false, example: 50 })
  async list(
    @CurrentUser() user: AuthUser,
    @Query('unread') unread?: string,
    @Query('limit') limit?: string,
  ) {
    if (unread !== undefined && unread !== 'true' && unread !== 'false') {
      throw new BadRequestException('unread 须为 true 或 false / unread must be true or false');
    }
    if (limit !== undefined && !/^\d{1,3}$/.test(limit)) {
      throw new BadRequestException('limit 须为 1–200 的整数 / limit must be an integer from 1 to 200');
    }
    // Reminders are derived from deadlines: bring the caller's own up to date before answering.
    if (isInsurer(user) && user.orgCode) await this.sweep.sweep({ orgCode: user.orgCode });
    else if (isRegulator(user)) await this.sweep.sweep({ regulators: true });
    return this.notifications.list(user, {
      unreadOnly: unread === 'true',
      limit: limit === undefined ? undefined : Number(limit),
    });
  }

  @Post(':id/read')
  @HttpCode(200)
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'Marks one notification read for the caller' })
  read(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.notifications.markRead(user, id);
  }
}
