import {
  BadRequestException,
  ConflictException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { KINDS, maskPii, periodFromCode, type Kind } from '@portal/reporting-standard';
import { randomBytes, randomUUID } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { basename } from 'node:path';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { type AuthUser, isInsurer } from '../auth/auth-user';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { TenantDb } from '../database/tenant-db.service';
import { PeriodsService } from '../periods/periods.service';
import { RulesService } from '../rules/rules.service';
import type { ListSubmissionsQueryDto } from './dto/list-query.dto';
import {
  SUBMISSION_COLUMNS,
  toSubmissionDto,
  type SubmissionDto,
  type SubmissionRow,
} from './dto/submission.dto';
import type { SubmitDto, SubmitResultDto } from './dto/submit.dto';
import type { UploadResultDto } from './dto/upload.dto';
import { SubmissionQueue } from './submission-queue';
import { hashUpload, receiveUpload } from './upload-receiver';
import { updated } from './typeorm-results';
import { uploadPath } from './validation.worker';

/** Advisory-lock class serialising uploads and sign-offs of one (org, period, kind). */
const SERIES_LOCK = 7341301;
/** Advisory-lock class serialising the count of one organisation's uploads waiting for validation. */
const PENDING_LOCK = 7341310;
/** Retry-After of the 429 at the cap: a small file is checked within seconds, a large one within minutes. */
export const PENDING_RETRY_AFTER_SECONDS = 60;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const notFound = () => new NotFoundException('报送不存在 / Submission not found');

/**
 * 429: the organisation already has `UPLOAD_MAX_PENDING_PER_ORG` uploads waiting for validation (ASVS V12.1.3).
 * The controller sends `retryAfterSeconds` as the Retry-After header.
 */
export class TooManyPendingUploadsException extends HttpException {
  constructor(
    readonly pending: number,
    readonly retryAfterSeconds = PENDING_RETRY_AFTER_SECONDS,
  ) {
    super(
      {
        message: `本机构已有 ${pending} 个文件在等待校验，请等其完成后再上传 / Your organisation already has ${pending} files waiting for validation: upload again when they are done`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

interface SameUpload {
  id: string;
  status: string;
  version: number;
  late: boolean;
}

/** Today's date in China (dates of the standard are China dates). */
export function chinaToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Submissions (报送): upload (a new version, or the existing one for identical bytes), read, list, and
 * sign-off (submit). Insurers see only their own organisation's submissions — row-level security in the
 * database and an explicit organisation filter here; any other id answers 404, exactly like a missing one.
 */
@Injectable()
export class SubmissionsService {
  private readonly logger = new Logger('SubmissionsService');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly periods: PeriodsService,
    private readonly rules: RulesService,
    private readonly queue: SubmissionQueue,
  ) {}

  async upload(user: AuthUser, req: IncomingMessage): Promise<UploadResultDto> {
    const orgCode = user.orgCode;
    if (!orgCode) throw new BadRequestException('账号未关联机构 / The account belongs to no organisation');
    const cap = this.config.UPLOAD_MAX_PENDING_PER_ORG;
    // Before a byte of the body is stored. Decisive is the count under the organisation's lock below: requests
    // passing here together are sorted out there.
    const pending = await this.db.run(user, (em) => pendingCount(em, orgCode));
    if (pending >= cap) return this.uploadAtCap(user, orgCode, req, pending);
    const { fields, file } = await receiveUpload(req, {
      dir: this.config.UPLOAD_DIR,
      maxBytes: this.config.UPLOAD_MAX_BYTES,
    });
    try {
      const kind = checkKind(fields['kind']);
      const period = checkPeriod(fields['period']);
      const fileName = displayName(file.fileName);
      const id = randomUUID();
      const result = await this.db.run(user, async (em) => {
        // The organisation's lock first, before anything that may take the audit chain's lock (a period
        // created here is audited): one order of locks, no deadlock. Held until this transaction ends, so
        // concurrent uploads of the organisation (any period or kind) are counted one after the other.
        await em.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [PENDING_LOCK, orgCode]);
        await this.periods.ensurePeriod(period, em, user);
        await em.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
          SERIES_LOCK,
          `${orgCode}/${period}/${kind}`,
        ]);
        const same = await sameUpload(em, orgCode, period, kind, file.sha256);
        if (same) return { ...same, duplicate: true };
        // Identical bytes are never refused (they add nothing); a new version counts against the cap.
        const waiting = await pendingCount(em, orgCode);
        if (waiting >= cap) throw this.refuse(user, orgCode, waiting);
        const due = await this.periods.effectiveDeadline(period, kind, orgCode, em);
        const late = chinaToday() > due;
        const [{ next }]: { next: number }[] = await em.query(
          `SELECT coalesce(max(version), 0) + 1 AS next FROM submission WHERE org_code = $1 AND period_code = $2 AND kind = $3`,
          [orgCode, period, kind],
        );
        const catalogVersion = await this.rules.currentVersion(em);
        await em.query(
          `INSERT INTO submission (id, org_code, period_code, kind, version, status, sha256, file_name, file_bytes,
                                   catalog_version, late, created_by)
           VALUES ($1, $2, $3, $4, $5, 'validating', $6, $7, $8, $9, $10, $11)`,
          [
            id,
            orgCode,
            period,
            kind,
            next,
            file.sha256,
            fileName,
            file.bytes,
            catalogVersion,
            late,
            user.username,
          ],
        );
        await this.audit.append(em, user, {
          action: 'submission.upload',
          objectType: 'submission',
          objectId: id,
          orgCode,
          detail: {
            period,
            kind,
            version: next,
            sha256: file.sha256,
            fileBytes: file.bytes,
            fileName,
            late,
            due,
          },
        });
        // Inside the transaction: if the move fails, nothing was recorded.
        await rename(file.tempPath, uploadPath(this.config.UPLOAD_DIR, id));
        return { id, status: 'validating', version: next, late, duplicate: false };
      });
      if (result.duplicate) {
        await rm(file.tempPath, { force: true });
      } else {
        // A lost enqueue is repaired by the worker's sweep (the submission stays `validating` until then).
        await this.queue
          .enqueue(result.id)
          .catch((e: unknown) => this.logger.error(`enqueue ${result.id}: ${String(e)}`));
      }
      return {
        id: result.id,
        status: result.status as UploadResultDto['status'],
        version: result.version,
        duplicate: result.duplicate,
        late: result.late,
      };
    } catch (e) {
      await rm(file.tempPath, { force: true });
      throw e;
    }
  }

  /**
   * The organisation is at its cap: the body is read and hashed but stored nowhere. Identical bytes answer
   * with their existing submission (as always); anything else is refused with 429.
   */
  private async uploadAtCap(
    user: AuthUser,
    orgCode: string,
    req: IncomingMessage,
    pending: number,
  ): Promise<UploadResultDto> {
    const { fields, file } = await hashUpload(req, { maxBytes: this.config.UPLOAD_MAX_BYTES });
    const kind = checkKind(fields['kind']);
    const period = checkPeriod(fields['period']);
    const same = await this.db.run(user, (em) => sameUpload(em, orgCode, period, kind, file.sha256));
    if (!same) throw this.refuse(user, orgCode, pending);
    return {
      id: same.id,
      status: same.status as UploadResultDto['status'],
      version: same.version,
      duplicate: true,
      late: same.late,
    };
  }

  /** The 429 at the cap; logged, not audited (nothing changes). */
  private refuse(user: AuthUser, orgCode: string, pending: number): TooManyPendingUploadsException {
    this.logger.warn(
      `upload refused: ${orgCode} has ${pending} uploads waiting for validation (cap ${this.config.UPLOAD_MAX_PENDING_PER_ORG}), user ${user.username}`,
    );
    return new TooManyPendingUploadsException(pending);
  }

  async get(user: AuthUser, id: string): Promise<SubmissionDto> {
    return this.db.run(user, async (em) => toSubmissionDto(await this.findVisible(em, user, id)));
  }

  /** The submission if the caller may see it, else 404 (also for ids of other organisations). */
  async findVisible(
    em: EntityManager,
    user: AuthUser,
    id: string,
    forUpdate = false,
  ): Promise<SubmissionRow> {
    if (!UUID.test(id)) throw notFound();
    const own = isInsurer(user);
    const rows: SubmissionRow[] = await em.query(
      `SELECT ${SUBMISSION_COLUMNS} FROM submission WHERE id = $1 ${own ? 'AND org_code = $2' : ''} ${forUpdate ? 'FOR UPDATE' : ''}`,
      own ? [id, user.orgCode] : [id],
    );
    if (rows.length === 0) throw notFound();
    return rows[0];
  }

  async list(user: AuthUser, q: ListSubmissionsQueryDto): Promise<SubmissionDto[]> {
    const orgCode = isInsurer(user) ? user.orgCode : (q.orgCode ?? null);
    if (isInsurer(user) && q.orgCode && q.orgCode !== user.orgCode) return [];
    const pageSize = q.pageSize ?? 100;
    const offset = ((q.page ?? 1) - 1) * pageSize;
    return this.db.run(user, async (em) => {
      const rows: SubmissionRow[] = await em.query(
        `SELECT ${SUBMISSION_COLUMNS} FROM submission
          WHERE ($1::text IS NULL OR org_code = $1) AND ($2::text IS NULL OR period_code = $2)
            AND ($3::text IS NULL OR kind = $3)
          ORDER BY created_at DESC, version DESC
          LIMIT $4 OFFSET $5`,
        [orgCode, q.period ?? null, q.kind ?? null, pageSize, offset],
      );
      return rows.map(toSubmissionDto);
    });
  }

  /**
   * Sign-off by the insurer's approver: a `valid` version becomes `submitted` (with a receipt number) and the
   * previously submitted version of the same org/period/kind becomes `superseded`. 409 for any other status,
   * and for a version older than the one already submitted.
   */
  async submit(user: AuthUser, id: string, dto: SubmitDto): Promise<SubmitResultDto> {
    return this.db.run(user, async (em) => {
      const sub = await this.findVisible(em, user, id, true);
      await em.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
        SERIES_LOCK,
        `${sub.org_code}/${sub.period_code}/${sub.kind}`,
      ]);
      if (sub.status !== 'valid') {
        throw new ConflictException(
          `只有校验通过（valid）的报送可以提交，当前状态为 ${sub.status} / Only a valid submission can be submitted; this one is ${sub.status}`,
        );
      }
      const [current]: { id: string; version: number }[] = await em.query(
        `SELECT id, version FROM submission WHERE org_code = $1 AND period_code = $2 AND kind = $3 AND status = 'submitted'`,
        [sub.org_code, sub.period_code, sub.kind],
      );
      if (current && current.version > sub.version) {
        throw new ConflictException(
          `已提交更新的第 ${current.version} 版，不能再提交第 ${sub.version} 版 / Version ${current.version} is already submitted; version ${sub.version} is older`,
        );
      }
      if (current) {
        await em.query(`UPDATE submission SET status = 'superseded' WHERE id = $1`, [current.id]);
        await this.audit.append(em, user, {
          action: 'submission.supersede',
          objectType: 'submission',
          objectId: current.id,
          orgCode: sub.org_code,
          detail: { supersededBy: sub.id, version: current.version },
        });
      }
      const receiptNo = `HB${chinaToday().replace(/-/g, '')}-${receiptSuffix()}`;
      const [done] = updated<{ submitted_at: Date }>(
        await em.query(
          `UPDATE submission SET status = 'submitted', submitted_at = now(), submitted_by = $2, receipt_no = $3
            WHERE id = $1 RETURNING submitted_at`,
          [sub.id, user.username, receiptNo],
        ),
      );
      await this.audit.append(em, user, {
        action: 'submission.submit',
        objectType: 'submission',
        objectId: sub.id,
        orgCode: sub.org_code,
        detail: {
          period: sub.period_code,
          kind: sub.kind,
          version: sub.version,
          sha256: sub.sha256,
          receiptNo,
          attestation: dto.attestation,
          supersedes: current?.id ?? null,
        },
      });
      return {
        status: 'submitted',
        receiptNo,
        sha256: sub.sha256,
        submittedAt: done.submitted_at.toISOString(),
      };
    });
  }
}

