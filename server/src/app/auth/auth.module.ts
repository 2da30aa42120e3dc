import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { OrgsController } from '../orgs/orgs.controller';
import { OrgsService } from '../orgs/orgs.service';
import { UsersController } from '../users/users.controller';
import { UsersService } from '../users/users.service';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginThrottleService } from './login-throttle.service';

/** Identity: sign-in, the access guard (global, deny by default), users and organisations. */
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, not the string: given a string, jsonwebtoken first tries (and fails) to parse it as a
        // PEM public key on every verification — a third of the server's CPU per request under load.
        secret: createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8')),
        signOptions: { algorithm: 'HS256', expiresIn: config.ACCESS_TOKEN_TTL_SECONDS },
      }),
    }),
  ],
  controllers: [AuthController, UsersController, OrgsController],
  providers: [
    AuthService,
    LoginThrottleService,
    UsersService,
    OrgsService,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [UsersService, OrgsService],
})
export class AuthModule {}
