import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ALL_ROLES, Public, Roles } from '../common/access';
import { UsersService } from '../users/users.service';
import { type AuthUser, CurrentUser } from './auth-user';
import { AuthService, type LoginResult } from './auth.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOkResponse({ description: '{accessToken, expiresIn, user:{username, role, orgCode}}' })
  @ApiUnauthorizedResponse({ description: '用户名或密码错误 / wrong credentials' })
  @ApiTooManyRequestsResponse({
    description: '失败次数过多 / too many failures for that username or address',
  })
  login(@Body() dto: LoginDto, @Ip() address: string): Promise<LoginResult> {
    return this.auth.login(dto.username, dto.password, address);
  }

  /** The signed-in user and, for insurers, their organisation. */
  @Roles(...ALL_ROLES)
  @Get('me')
  @ApiBearerAuth()
  me(@CurrentUser() user: AuthUser) {
    return this.users.describe(user);
  }

  /** Changes the caller's password; every other token of the user is revoked, the answer holds a new one. */
  @Roles(...ALL_ROLES)
  @Post('me/password')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({
    description: '{accessToken, expiresIn, user}: a new token; every earlier token is revoked',
  })
  @ApiBadRequestResponse({
    description: '当前密码不正确或新密码不符合规则 / wrong current or unacceptable new password',
  })
  @ApiTooManyRequestsResponse({ description: '失败次数过多 / too many failures' })
  changePassword(
    @CurrentUser() user: AuthUser,
    @Body() dto: ChangePasswordDto,
    @Ip() address: string,
  ): Promise<LoginResult> {
    return this.auth.changePassword(user, dto.currentPassword, dto.newPassword, address);
  }

  /** Signs out everywhere: this and every other token of the user is refused from now on. */
  @Roles(...ALL_ROLES)
  @Post('auth/logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: '已退出 / signed out (all of the user’s tokens revoked)' })
  logout(@CurrentUser() user: AuthUser): Promise<void> {
    return this.auth.logout(user);
  }
}
