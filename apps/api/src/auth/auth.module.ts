import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '@duban/config';
import { AuditModule } from '../audit/audit.module';
import { AccessTokenService, jwtOptionsFactory } from './access-token.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { AuthUserLoader } from './auth-user.loader';
import { DemoPasswordCheck } from './demo-password.check';
import { LoginThrottleService } from './login-throttle.service';
import { SessionService } from './session.service';

/** Sign-in and the global deny-by-default guard; exports what the users module reuses. */
@Module({
  imports: [AuditModule, JwtModule.registerAsync({ inject: [AppConfig], useFactory: jwtOptionsFactory })],
  controllers: [AuthController],
  providers: [
    AccessTokenService,
    AuthUserLoader,
    AuthService,
    SessionService,
    LoginThrottleService,
    DemoPasswordCheck,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, SessionService, AccessTokenService, LoginThrottleService],
})
export class AuthModule {}
