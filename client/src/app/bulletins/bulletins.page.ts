import { ChangeDetectionStrategy, Component, computed, inject, type OnDestroy, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { apiMessage } from '../core/auth.interceptor';
import { SessionService } from '../core/session.service';
import { I18nService } from '../i18n/i18n.service';
import {
  type BulletinDetail,
  type BulletinSummary,
  BulletinsApi,
  type Dispute,
  type Preview,
  type PreviewRow,
  num,
  pct,
  periodName,
} from './bulletins.api';
import { en, zh } from './bulletins.i18n';

/** The figures an insurer checks in its preview: METRICS.md key, how it is shown. */
const PREVIEW_FIGURES: [key: string, show: (r: PreviewRow) => string][] = [
  ['rank', (r) => (r.rank === null ? '—' : String(r.rank))],
  ['complaints.total', (r) => num(r.complaints.total)],
  ['complaints.share', (r) => pct(r.complaints.share)],
  ['complaints.per100mPremium', (r) => num(r.complaints.per100mPremium, 2)],
  ['complaints.per10kPolicies', (r) => num(r.complaints.per10kPolicies, 2)],
  ['complaints.per10kInsured', (r) => num(r.complaints.per10kInsured, 2)],
  ['complaints.complaintIndex', (r) => num(r.complaints.complaintIndex, 2)],
  ['complaints.decidedWithinLimit', (r) => pct(r.complaints.decidedWithinLimit)],
  ['complaints.upheldRate', (r) => pct(r.complaints.upheldRate)],
  ['complaints.repeatRate', (r) => pct(r.complaints.repeatRate)],
  ['complaints.satisfiedRate', (r) => pct(r.complaints.satisfiedRate)],
  ['complaints.forwarded.total', (r) => num(r.complaints.forwarded.total)],
  ['complaints.forwarded.onTime', (r) => num(r.complaints.forwarded.onTime)],
  ['complaints.forwarded.callbackRate', (r) => pct(r.complaints.forwarded.callbackRate)],
  ['callbacks.due', (r) => num(r.callbacks.due)],
  ['callbacks.succeeded', (r) => num(r.callbacks.succeeded)],
  ['callbacks.successRate', (r) => pct(r.callbacks.successRate)],
  ['callbacks.onTimeRate', (r) => pct(r.callbacks.onTimeRate)],
  ['callbacks.visitLetterShare', (r) => pct(r.callbacks.visitLetterShare)],
  ['callbacks.problemsFound', (r) => num(r.callbacks.problemsFound)],
  ['callbacks.problemsResolved', (r) => num(r.callbacks.problemsResolved)],
];

/**
 * Semiannual bulletins. Regulators: draft (with inspection findings and document number), follow the
 * rendering, read the insurers' disputes, download the draft PDF, publish (administrators), draft a
 * correction. Insurers: preview their own figures in a draft and dispute them.
 */
@Component({
  selector: 'app-bulletins-page',
  imports: [FormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let m = t();
    @let regulator = session.isRegulator();
    <h1>{{ regulator ? m.headingRegulator : m.headingInsurer }}</h1>
    <p class="muted">{{ regulator ? m.introRegulator : m.introInsurer }}</p>

    @if (regulator) {
      <section class="card">
        <h2>{{ m.create.heading }}</h2>
        <form (ngSubmit)="create()" data-testid="bulletin-form">
          <div class="row">
            <label
              >{{ m.create.period }}
              <input
                name="period"
                required
                pattern="\\d{4}H[12]"
                [(ngModel)]="form.period"
                data-testid="bulletin-period"
              />
            </label>
            <label
              >{{ m.create.documentNo }}
              <input name="documentNo" maxlength="64" [(ngModel)]="form.documentNo" />
            </label>
            <label
              >{{ m.create.issuedOn }}
              <input name="issuedOn" type="date" [(ngModel)]="form.issuedOn" />
            </label>
          </div>
          <label
            >{{ m.create.title }}
            <input name="title" maxlength="200" [(ngModel)]="form.title" />
          </label>
          <label
            >{{ m.create.findings }}
            <textarea
              name="findings"
              rows="4"
              maxlength="20000"
              [(ngModel)]="form.inspectionFindings"
              data-testid="bulletin-findings"
            ></textarea>
          </label>
          <label
            >{{ m.create.replaces }}
            <select name="replaces" [(ngModel)]="form.replaces">
              <option value="">{{ m.create.noReplace }}</option>
              @for (b of publishedOnes(); track b.id) {
                <option [value]="b.id">{{ period(b.period) }} · {{ b.edition }} · {{ b.title }}</option>
              }
            </select>
          </label>
          @if (createMessage()) {
            <p [class]="createOk() ? 'ok' : 'error'" role="status" data-testid="bulletin-create-message">
              {{ createMessage() }}
            </p>
          }
          <button class="primary" type="submit">{{ m.create.submit }}</button>
        </form>
      </section>
    }

    <section class="card">
      <h2>{{ m.list.heading }}</h2>
      @if (listError()) {
        <p class="error" role="alert">{{ listError() }}</p>
      }
      @if (bulletins().length === 0) {
        <p class="muted">{{ m.list.empty }}</p>
      } @else {
        <table data-testid="bulletin-list">
          <thead>
            <tr>
              <th>{{ m.list.period }}</th>
              <th>{{ m.list.edition }}</th>
              <th>{{ m.list.title }}</th>
              <th>{{ m.list.status }}</th>
              <th>{{ m.list.created }}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            @for (b of bulletins(); track b.id) {
              <tr [attr.data-status]="b.status" data-testid="bulletin-row">
                <td>{{ period(b.period) }}</td>
                <td>{{ b.edition }}</td>
                <td>{{ b.title }}</td>
                <td>
                  <span class="status" [attr.data-testid]="'status-' + b.id">{{ m.status[b.status] }}</span>
                </td>
                <td>{{ b.createdAt.slice(0, 16).replace('T', ' ') }}</td>
                <td>
                  @if (regulator) {
                    <button type="button" class="link" (click)="open(b.id)">{{ m.list.open }}</button>
                  } @else {
                    <button type="button" class="link" (click)="openPreview(b.id)" data-testid="open-preview">
                      {{ m.preview.open }}
                    </button>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      }
    </section>

    @if (detail(); as d) {
      <section class="card" data-testid="bulletin-detail">
        <h2>{{ m.detail.heading }} · {{ period(d.period) }} · {{ d.edition }}</h2>
        <p>
          <strong>{{ d.title }}</strong>
          <span class="status" data-testid="detail-status">{{ m.status[d.status] }}</span>
        </p>
        @if (d.failureReason) {
          <p class="error">{{ m.detail.failure }}：{{ d.failureReason }}</p>
        }
        @if (d.sha256) {
          <p class="small">
            {{ m.detail.sha256 }}：<code class="sha" data-testid="detail-sha256">{{ d.sha256 }}</code>
          </p>
          <p class="small muted">
            {{ m.detail.renderMs }}：{{ d.renderMs }} · {{ m.detail.blocked }}：{{ d.blockedRequests }}
          </p>
          <button type="button" (click)="downloadPdf(d)" data-testid="download-draft">
            {{ m.detail.pdf }}
          </button>
        }
        @if (d.status === 'draft') {
          @if (session.isAdmin()) {
            <button class="primary" type="button" (click)="publish(d)" data-testid="publish">
              {{ m.detail.publish }}
            </button>
          } @else {
            <p class="muted small">{{ m.detail.adminOnly }}</p>
          }
        }
        @if (actionMessage()) {
          <p [class]="actionOk() ? 'ok' : 'error'" role="status" data-testid="bulletin-action-message">
            {{ actionMessage() }}
          </p>
        }
        <h3>{{ m.detail.disputes }}（{{ disputes().length }}）</h3>
        @if (disputes().length === 0) {
          <p class="muted">{{ m.detail.noDisputes }}</p>
        } @else {
          <ul data-testid="dispute-list">
            @for (x of disputes(); track x.id) {
              <li>
                <strong>{{ x.orgName }}</strong>
                @if (x.figure) {
                  · {{ figureName(x.figure) }}
                }
                · {{ x.createdAt.slice(0, 16).replace('T', ' ') }}：{{ x.comment }}
              </li>
            }
          </ul>
        }
        <button type="button" class="link" (click)="detail.set(null)">{{ m.detail.close }}</button>
      </section>
    }

    @if (preview(); as p) {
      <section class="card" data-testid="bulletin-preview">
        <h2>{{ m.preview.heading }} · {{ p.title }}</h2>
        @if (p.rows.length === 0) {
          <p class="muted">{{ m.preview.noRows }}</p>
        }
        @for (r of p.rows; track r.orgCode) {
          <p>
            <strong data-testid="preview-org">{{ r.name }}</strong>
          </p>
          <table class="figures" data-testid="preview-figures">
            <thead>
              <tr>
                <th>{{ m.preview.figure }}</th>
                <th>{{ m.preview.value }}</th>
              </tr>
            </thead>
            <tbody>
              @for (f of figures; track f[0]) {
                <tr [attr.data-figure]="f[0]">
                  <td>{{ figureName(f[0]) }}</td>
                  <td class="n">{{ f[1](r) }}</td>
                </tr>
              }
            </tbody>
          </table>
        }
        @if (p.status === 'draft') {
          <h3>{{ m.preview.disputeHeading }}</h3>
          <form (ngSubmit)="sendDispute(p)" data-testid="dispute-form">
            <label
              >{{ m.preview.figureLabel }}
              <select name="figure" [(ngModel)]="disputeForm.figure" data-testid="dispute-figure">
                <option value="">{{ m.preview.anyFigure }}</option>
                @for (f of figures; track f[0]) {
                  <option [value]="f[0]">{{ figureName(f[0]) }}</option>
                }
              </select>
            </label>
            <label
              >{{ m.preview.comment }}
              <textarea
                name="comment"
                rows="3"
                maxlength="2000"
                required
                [(ngModel)]="disputeForm.comment"
                data-testid="dispute-comment"
              ></textarea>
            </label>
            <p class="muted small">{{ m.preview.commentHint }}</p>
            @if (actionMessage()) {
              <p [class]="actionOk() ? 'ok' : 'error'" role="status" data-testid="dispute-message">
                {{ actionMessage() }}
              </p>
            }
            <button class="primary" type="submit">{{ m.preview.submit }}</button>
          </form>
        } @else {
          <p class="muted">{{ m.preview.closed }}</p>
        }
        @if (disputes().length) {
          <h3>{{ m.preview.myDisputes }}</h3>
          <ul>
            @for (x of disputes(); track x.id) {
              <li>
                @if (x.figure) {
                  {{ figureName(x.figure) }}：
                }
                {{ x.comment }}
              </li>
            }
          </ul>
        }
      </section>
    }
  `,
  styles: `
    form label {
      display: block;
      margin: 0.4rem 0;
    }
    form input,
    form select,
    form textarea {
      display: block;
      width: 100%;
      box-sizing: border-box;
    }
    .row {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(180px, 1fr));
      gap: 0.8rem;
    }
    table {
      width: 100%;
      border-collapse: collapse;
    }
    th,
    td {
      border-bottom: 1px solid #e3e7ec;
      padding: 0.3rem 0.4rem;
      text-align: left;
    }
    td.n {
      text-align: right;
      font-variant-numeric: tabular-nums;
    }
    .status {
      padding: 0 0.4rem;
      border-radius: 3px;
      background: #eef1f5;
    }
    .sha {
      word-break: break-all;
    }
    .small {
      font-size: 0.85rem;
    }
    .card {
      margin: 1rem 0;
    }
    .figures {
      max-width: 36rem;
    }
  `,
})
export class BulletinsPage implements OnDestroy {
  protected readonly session = inject(SessionService);
  private readonly i18n = inject(I18nService);
  private readonly api = inject(BulletinsApi);
  protected readonly t = computed(() => (this.i18n.lang() === 'en' ? en : zh));
  protected readonly figures = PREVIEW_FIGURES;

  protected readonly bulletins = signal<BulletinSummary[]>([]);
  protected readonly publishedOnes = computed(() => this.bulletins().filter((b) => b.status === 'published'));
  protected readonly listError = signal<string | null>(null);
  protected readonly detail = signal<BulletinDetail | null>(null);
  protected readonly preview = signal<Preview | null>(null);
  protected readonly disputes = signal<Dispute[]>([]);
  protected readonly createMessage = signal<string | null>(null);
  protected readonly createOk = signal(false);
  protected readonly actionMessage = signal<string | null>(null);
  protected readonly actionOk = signal(false);

  protected form = {
    period: '',
    title: '',
    documentNo: '',
    issuedOn: '',
    inspectionFindings: '',
    replaces: '',
  };
  protected disputeForm = { figure: '', comment: '' };
  private poll: ReturnType<typeof setInterval> | null = null;

  constructor() {
    void this.refresh();
  }

  ngOnDestroy(): void {
    if (this.poll) clearInterval(this.poll);
  }

  protected period(code: string): string {
    return periodName(code, this.i18n.lang());
  }

  protected figureName(key: string): string {
    return this.t().figures[key] ?? key;
  }

  private async refresh(): Promise<void> {
    try {
      const list = await this.api.list();
      this.bulletins.set(list);
      this.listError.set(null);
      // Keep following drafts that are still rendering.
      const rendering = list.some((b) => b.status === 'rendering');
      if (rendering && !this.poll) this.poll = setInterval(() => void this.refresh(), 1500);
      if (!rendering && this.poll) {
        clearInterval(this.poll);
        this.poll = null;
      }
      const open = this.detail();
      if (open) {
        const now = list.find((b) => b.id === open.id);
        if (now && now.status !== open.status) await this.open(open.id);
      }
    } catch (err) {
      this.listError.set(apiMessage(err));
    }
  }

  protected async create(): Promise<void> {
    const f = this.form;
    try {
      const created = await this.api.create({
        period: f.period.trim(),
        ...(f.title.trim() ? { title: f.title.trim() } : {}),
        ...(f.documentNo.trim() ? { documentNo: f.documentNo.trim() } : {}),
        ...(f.issuedOn ? { issuedOn: f.issuedOn } : {}),
        ...(f.inspectionFindings.trim() ? { inspectionFindings: f.inspectionFindings } : {}),
        ...(f.replaces ? { replaces: f.replaces } : {}),
      });
      this.createOk.set(true);
      this.createMessage.set(this.t().create.started);
      await this.refresh();
      await this.open(created.id);
    } catch (err) {
      this.createOk.set(false);
      this.createMessage.set(apiMessage(err));
    }
  }

  protected async open(id: string): Promise<void> {
    this.actionMessage.set(null);
    this.preview.set(null);
    try {
      const [d, disputes] = await Promise.all([this.api.get(id), this.api.disputes(id)]);
      this.detail.set(d);
      this.disputes.set(disputes);
    } catch (err) {
      this.listError.set(apiMessage(err));
    }
  }

  protected async openPreview(id: string): Promise<void> {
    this.actionMessage.set(null);
    this.detail.set(null);
    try {
      const [p, disputes] = await Promise.all([this.api.preview(id), this.api.disputes(id)]);
      this.preview.set(p);
      this.disputes.set(disputes);
    } catch (err) {
      this.listError.set(apiMessage(err));
    }
  }

  protected async publish(d: BulletinDetail): Promise<void> {
    if (!confirm(this.t().detail.confirmPublish)) return;
    try {
      const r = await this.api.publish(d.id);
      this.actionOk.set(true);
      this.actionMessage.set(`${this.t().detail.published} ${r.sha256}`);
      await this.refresh();
      const [fresh, disputes] = await Promise.all([this.api.get(d.id), this.api.disputes(d.id)]);
      this.detail.set(fresh);
      this.disputes.set(disputes);
    } catch (err) {
      this.actionOk.set(false);
      this.actionMessage.set(apiMessage(err));
    }
  }

  protected async downloadPdf(d: BulletinDetail): Promise<void> {
    try {
      const blob = await this.api.pdf(d.id);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `bulletin-${d.period}-e${d.edition}.pdf`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      this.actionOk.set(false);
      this.actionMessage.set(apiMessage(err));
    }
  }

  protected async sendDispute(p: Preview): Promise<void> {
    try {
      await this.api.dispute(p.id, {
        comment: this.disputeForm.comment,
        ...(this.disputeForm.figure ? { figure: this.disputeForm.figure } : {}),
      });
      this.actionOk.set(true);
      this.actionMessage.set(this.t().preview.sent);
      this.disputeForm = { figure: '', comment: '' };
      this.disputes.set(await this.api.disputes(p.id));
    } catch (err) {
      this.actionOk.set(false);
      this.actionMessage.set(apiMessage(err));
    }
  }
}
