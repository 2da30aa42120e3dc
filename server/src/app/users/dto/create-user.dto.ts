import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '../user.entity';

export class CreateUserDto {
  @ApiProperty({ example: 'life-submitter' })
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{3,64}$/, {
    message: '用户名为3–64位字母、数字或 . _ - / username: 3–64 letters, digits or . _ -',
  })
  username!: string;

  @ApiProperty({ format: 'password', description: '至少12个字符 / at least 12 characters' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES as unknown as string[], {
    message: `role 应为 ${ROLES.join(', ')} 之一 / role must be one of ${ROLES.join(', ')}`,
  })
  role!: Role;

  @ApiPropertyOptional({ description: '保险公司角色必填 / required for insurer roles' })
  @IsOptional()
  @IsString()
  @Length(18, 18)
  orgCode?: string;
}

export interface UserDto {
  id: string;
  username: string;
  role: Role;
  orgCode: string | null;
  createdAt: string;
}
