import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { type AuthUser, isInsurer } from '../auth/auth-user';
import { hashPassword, passwordProblem } from '../auth/passwords';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { type Actor, TenantDb } from '../database/tenant-db.service';
import type { OrgDto } from '../orgs/dto/create-org.dto';
import type { CreateUserDto, UserDto } from './dto/create-user.dto';
import type { Role } from './user.entity';

interface UserRow {
  id: string;
  username: string;
  role: Role;
  org_code: string | null;
  created_at: Date;
}
const toDto = (r: UserRow): UserDto => ({
  id: r.id,
  username: r.username,
  role: r.role,
  orgCode: r.org_code,
  createdAt: r.created_at.toISOString(),
});
const INSURER_ROLE = (role: Role) => role === 'insurer_submitter' || role === 'insurer_approver';

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A real deployment's first account: ADMIN_USERNAME / ADMIN_PASSWORD, only while no regulator admin exists. */
  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_USERNAME: username, ADMIN_PASSWORD: password } = this.config;
    if (!username || !password) return;
    const created = await this.db.run('system', async (em) => {
      await em.query('SELECT pg_advisory_xact_lock(7341003)'); // several processes may start at once
      const [{ n }]: { n: string }[] = await em.query(
        `SELECT count(*) AS n FROM app_user WHERE role = 'regulator_admin'`,
      );
      if (Number(n) > 0) return false;
      const [row]: { id: string }[] = await em.query(
        `INSERT INTO app_user (username, password_hash, role) VALUES ($1, $2, 'regulator_admin') RETURNING id`,
        [username, await hashPassword(password)],
      );
      await this.audit.append(em, 'system', {
        action: 'user.bootstrap_admin',
        objectType: 'user',
        objectId: row.id,
        detail: { username },
      });
      return true;
    });
    if (created) this.logger.log(`created the first regulator admin '${username}'`);
  }

  async create(actor: Actor, dto: CreateUserDto): Promise<UserDto> {
    const problem = passwordProblem(dto.password, this.config.DEMO_MODE, dto.username);
    if (problem) throw new BadRequestException(problem);
    if (INSURER_ROLE(dto.role) && !dto.orgCode) {
      throw new BadRequestException('保险公司角色须指定所属机构 orgCode / Insurer roles need an orgCode');
    }
    if (!INSURER_ROLE(dto.role) && dto.orgCode) {
      throw new BadRequestException(
        '只有保险公司角色属于机构，请勿指定 orgCode / Only insurer roles belong to an organisation',
      );
    }
    const passwordHash = await hashPassword(dto.password);
    return this.db.run(actor, async (em) => {
      if (dto.orgCode) {
        const org: unknown[] = await em.query('SELECT 1 FROM organisation WHERE code = $1', [dto.orgCode]);
        if (!org.length)
          throw new BadRequestException(
            `机构 ${dto.orgCode} 不存在 / Organisation ${dto.orgCode} does not exist`,
          );
      }
      const rows: UserRow[] = await em.query(
        `INSERT INTO app_user (username, password_hash, role, org_code) VALUES ($1, $2, $3, $4)
         ON CONFLICT (username) DO NOTHING RETURNING id, username, role, org_code, created_at`,
        [dto.username, passwordHash, dto.role, dto.orgCode ?? null],
      );
      if (!rows.length)
        throw new ConflictException(
          `用户名 ${dto.username} 已存在 / Username ${dto.username} already exists`,
        );
      await this.audit.append(em, actor, {
        action: 'user.create',
        objectType: 'user',
        objectId: rows[0].id,
        orgCode: dto.orgCode ?? null,
        detail: { username: dto.username, role: dto.role },
      });
      return toDto(rows[0]);
    });
  }

  /** Regulators list every user; an insurer's approver lists the users of its own organisation (RLS). */
  list(actor: AuthUser): Promise<UserDto[]> {
    return this.db.run(actor, async (em) => {
      const rows: UserRow[] = await em.query(
        `SELECT id, username, role, org_code, created_at FROM app_user
          WHERE ($1::char(18) IS NULL OR org_code = $1) AND disabled_at IS NULL ORDER BY org_code NULLS FIRST, username`,
        [isInsurer(actor) ? actor.orgCode : null],
      );
      return rows.map(toDto);
    });
  }

  async describe(user: AuthUser): Promise<{ user: Omit<AuthUser, 'id'>; organisation: OrgDto | null }> {
    const organisation = user.orgCode
      ? await this.db.run(user, async (em) => {
          const rows: { code: string; name: string; org_group: 'life' | 'property'; founded_on: string }[] =
            await em.query(
              `SELECT code, name, org_group, to_char(founded_on, 'YYYY-MM-DD') AS founded_on FROM organisation WHERE code = $1`,
              [user.orgCode],
            );
          return rows[0]
            ? {
                code: rows[0].code,
                name: rows[0].name,
                group: rows[0].org_group,
                foundedOn: rows[0].founded_on,
              }
            : null;
        })
      : null;
    return { user: { username: user.username, role: user.role, orgCode: user.orgCode }, organisation };
  }
}
