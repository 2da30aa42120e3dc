import { ConflictException, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type AuthUser, isInsurer } from '../auth/auth-user';
import type { Actor } from '../database/tenant-db.service';
import type { ReportStatus } from './self-inspection.entity';
import type { Measure, Problem } from './self-inspection.model';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A report with its notice and insurer, as every self-inspection route reads it. */
export interface ReportRow {
  id: string;
  notice_id: string;
  org_code: string;
  org_name: string;
  org_group: 'life' | 'property';
  period_code: string;
  status: ReportStatus;
  version: number;
  revision: number;
  problems: Problem[];
  measures: Measure[];
  updated_by: string | null;
  updated_at: Date | null;
  created_at: Date;
  title: string;
  scope: string;
  deadline: string;
  notice_created_at: Date;
}

/** Statuses in which the insurer works on the report (and the sample outcomes). */
export const EDITABLE: readonly ReportStatus[] = ['requested', 'draft', 'returned'];

export const reportNotFound = () =>
  new NotFoundException('自查报告不存在 / Self-inspection report not found');

/**
 * The report `id` as `actor` may see it (row-level security hides other insurers' reports; the service says
 * so explicitly too), optionally locked for a change. 404 for an id that is malformed, unknown or foreign.
 */
export async function findReport(
  em: EntityManager,
  actor: Actor,
  id: string,
  forUpdate = false,
): Promise<ReportRow> {
  if (!UUID.test(id)) throw reportNotFound();
  const rows: ReportRow[] = await em.query(
    `SELECT r.id, r.notice_id, r.org_code, o.name AS org_name, o.org_group, r.period_code, r.status, r.version,
            r.revision, r.problems, r.measures, r.updated_by, r.updated_at, r.created_at,
            n.title, n.scope, n.deadline::text AS deadline, n.created_at AS notice_created_at
       FROM self_inspection_report r
       JOIN self_inspection n ON n.id = r.notice_id
       JOIN organisation o ON o.code = r.org_code
      WHERE r.id = $1${forUpdate ? ' FOR UPDATE OF r' : ''}`,
    [id],
  );
  const row = rows[0];
  if (!row) throw reportNotFound();
  if (actor !== 'system' && isInsurer(actor) && row.org_code !== (actor as AuthUser).orgCode)
    throw reportNotFound();
  return row;
}

const STATUS_TEXT: Record<ReportStatus, string> = {
  requested: '待填报 / requested',
  draft: '填报中 / draft',
  submitted: '已提交 / submitted',
  returned: '已退回 / returned',
  accepted: '已通过 / accepted',
};

/** 409 unless the insurer may still change the report (not signed, or returned for a new version). */
export function assertEditable(r: ReportRow): void {
  if (!EDITABLE.includes(r.status)) {
    throw new ConflictException(
      `自查报告状态为“${STATUS_TEXT[r.status].split(' / ')[0]}”，已锁定，不能修改 / ` +
        `The report is ${r.status} and locked: it cannot be changed`,
    );
  }
}

/** An unsigned report past its deadline (a day in China) is overdue, to both sides. */
export function isOverdue(status: ReportStatus, deadline: string, today: string): boolean {
  return EDITABLE.includes(status) && today > deadline;
}

/**
 * Records that the report changed (its revision moves on, so a sign-off prepared before is refused); the
 * insurer's own work moves a requested or returned report to draft.
 */
export async function touchReport(em: EntityManager, actor: AuthUser, r: ReportRow): Promise<ReportStatus> {
  const status: ReportStatus =
    isInsurer(actor) && (r.status === 'requested' || r.status === 'returned') ? 'draft' : r.status;
  await em.query(
    `UPDATE self_inspection_report SET status = $2, revision = revision + 1, updated_by = $3, updated_at = now()
      WHERE id = $1`,
    [r.id, status, actor.username],
  );
  return status;
}
