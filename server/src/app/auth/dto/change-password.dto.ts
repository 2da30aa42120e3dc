import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class ChangePasswordDto {
  @ApiProperty({ format: 'password', description: '当前密码 / the current password' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  currentPassword!: string;

  @ApiProperty({
    format: 'password',
    description: '新密码：至少12个字符，不能是常见密码 / new password: 12+ characters, not a common one',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  newPassword!: string;
}
