import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ALL_ROLES, Public, Roles } from '../common/access';
import { UsersService } from '../users/users.service';
import { type AuthUser, CurrentUser } from './auth-user';
import { AuthService, type LoginResult } from './auth.service';
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
}
