import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { checkUscc } from '@portal/reporting-standard';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { TenantDb } from '../database/tenant-db.service';
import { updated } from '../submissions/typeorm-results';
import type { CreateOrgDto, OrgDto, SetJurisdictionDto } from './dto/create-org.dto';

const USCC_PROBLEM: Record<string, string> = {
  length: '长度应为18位 / must have 18 characters',
  charset:
    '含有不允许的字符（不使用 I、O、S、V、Z 及小写字母） / contains a character GB 32100 does not allow',
  division: '第3–8位应为行政区划代码 / characters 3–8 must be an administrative division code',
  orgCodeCheck: '组织机构代码校验位（第17位）错误 / the organisation-code check character (17th) is wrong',
  checkCharacter: '统一社会信用代码校验位（第18位）错误 / the check character (18th) is wrong',
};

interface OrgRow {
  code: string;
  name: string;
  org_group: 'life' | 'property';
  founded_on: string;
  jurisdiction: string | null;
}
const COLUMNS = `code, name, org_group, to_char(founded_on, 'YYYY-MM-DD') AS founded_on, jurisdiction`;
const toDto = (r: OrgRow): OrgDto => ({
  code: r.code,
  name: r.name,
  group: r.org_group,
  foundedOn: r.founded_on,
  jurisdiction: r.jurisdiction,
});

@Injectable()
export class OrgsService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<OrgDto[]> {
    return this.db.run('system', async (em) => {
      const rows: OrgRow[] = await em.query(`SELECT ${COLUMNS} FROM organisation ORDER BY org_group, name`);
      return rows.map(toDto);
    });
  }

  async create(actor: AuthUser, dto: CreateOrgDto): Promise<OrgDto> {
    const check = checkUscc(dto.code);
    if (!check.valid) {
      throw new BadRequestException(
        `统一社会信用代码无效 / Invalid unified social credit code: ${USCC_PROBLEM[check.problem ?? 'length']}`,
      );
    }
    return this.db.run(actor, async (em) => {
      const inserted: OrgRow[] = await em.query(
        `INSERT INTO organisation (code, name, org_group, founded_on, jurisdiction) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (code) DO NOTHING
         RETURNING ${COLUMNS}`,
        [dto.code, dto.name.trim(), dto.group, dto.foundedOn, dto.jurisdiction ?? null],
      );
      if (!inserted.length)
        throw new ConflictException(`机构代码已存在 / Organisation ${dto.code} already exists`);
      await this.audit.append(em, actor, {
        action: 'org.create',
        objectType: 'organisation',
        objectId: dto.code,
        orgCode: dto.code,
        detail: {
          name: dto.name.trim(),
          group: dto.group,
          foundedOn: dto.foundedOn,
          jurisdiction: dto.jurisdiction ?? null,
        },
      });
      return toDto(inserted[0]);
    });
  }

  /**
   * Sets (or clears) an insurer's jurisdiction: which local rule pack applies to the submissions it uploads
   * from now on (submissions already checked keep the pack recorded with them).
   */
  async setJurisdiction(actor: AuthUser, code: string, dto: SetJurisdictionDto): Promise<OrgDto> {
    return this.db.run(actor, async (em) => {
      const before: { jurisdiction: string | null }[] = await em.query(
        'SELECT jurisdiction FROM organisation WHERE code = $1 FOR UPDATE',
        [code],
      );
      if (!before.length) throw new NotFoundException(`机构不存在 / Organisation ${code} not found`);
      const [row] = updated<OrgRow>(
        await em.query(`UPDATE organisation SET jurisdiction = $2 WHERE code = $1 RETURNING ${COLUMNS}`, [
          code,
          dto.jurisdiction,
        ]),
      );
      await this.audit.append(em, actor, {
        action: 'org.jurisdiction',
        objectType: 'organisation',
        objectId: code,
        orgCode: code,
        detail: { from: before[0].jurisdiction, to: dto.jurisdiction },
      });
      return toDto(row);
    });
  }
}
