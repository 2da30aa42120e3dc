import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { columnName } from '@portal/reporting-standard';
import { apiMessage } from '../core/auth.interceptor';
import { SessionService } from '../core/session.service';
import { I18nService } from '../i18n/i18n.service';
import { RulesApi, type RuleDto } from '../rules/rules.api';
import { formatBytes, formatInstant, formatInteger } from './format';
import { PrecheckMemory } from './precheck-memory';
import { RuleCounts } from './rule-counts';
import {
  SEVERITIES,
  SubmissionsApi,
  type IssuePage,
  type ReportIssue,
  type SubmitReceipt,
  type Submission,
} from './submissions.api';
import { en, zh } from './submissions.i18n';

const PAGE_SIZE = 50;
const POLL_MS = 1000;

/**
 * 校验报告: one submission — its status (followed while the server validates), the counts per rule with
 * titles and citations (next to the browser pre-check's, when this tab uploaded it), the paged problem list
 * with filters and details, the full report as CSV/XLSX, and the approver's attested sign-off.
 */
@Component({
  selector: 'app-submission-report-page',
  imports: [FormsModule, RouterLink, RuleCounts],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let m = t();
    @if (session.isInsurer()) {
      <p>
        <a routerLink="/submissions">← {{ m.report.back }}</a>
      </p>
    }
    <h1>{{ m.report.heading }}</h1>
    @for (n of notices; track n) {
      <p class="notice" role="status">{{ n }}</p>
    }
    @if (loadError()) {
      <p class="error" role="alert" data-testid="report-error">{{ loadError() }}</p>
    }

    @if (submission(); as s) {
      <section class="card" data-testid="report-header">
        <h2>
          {{ m.kinds[s.kind] ?? s.kind }} · {{ s.period }} · {{ m.report.version }} v{{ s.version }} ·
          <span class="status" [class]="'status ' + s.status" data-testid="report-status">{{
            m.statuses[s.status] ?? s.status
          }}</span>
          @if (s.late) {
            <span class="late">{{ m.report.late }}</span>
          }
        </h2>
        <dl>
          <dt>{{ m.report.org }}</dt>
          <dd>{{ s.orgCode }}</dd>
          @if (s.fileName) {
            <dt>{{ m.report.file }}</dt>
            <dd>
              {{ s.fileName }} ({{ bytes(s.fileBytes) }}{{ s.fileFormat ? ', ' + s.fileFormat : ''
              }}{{ s.textEncoding ? ', ' + s.textEncoding : '' }})
            </dd>
          }
          <dt>{{ m.report.sha256 }}</dt>
          <dd>
            <code class="hash" data-testid="report-sha256">{{ s.sha256 }}</code>
          </dd>
          <dt>{{ m.report.rows }}</dt>
          <dd data-testid="report-rows">{{ int(s.rows) }}</dd>
          <dt>{{ m.history.errors }} / {{ m.history.warnings }} / {{ m.history.findings }}</dt>
          <dd>
            <span class="sev error" data-testid="report-errors">{{ int(s.errors) }}</span> /
            <span class="sev warning" data-testid="report-warnings">{{ int(s.warnings) }}</span> /
            <span class="sev finding" data-testid="report-findings">{{ int(s.findings) }}</span>
          </dd>
          <dt>{{ m.report.createdAt }}</dt>
          <dd>{{ instant(s.createdAt) }}{{ s.createdBy ? ' · ' + s.createdBy : '' }}</dd>
          @if (s.catalogVersion) {
            <dt>{{ m.report.catalogVersion }}</dt>
            <dd data-testid="report-catalog">
              {{ s.catalogVersion }}
              @if (s.catalogJurisdiction) {
                · {{ m.report.localPack }} {{ s.catalogJurisdiction }}
              }
            </dd>
          }
          @if (s.submittedAt) {
            <dt>{{ m.report.submittedAt }}</dt>
            <dd>{{ instant(s.submittedAt) }}{{ s.submittedBy ? ' · ' + s.submittedBy : '' }}</dd>
          }
          @if (s.receiptNo) {
            <dt>{{ m.report.receipt }}</dt>
            <dd>
              <code data-testid="report-receipt">{{ s.receiptNo }}</code>
            </dd>
          }
        </dl>
      </section>

      @if (s.status === 'validating') {
        <p data-testid="report-validating" aria-live="polite">
          {{ m.report.validating }} {{ int(s.progressRows ?? 0) }} {{ m.report.validatingUnit }}
        </p>
        <progress class="busy"></progress>
      } @else if (s.status === 'failed') {
        <p class="error" role="alert">{{ m.report.failed }}{{ s.failureReason ?? '' }}</p>
      } @else {
        <h2>{{ m.report.summary }}</h2>
        @if (page(); as p) {
          @if (precheck(); as pre) {
            <p
              data-testid="precheck-compare"
              [class]="precheckAgrees() ? 'ok' : 'error'"
              [attr.data-agrees]="precheckAgrees()"
            >
              {{ precheckAgrees() ? m.report.precheckAgrees : m.report.precheckDiffers }}
            </p>
          }
          @if (hasCounts()) {
            <div data-testid="report-counts">
              <app-rule-counts
                [counts]="p.countsByRule"
                [compare]="precheck()?.countsByRule ?? null"
                [rules]="ruleMap()"
                [lang]="lang()"
                [t]="m"
              />
            </div>
          } @else {
            <p class="ok" data-testid="report-clean">{{ m.report.noIssues }}</p>
          }

          @if (hasCounts()) {
            <div class="downloads">
              <span>{{ m.report.download }}：</span>
              <button
                type="button"
                data-testid="download-csv"
                (click)="download('csv')"
                [disabled]="downloading()"
              >
                {{ m.report.downloadCsv }}
              </button>
              <button
                type="button"
                data-testid="download-xlsx"
                (click)="download('xlsx')"
                [disabled]="downloading()"
              >
                {{ m.report.downloadXlsx }}
              </button>
              @if (downloading()) {
                <span class="muted">{{ m.report.downloading }}</span>
              }
              @if (downloadError()) {
                <span class="error" role="alert">{{ downloadError() }}</span>
              }
            </div>

            <h2>{{ m.report.issues }}</h2>
            <form class="filters" (ngSubmit)="applyFilter()" data-testid="issue-filters">
              <label>
                {{ m.report.filterSeverity }}
                <select id="issue-severity" name="severity" [(ngModel)]="filter.severity">
                  <option value="">{{ m.report.all }}</option>
                  @for (sv of severities; track sv) {
                    <option [value]="sv">{{ m.severities[sv] }}</option>
                  }
                </select>
              </label>
              <label>
                {{ m.report.filterRule }}
                <select id="issue-rule" name="rule" [(ngModel)]="filter.rule">
                  <option value="">{{ m.report.all }}</option>
                  @for (code of ruleCodes(); track code) {
                    <option [value]="code">{{ code }} {{ ruleTitle(code) }}</option>
                  }
                </select>
              </label>
              <button type="submit" class="primary">{{ m.report.apply }}</button>
            </form>
            <table class="issues" data-testid="issue-table">
              <thead>
                <tr>
                  <th class="num">{{ m.table.row }}</th>
                  <th>{{ m.table.column }}</th>
                  <th>{{ m.table.value }}</th>
                  <th>{{ m.table.rule }}</th>
                  <th>{{ m.table.severity }}</th>
                  <th>{{ m.table.message }}</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                @for (i of p.items; track $index) {
                  <tr [attr.data-rule]="i.rule" [attr.data-row]="i.row">
                    <td class="num">{{ i.row ?? m.report.fileLevel }}</td>
                    <td>{{ columnLabel(i.column) }}</td>
                    <td class="value">{{ i.value ?? '' }}</td>
                    <td class="nowrap">
                      <code>{{ i.rule }}</code>
                    </td>
                    <td class="nowrap">
                      <span class="sev" [class]="'sev ' + i.severity">{{ m.severities[i.severity] }}</span>
                    </td>
                    <td class="message">{{ messageOf(i) }}</td>
                    <td>
                      <button type="button" class="linkish" (click)="selected.set(i)">
                        {{ m.report.details }}
                      </button>
                    </td>
                  </tr>
                } @empty {
                  <tr>
                    <td colspan="7" class="muted">{{ m.report.noIssues }}</td>
                  </tr>
                }
              </tbody>
            </table>
            <div class="pager">
              <button type="button" (click)="goTo(pageNo() - 1)" [disabled]="pageNo() <= 1">
                {{ m.report.prev }}
              </button>
              <span data-testid="issue-pager">{{ pagerText() }}</span>
              <button type="button" (click)="goTo(pageNo() + 1)" [disabled]="pageNo() >= pages()">
                {{ m.report.next }}
              </button>
            </div>
            @if (issuesError()) {
              <p class="error" role="alert">{{ issuesError() }}</p>
            }

            @if (selected(); as i) {
              <section class="card detail" data-testid="issue-detail">
                <h3>{{ m.report.detailHeading }}</h3>
                <dl>
                  <dt>{{ m.table.row }}</dt>
                  <dd>{{ i.row ?? m.report.fileLevel }}</dd>
                  <dt>{{ m.table.column }}</dt>
                  <dd>{{ columnLabel(i.column) }}</dd>
                  <dt>{{ m.table.value }}</dt>
                  <dd class="value">
                    {{ i.value ?? '—' }} <span class="muted small">（{{ m.report.masked }}）</span>
                  </dd>
                  <dt>{{ m.table.rule }}</dt>
                  <dd>
                    <code>{{ i.rule }}</code> {{ ruleTitle(i.rule) }}
                  </dd>
                  <dt>{{ m.table.severity }}</dt>
                  <dd>{{ m.severities[i.severity] }} — {{ m.severityHints[i.severity] }}</dd>
                  <dt>{{ m.table.citation }}</dt>
                  <dd data-testid="issue-citation">{{ ruleCitation(i.rule) }}</dd>
                  <dt>{{ m.table.message }}</dt>
                  <dd class="message">
                    {{ i.message }}
                    @if (i.messageEn) {
                      <br /><span class="muted">{{ i.messageEn }}</span>
                    }
                  </dd>
                </dl>
                <button type="button" class="linkish" (click)="selected.set(null)">
                  {{ m.report.close }}
                </button>
              </section>
            }
          }
        }
      }

      @if (receipt(); as r) {
        <section class="card receipt" data-testid="receipt">
          <h2>{{ m.submit.receipt }}</h2>
          <dl>
            <dt>{{ m.submit.receiptNo }}</dt>
            <dd>
              <code data-testid="receipt-no">{{ r.receiptNo }}</code>
            </dd>
            <dt>{{ m.submit.sha256 }}</dt>
            <dd>
              <code class="hash" data-testid="receipt-sha256">{{ r.sha256 }}</code>
            </dd>
            <dt>{{ m.submit.submittedAt }}</dt>
            <dd>{{ instant(r.submittedAt) }}</dd>
          </dl>
        </section>
      } @else if (s.status === 'valid') {
        @if (isApprover()) {
          <section class="card" data-testid="submit-card">
            <h2>{{ m.submit.heading }}</h2>
            <label class="attest">
              <input id="attest" type="checkbox" name="attest" [(ngModel)]="attested" />
              <span>
                {{ m.submit.attestation }}<br />
                <span class="muted">{{ m.submit.attestationEn }}</span>
              </span>
            </label>
            <p class="muted small">{{ m.submit.supersedes }}</p>
            <button
              type="button"
              class="primary"
              data-testid="submit-button"
              [disabled]="!attested || submitting()"
              (click)="submit(s)"
            >
              {{ m.submit.button }}
            </button>
            @if (submitError()) {
              <p class="error" role="alert" data-testid="submit-error">{{ submitError() }}</p>
            }
          </section>
        } @else if (session.isInsurer()) {
          <p class="muted" data-testid="needs-approver">{{ m.submit.needsApprover }}</p>
        }
      }
    }
  `,
  styles: `
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.3rem 1rem;
      margin: 0;
    }
    dt {
      color: var(--muted);
    }
    dd {
      margin: 0;
    }
    .hash {
      word-break: break-all;
      font-size: 0.85rem;
    }
    table {
      width: 100%;
      border-collapse: collapse;
      background: #fff;
    }
    th,
    td {
      text-align: left;
      padding: 0.4rem 0.55rem;
      border-bottom: 1px solid var(--line);
      vertical-align: top;
    }
    .num {
      text-align: right;
    }
    .message {
      font-size: 0.9rem;
    }
    .nowrap {
      white-space: nowrap;
    }
    .value {
      font-family: monospace;
      min-width: 7rem;
      overflow-wrap: anywhere;
    }
    .status.invalid,
    .status.failed,
    .error,
    .sev.error {
      color: var(--bad);
    }
    .status.valid,
    .status.submitted,
    .ok {
      color: var(--ok);
    }
    .sev.warning,
    .late {
      color: var(--warn);
    }
    .sev.finding {
      color: var(--brand);
    }
    .late {
      font-size: 0.9rem;
      margin-left: 0.4rem;
    }
    .notice {
      background: #fff4d6;
      padding: 0.5rem 0.75rem;
      border-radius: 4px;
    }
    .filters {
      display: flex;
      gap: 0.75rem;
      align-items: flex-end;
      flex-wrap: wrap;
      margin-bottom: 0.75rem;
    }
    .filters label {
      margin: 0;
      font-weight: normal;
    }
    select {
      font: inherit;
      padding: 0.4rem;
      border: 1px solid var(--line);
      border-radius: 4px;
    }
    .pager,
    .downloads {
      display: flex;
      gap: 0.75rem;
      align-items: center;
      margin: 0.75rem 0;
    }
    .linkish {
      background: none;
      border: 0;
      color: var(--brand);
      text-decoration: underline;
      cursor: pointer;
      font: inherit;
    }
    .detail,
    .receipt {
      margin-top: 1rem;
    }
    .attest {
      display: flex;
      gap: 0.6rem;
      align-items: flex-start;
      font-weight: normal;
    }
    .attest input {
      width: auto;
      margin-top: 0.35rem;
    }
    .busy {
      width: 100%;
    }
    .small {
      font-size: 0.85rem;
    }
  `,
})
export class SubmissionReportPage {
  private readonly i18n = inject(I18nService);
  protected readonly session = inject(SessionService);
  private readonly api = inject(SubmissionsApi);
  private readonly rulesApi = inject(RulesApi);
  private readonly memory = inject(PrecheckMemory);

  /** Route parameter `:id`. */
  readonly id = input.required<string>();

  protected readonly t = computed(() => (this.i18n.lang() === 'en' ? en : zh));
  protected readonly lang = computed<'zh' | 'en'>(() => (this.i18n.lang() === 'en' ? 'en' : 'zh'));
  protected readonly isApprover = computed(() => this.session.user()?.role === 'insurer_approver');
  protected readonly severities = SEVERITIES;
  protected readonly notices: string[] =
    ((globalThis.history?.state as { notices?: unknown } | null)?.notices as string[] | undefined) ?? [];

  protected readonly submission = signal<Submission | null>(null);
  protected readonly loadError = signal('');
  protected readonly page = signal<IssuePage | null>(null);
  protected readonly pageNo = signal(1);
  protected readonly issuesError = signal('');
  protected readonly selected = signal<ReportIssue | null>(null);
  protected readonly rules = signal<RuleDto[]>([]);
  protected readonly ruleMap = computed(() => new Map(this.rules().map((r) => [r.code, r])));
  protected readonly downloading = signal(false);
  protected readonly downloadError = signal('');
  protected readonly submitting = signal(false);
  protected readonly submitError = signal('');
  protected readonly receipt = signal<SubmitReceipt | null>(null);
  protected attested = false;
  protected filter = { severity: '', rule: '' };
  private applied = { severity: '', rule: '' };

  protected readonly precheck = computed(() => this.memory.recall(this.id()));
  protected readonly hasCounts = computed(() => {
    const p = this.page();
    return !!p && Object.values(p.countsByRule).some((n) => n > 0);
  });
  protected readonly ruleCodes = computed(() => {
    const p = this.page();
    return p
      ? Object.keys(p.countsByRule)
          .filter((c) => p.countsByRule[c] > 0)
          .sort()
      : [];
  });
  protected readonly pages = computed(() => Math.max(1, Math.ceil((this.page()?.total ?? 0) / PAGE_SIZE)));
  protected readonly precheckAgrees = computed(() => {
    const pre = this.precheck();
    const p = this.page();
    if (!pre || !p) return false;
    const codes = new Set([...Object.keys(pre.countsByRule), ...Object.keys(p.countsByRule)]);
    return [...codes].every((c) => (pre.countsByRule[c] ?? 0) === (p.countsByRule[c] ?? 0));
  });

  protected readonly int = formatInteger;
  protected readonly bytes = formatBytes;
  protected readonly instant = formatInstant;

  private timer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;

  constructor() {
    void this.rulesApi.catalog().then(
      (c) => this.rules.set(c.rules),
      () => undefined,
    );
    effect(() => {
      const id = this.id();
      untracked(() => {
        this.reset();
        void this.load(id);
      });
    });
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      if (this.timer) clearTimeout(this.timer);
    });
  }

  private reset(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.submission.set(null);
    this.page.set(null);
    this.pageNo.set(1);
    this.selected.set(null);
    this.receipt.set(null);
    this.loadError.set('');
    this.filter = { severity: '', rule: '' };
    this.applied = { severity: '', rule: '' };
  }

  /** Loads the submission; while the server validates, polls it (with its progress) until it is done. */
  private async load(id: string): Promise<void> {
    try {
      const s = await this.api.get(id);
      if (this.destroyed || id !== this.id()) return;
      this.submission.set(s);
      this.loadError.set('');
      if (s.status === 'validating') {
        this.timer = setTimeout(() => void this.load(id), POLL_MS);
        return;
      }
      if (s.status !== 'failed' && !this.page()) await this.loadIssues();
    } catch (err) {
      if (!this.destroyed) this.loadError.set(apiMessage(err));
    }
  }

  private async loadIssues(): Promise<void> {
    const id = this.id();
    this.issuesError.set('');
    try {
      const page = await this.api.issues(id, {
        severity: this.applied.severity || undefined,
        rule: this.applied.rule || undefined,
        page: this.pageNo(),
        pageSize: PAGE_SIZE,
      });
      if (id === this.id()) this.page.set(page);
    } catch (err) {
      this.issuesError.set(apiMessage(err));
    }
  }

  protected applyFilter(): void {
    this.applied = { ...this.filter };
    this.pageNo.set(1);
    this.selected.set(null);
    void this.loadIssues();
  }

  protected goTo(n: number): void {
    if (n < 1 || n > this.pages()) return;
    this.pageNo.set(n);
    this.selected.set(null);
    void this.loadIssues();
  }

  protected pagerText(): string {
    return this.t()
      .report.page.replace('{page}', String(this.pageNo()))
      .replace('{pages}', String(this.pages()))
      .replace('{total}', formatInteger(this.page()?.total ?? 0));
  }

  protected columnLabel(key: string | null): string {
    if (!key) return '—';
    const name = columnName(key, this.lang());
    return name || key;
  }

  protected messageOf(i: ReportIssue): string {
    return this.lang() === 'en' && i.messageEn ? i.messageEn : i.message;
  }

  protected ruleTitle(code: string): string {
    return this.ruleMap().get(code)?.title[this.lang()] ?? '';
  }

  protected ruleCitation(code: string): string {
    return this.ruleMap().get(code)?.citation[this.lang()] ?? '—';
  }

  protected async download(format: 'csv' | 'xlsx'): Promise<void> {
    const s = this.submission();
    if (!s) return;
    this.downloading.set(true);
    this.downloadError.set('');
    try {
      const { blob, fileName } = await this.api.download(s.id, format);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName ?? `${s.orgCode}-${s.period}-${s.kind}-v${s.version}-report.${format}`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      this.downloadError.set(await blobErrorMessage(err));
    } finally {
      this.downloading.set(false);
    }
  }

  protected async submit(s: Submission): Promise<void> {
    if (!this.attested) return;
    this.submitting.set(true);
    this.submitError.set('');
    try {
      const receipt = await this.api.submit(s.id);
      this.receipt.set(receipt);
      const fresh = await this.api.get(s.id);
      this.submission.set(fresh);
    } catch (err) {
      this.submitError.set(apiMessage(err));
    } finally {
      this.submitting.set(false);
    }
  }
}

/** An error answered to a `responseType: 'blob'` request carries its JSON body as a Blob. */
async function blobErrorMessage(err: unknown): Promise<string> {
  const body = (err as { error?: unknown } | null)?.error;
  if (body instanceof Blob) {
    try {
      const parsed = JSON.parse(await body.text()) as { message?: unknown };
      if (typeof parsed.message === 'string') return parsed.message;
    } catch {
      /* not JSON */
    }
  }
  return apiMessage(err);
}
