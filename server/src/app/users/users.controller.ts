import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../auth/auth-user';
import { Roles } from '../common/access';
import { CreateUserDto, type UserDto } from './dto/create-user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Roles('regulator_admin')
  @Post('admin/users')
  @ApiConflictResponse({ description: '用户名已存在 / username exists' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(user, dto);
  }

  @Roles('regulator_admin')
  @Get('admin/users')
  list(@CurrentUser() user: AuthUser): Promise<UserDto[]> {
    return this.users.list(user);
  }

  /** An insurer's own colleagues (the "my organisation" page). */
  @Roles('insurer_submitter', 'insurer_approver')
  @Get('my-org/users')
  colleagues(@CurrentUser() user: AuthUser): Promise<UserDto[]> {
    return this.users.list(user);
  }
}