/** The organisation's submissions waiting for validation (status `validating`). */
async function pendingCount(em: EntityManager, orgCode: string): Promise<number> {
  const [{ n }]: { n: number }[] = await em.query(
    `SELECT count(*)::int AS n FROM submission WHERE org_code = $1 AND status = 'validating'`,
    [orgCode],
  );
  return n;
}

/** The latest submission of these bytes for the org/period/kind (a `failed` one is not reused). */
async function sameUpload(
  em: EntityManager,
  orgCode: string,
  period: string,
  kind: Kind,
  sha256: string,
): Promise<SameUpload | null> {
  const rows: SameUpload[] = await em.query(
    `SELECT id, status, version, late FROM submission
      WHERE org_code = $1 AND period_code = $2 AND kind = $3 AND sha256 = $4 AND status <> 'failed'
      ORDER BY version DESC LIMIT 1`,
    [orgCode, period, kind, sha256],
  );
  return rows[0] ?? null;
}

function checkKind(v: string | undefined): Kind {
  if (v === undefined)
    throw new BadRequestException('缺少字段 kind / Missing field "kind" (callbacks, complaints or profile)');
  if (!(KINDS as readonly string[]).includes(v))
    throw new BadRequestException(
      `kind 应为 callbacks、complaints 或 profile，实际为 '${v.slice(0, 20)}' / kind must be callbacks, complaints or profile, got '${v.slice(0, 20)}'`,
    );
  return v as Kind;
}

function checkPeriod(v: string | undefined): string {
  if (v === undefined)
    throw new BadRequestException('缺少字段 period / Missing field "period" (e.g. 2026H1)');
  const p = periodFromCode(v);
  if (!p)
    throw new BadRequestException(
      `报送期格式应为 YYYYH1 或 YYYYH2（如 2026H1），实际为 '${v.slice(0, 16)}' / A period is written YYYYH1 or YYYYH2 (e.g. 2026H1), got '${v.slice(0, 16)}'`,
    );
  if (p.startsOn > chinaToday())
    throw new BadRequestException(
      `报送期 ${p.code} 尚未开始（${p.startsOn} 开始） / The period ${p.code} has not begun (it starts on ${p.startsOn})`,
    );
  return p.code;
}

/** The client's file name for display: no path, no control characters, personal identifiers masked, ≤ 255. */
function displayName(name: string): string {
  const clean = [...basename(name.replace(/\\/g, '/'))]
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)
    .join('')
    .trim();
  return [...maskPii(clean || 'upload')].slice(0, 255).join('');
}

const RECEIPT_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function receiptSuffix(): string {
  return [...randomBytes(8)].map((b) => RECEIPT_ALPHABET[b % RECEIPT_ALPHABET.length]).join('');
}
