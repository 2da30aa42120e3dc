import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { apiMessage } from '../core/auth.interceptor';
import { SessionService } from '../core/session.service';
import { I18nService } from '../i18n/i18n.service';
import {
  CasesApi,
  type CaseDetail,
  type CaseItem,
  type Org,
  type Reconciliation,
  type Sample,
} from './cases.api';
import { en, zh } from './cases.i18n';
import { NotificationsPanel } from './notifications-panel';

const CATEGORIES = [
  'sales',
  'claims',
  'surrender',
  'policy_service',
  'premium',
  'callback',
  'service_quality',
  'other',
];
const OUTCOMES = ['upheld', 'partially_upheld', 'not_upheld', 'withdrawn'];
const METHODS = ['phone', 'electronic', 'visit', 'letter'];
const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'dissatisfied', 'unreachable'];

function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * Forwarded complaints (信访转办). Regulators: register, list with filters (overdue highlighted), follow-up
 * checks on random samples, matching with the complaints files. Insurers: their cases, the overdue list and
 * the callback form (回访单). `?id=` opens one case.
 */
@Component({
  selector: 'app-cases-page',
  imports: [FormsModule, NotificationsPanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let m = t();
    @let regulator = session.isRegulator();
    <h1>{{ regulator ? m.headingRegulator : m.headingInsurer }}</h1>
    <p class="muted">{{ m.intro }}</p>
    <app-notifications-panel />

    @if (regulator) {
      <div class="columns">
        <section class="card">
          <h2>{{ m.register.heading }}</h2>
          <form (ngSubmit)="register()" data-testid="register-form">
            <label for="reg-org">{{ m.register.org }}</label>
            <select id="reg-org" name="orgCode" required [(ngModel)]="form.orgCode">
              <option value="">{{ m.register.chooseOrg }}</option>
              @for (o of orgs(); track o.code) {
                <option [value]="o.code">{{ o.name }}</option>
              }
            </select>
            <label for="reg-no">{{ m.register.forwardNo }}</label>
            <input id="reg-no" name="forwardNo" maxlength="64" required [(ngModel)]="form.forwardNo" />
            <label for="reg-date">{{ m.register.forwardedOn }}</label>
            <input id="reg-date" name="forwardedOn" type="date" required [(ngModel)]="form.forwardedOn" />
            <label for="reg-category">{{ m.register.category }}</label>
            <select id="reg-category" name="category" [(ngModel)]="form.category">
              @for (c of categories; track c) {
                <option [value]="c">{{ label(m.categories, c) }}</option>
              }
            </select>
            <label for="reg-summary">{{ m.register.summary }}</label>
            <textarea
              id="reg-summary"
              name="summary"
              rows="3"
              maxlength="2000"
              required
              [(ngModel)]="form.summary"
            ></textarea>
            <p class="muted small">{{ m.register.summaryHint }}</p>
            @if (registerMessage()) {
              <p [class]="registerOk() ? 'ok' : 'error'" role="status" data-testid="register-message">
                {{ registerMessage() }}
              </p>
            }
            <button class="primary" type="submit">{{ m.register.submit }}</button>
          </form>
        </section>

        <section class="card">
          <h2>{{ m.sample.heading }}</h2>
          <p class="muted small">{{ m.sample.hint }}</p>
          <form (ngSubmit)="drawSample()" data-testid="sample-form">
            <label for="sample-size">{{ m.sample.size }}</label>
            <input id="sample-size" name="size" type="number" min="1" [(ngModel)]="sampleForm.size" />
            <label for="sample-share">{{ m.sample.share }}</label>
            <input
              id="sample-share"
              name="share"
              type="number"
              min="0"
              max="1"
              step="0.05"
              [(ngModel)]="sampleForm.share"
            />
            <label for="sample-seed">{{ m.sample.seed }}</label>
            <input id="sample-seed" name="seed" maxlength="64" [(ngModel)]="sampleForm.seed" />
            <label for="sample-org">{{ m.sample.org }}</label>
            <select id="sample-org" name="orgCode" [(ngModel)]="sampleForm.orgCode">
              <option value="">{{ m.filters.allOrgs }}</option>
              @for (o of orgs(); track o.code) {
                <option [value]="o.code">{{ o.name }}</option>
              }
            </select>
            @if (sampleError()) {
              <p class="error" role="alert">{{ sampleError() }}</p>
            }
            <button class="primary" type="submit">{{ m.sample.draw }}</button>
          </form>
          @if (sample(); as s) {
            <p data-testid="sample-result">
              {{ m.sample.drawn }} {{ s.cases.length }} {{ m.sample.of }} {{ s.population }}（{{
                m.sample.seedLabel
              }}
              <code>{{ s.seed }}</code
              >）
            </p>
            <ul>
              @for (c of s.cases; track c.id) {
                <li>
                  <button type="button" class="link" (click)="select(c.id)">{{ c.forwardNo }}</button>
                  {{ c.orgName }} ·
                  {{ c.supervisionResult ? label(m.results, c.supervisionResult) : m.supervision.none }}
                </li>
              }
            </ul>
          }
        </section>
      </div>
    }

    <h2>{{ m.filters.heading }}</h2>
    @if (regulator) {
      <form class="filters" (ngSubmit)="reload()" data-testid="case-filters">
        <label>
          {{ m.filters.org }}
          <select name="orgCode" [(ngModel)]="filter.orgCode">
            <option value="">{{ m.filters.allOrgs }}</option>
            @for (o of orgs(); track o.code) {
              <option [value]="o.code">{{ o.name }}</option>
            }
          </select>
        </label>
        <label>
          {{ m.filters.status }}
          <select name="status" [(ngModel)]="filter.status">
            <option value="">{{ m.filters.all }}</option>
            <option value="open">{{ m.table.open }}</option>
            <option value="handled">{{ m.table.handled }}</option>
          </select>
        </label>
        <label>
          {{ m.filters.overdue }}
          <select name="overdue" [(ngModel)]="filter.overdue">
            <option value="">{{ m.filters.all }}</option>
            <option value="true">{{ m.filters.overdueOnly }}</option>
            <option value="false">{{ m.filters.notOverdue }}</option>
          </select>
        </label>
        <button class="primary" type="submit">{{ m.filters.apply }}</button>
      </form>
    } @else {
      <div class="tabs" role="tablist">
        <button type="button" role="tab" [attr.aria-selected]="!overdueTab()" (click)="showOverdue(false)">
          {{ m.tabs.all }}
        </button>
        <button
          type="button"
          role="tab"
          data-testid="overdue-tab"
          [attr.aria-selected]="overdueTab()"
          (click)="showOverdue(true)"
        >
          {{ m.tabs.overdue }}
        </button>
      </div>
    }
    @if (listError()) {
      <p class="error" role="alert">{{ listError() }}</p>
    }
    <table data-testid="case-table">
      <thead>
        <tr>
          <th>{{ m.table.forwardNo }}</th>
          @if (regulator) {
            <th>{{ m.table.org }}</th>
          }
          <th>{{ m.table.forwardedOn }}</th>
          <th>{{ m.table.category }}</th>
          <th>{{ m.table.deadline }}</th>
          <th>{{ m.table.left }}</th>
          <th>{{ m.table.status }}</th>
          <th>{{ m.table.supervision }}</th>
        </tr>
      </thead>
      <tbody>
        @for (c of cases(); track c.id) {
          <tr [class.overdue]="c.overdue" [attr.data-forward-no]="c.forwardNo">
            <td>
              <button type="button" class="link" (click)="select(c.id)">{{ c.forwardNo }}</button>
            </td>
            @if (regulator) {
              <td>{{ c.orgName }}</td>
            }
            <td>{{ c.forwardedOn }}</td>
            <td>{{ label(m.categories, c.category) }}</td>
            <td>{{ c.deadline }}</td>
            <td>{{ c.workingDaysLeft ?? '—' }}</td>
            <td data-testid="case-status">{{ statusText(c) }}</td>
            <td>{{ c.supervisionResult ? label(m.results, c.supervisionResult) : '—' }}</td>
          </tr>
        } @empty {
          <tr>
            <td [attr.colspan]="regulator ? 8 : 7" class="muted">{{ m.table.empty }}</td>
          </tr>
        }
      </tbody>
    </table>

    @if (selected(); as c) {
      <section class="card detail" data-testid="case-detail">
        <h2>{{ m.detail.heading }} {{ c.forwardNo }}</h2>
        <dl>
          <dt>{{ m.table.org }}</dt>
          <dd>{{ c.orgName }}</dd>
          <dt>{{ m.table.forwardedOn }}</dt>
          <dd>{{ c.forwardedOn }}</dd>
          <dt>{{ m.detail.workingDays }}</dt>
          <dd>{{ c.workingDays }}</dd>
          <dt>{{ m.table.deadline }}</dt>
          <dd data-testid="case-deadline">{{ c.deadline }}</dd>
          <dt>{{ m.table.category }}</dt>
          <dd>{{ label(m.categories, c.category) }}</dd>
          <dt>{{ m.detail.summary }}</dt>
          <dd class="summary">{{ c.summary }}</dd>
          <dt>{{ m.table.status }}</dt>
          <dd data-testid="case-result" [class.bad]="c.overdue" [class.good]="c.onTime === true">
            {{ statusText(c) }}
          </dd>
          @if (c.status === 'handled') {
            <dt>{{ m.detail.decidedOn }}</dt>
            <dd>{{ c.decidedOn }}</dd>
            <dt>{{ m.detail.outcome }}</dt>
            <dd>{{ label(m.outcomes, c.outcome) }}</dd>
            <dt>{{ m.detail.callbackOn }}</dt>
            <dd>{{ c.callbackOn }}</dd>
            <dt>{{ m.detail.callbackMethod }}</dt>
            <dd>{{ label(m.methods, c.callbackMethod) }}</dd>
            <dt>{{ m.detail.satisfaction }}</dt>
            <dd>{{ label(m.satisfactions, c.satisfaction) }}</dd>
            @if (c.note) {
              <dt>{{ m.detail.note }}</dt>
              <dd>{{ c.note }}</dd>
            }
            <dt>{{ m.supervision.heading }}</dt>
            <dd>
              {{ c.supervisionResult ? label(m.results, c.supervisionResult) : m.supervision.none }}
              @if (c.supervisionNote) {
                — {{ c.supervisionNote }}
              }
            </dd>
          }
        </dl>

        @if (!regulator && c.status === 'open') {
          <h3>{{ m.handling.heading }}</h3>
          <p class="muted small">{{ m.handling.hint }}</p>
          <form (ngSubmit)="handle(c)" data-testid="handling-form" class="grid-form">
            <label for="h-decided">{{ m.detail.decidedOn }}</label>
            <input id="h-decided" name="decidedOn" type="date" required [(ngModel)]="handling.decidedOn" />
            <label for="h-outcome">{{ m.detail.outcome }}</label>
            <select id="h-outcome" name="outcome" required [(ngModel)]="handling.outcome">
              <option value="">{{ m.handling.choose }}</option>
              @for (o of outcomes; track o) {
                <option [value]="o">{{ label(m.outcomes, o) }}</option>
              }
            </select>
            <label for="h-callback">{{ m.detail.callbackOn }}</label>
            <input id="h-callback" name="callbackOn" type="date" required [(ngModel)]="handling.callbackOn" />
            <label for="h-method">{{ m.detail.callbackMethod }}</label>
            <select id="h-method" name="callbackMethod" required [(ngModel)]="handling.callbackMethod">
              <option value="">{{ m.handling.choose }}</option>
              @for (o of methods; track o) {
                <option [value]="o">{{ label(m.methods, o) }}</option>
              }
            </select>
            <label for="h-satisfaction">{{ m.detail.satisfaction }}</label>
            <select id="h-satisfaction" name="satisfaction" required [(ngModel)]="handling.satisfaction">
              <option value="">{{ m.handling.choose }}</option>
              @for (o of satisfactions; track o) {
                <option [value]="o">{{ label(m.satisfactions, o) }}</option>
              }
            </select>
            <label for="h-note">{{ m.detail.note }}</label>
            <textarea
              id="h-note"
              name="note"
              rows="2"
              maxlength="1000"
              [(ngModel)]="handling.note"
            ></textarea>
            <button class="primary" type="submit">{{ m.handling.submit }}</button>
          </form>
        }

        @if (regulator && c.status === 'handled') {
          <h3>{{ m.supervision.heading }}</h3>
          <form (ngSubmit)="supervise(c)" data-testid="supervision-form" class="grid-form">
            <label for="s-result">{{ m.supervision.result }}</label>
            <select id="s-result" name="result" [(ngModel)]="supervision.result">
              <option value="agree">{{ m.supervision.agree }}</option>
              <option value="disagree">{{ m.supervision.disagree }}</option>
            </select>
            <label for="s-note">{{ m.supervision.note }}</label>
            <textarea
              id="s-note"
              name="note"
              rows="2"
              maxlength="1000"
              [(ngModel)]="supervision.note"
            ></textarea>
            <button class="primary" type="submit">{{ m.supervision.submit }}</button>
          </form>
        }
        @if (detailMessage()) {
          <p [class]="detailOk() ? 'ok' : 'error'" role="status" data-testid="detail-message">
            {{ detailMessage() }}
          </p>
        }
        <button type="button" class="link" (click)="close()">{{ m.detail.close }}</button>
      </section>
    }

    @if (regulator) {
      <h2>{{ m.reconcile.heading }}</h2>
      <form class="filters" (ngSubmit)="reconcile()" data-testid="reconcile-form">
        <label>
          {{ m.filters.org }}
          <select name="orgCode" required [(ngModel)]="reconcileForm.orgCode">
            <option value="">{{ m.register.chooseOrg }}</option>
            @for (o of orgs(); track o.code) {
              <option [value]="o.code">{{ o.name }}</option>
            }
          </select>
        </label>
        <label>
          {{ m.reconcile.period }}
          <input
            name="period"
            placeholder="2026H1"
            maxlength="6"
            required
            [(ngModel)]="reconcileForm.period"
          />
        </label>
        <button class="primary" type="submit">{{ m.reconcile.run }}</button>
      </form>
      @if (reconcileError()) {
        <p class="error" role="alert">{{ reconcileError() }}</p>
      }
      @if (reconciliation(); as r) {
        <section class="card" data-testid="reconciliation">
          @if (r.note) {
            <p>{{ r.note }}</p>
          } @else {
            <p>
              {{ m.reconcile.matched }} {{ r.counts['matched'] }} · {{ m.reconcile.missingInFile }}
              {{ r.counts['missingInFile'] }} · {{ m.reconcile.unknownInRegister }}
              {{ r.counts['unknownInRegister'] }} · {{ m.reconcile.dateMismatch }}
              {{ r.counts['dateMismatches'] }}
            </p>
            <ul>
              @for (d of r.disagreements; track $index) {
                <li>
                  <strong>{{ d.forwardNo }}</strong> — {{ disagreementText(d.type) }}
                  @if (d.rowNo) {
                    （{{ m.reconcile.row }} {{ d.rowNo }}）
                  }
                  @for (f of d.fields; track f.field) {
                    · {{ f.field }}: {{ m.reconcile.register }} {{ f.register ?? '—' }} /
                    {{ m.reconcile.file }}
                    {{ f.file ?? '—' }}
                  }
                </li>
              } @empty {
                <li>{{ m.reconcile.noDisagreement }}</li>
              }
            </ul>
          }
        </section>
      }
    }
  `,
  styles: `
    .card > h2:first-child,
    .card > h3:first-child {
      margin-top: 0;
    }
    .columns {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(320px, 1fr));
      gap: 1rem;
      margin-top: 1rem;
    }
    select,
    textarea {
      font: inherit;
      padding: 0.45rem;
      width: 100%;
      box-sizing: border-box;
      border: 1px solid var(--line);
      border-radius: 4px;
    }
    form button.primary {
      margin-top: 1rem;
    }
    .filters {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
      align-items: flex-end;
      margin-bottom: 0.75rem;
    }
    .filters label {
      margin: 0;
      font-weight: normal;
    }
    .filters select,
    .filters input {
      width: auto;
      min-width: 10rem;
    }
    .filters button.primary {
      margin-top: 0;
    }
    .tabs {
      display: flex;
      gap: 0.5rem;
      margin-bottom: 0.75rem;
    }
    .tabs button {
      font: inherit;
      padding: 0.4rem 0.9rem;
      border: 1px solid var(--line);
      background: #fff;
      border-radius: 4px;
      cursor: pointer;
    }
    .tabs button[aria-selected='true'] {
      background: var(--brand);
      color: #fff;
    }
    table {
      width: 100%;
      border-collapse: collapse;
      background: #fff;
    }
    th,
    td {
      text-align: left;
      padding: 0.45rem 0.6rem;
      border-bottom: 1px solid var(--line);
    }
    tr.overdue td {
      background: #fdecea;
      color: var(--bad);
    }
    .link {
      background: none;
      border: 0;
      padding: 0;
      color: var(--brand);
      cursor: pointer;
      font: inherit;
      text-decoration: underline;
    }
    .detail {
      margin-top: 1rem;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.3rem 1rem;
    }
    dt {
      color: var(--muted);
    }
    dd {
      margin: 0;
    }
    .summary {
      white-space: pre-wrap;
    }
    .grid-form {
      max-width: 480px;
    }
    .small {
      font-size: 0.85rem;
    }
    .ok,
    .good {
      color: var(--ok);
    }
    .error,
    .bad {
      color: var(--bad);
    }
  `,
})
export class CasesPage {
  private readonly i18n = inject(I18nService);
  private readonly api = inject(CasesApi);
  protected readonly session = inject(SessionService);
  private readonly notes = viewChild(NotificationsPanel);
  /** `?id=` of a case to open. */
  readonly id = input<string>();

  protected readonly t = computed(() => (this.i18n.lang() === 'en' ? en : zh));
  protected readonly categories = CATEGORIES;
  protected readonly outcomes = OUTCOMES;
  protected readonly methods = METHODS;
  protected readonly satisfactions = SATISFACTIONS;

  protected readonly orgs = signal<Org[]>([]);
  protected readonly cases = signal<CaseItem[]>([]);
  protected readonly selected = signal<CaseDetail | null>(null);
  protected readonly sample = signal<Sample | null>(null);
  protected readonly reconciliation = signal<Reconciliation | null>(null);
  protected readonly overdueTab = signal(false);
  protected readonly listError = signal('');
  protected readonly registerMessage = signal('');
  protected readonly registerOk = signal(false);
  protected readonly detailMessage = signal('');
  protected readonly detailOk = signal(false);
  protected readonly sampleError = signal('');
  protected readonly reconcileError = signal('');

  protected form = { orgCode: '', forwardNo: '', forwardedOn: localToday(), category: 'claims', summary: '' };
  protected filter = { orgCode: '', status: '', overdue: '' };
  protected handling = {
    decidedOn: localToday(),
    outcome: '',
    callbackOn: localToday(),
    callbackMethod: '',
    satisfaction: '',
    note: '',
  };
  protected supervision = { result: 'agree', note: '' };
  protected sampleForm: { size: number | null; share: number | null; seed: string; orgCode: string } = {
    size: 5,
    share: null,
    seed: '',
    orgCode: '',
  };
  protected reconcileForm = { orgCode: '', period: '' };

  constructor() {
    if (this.session.isRegulator())
      void this.api.orgs().then(
        (o) => this.orgs.set(o),
        () => undefined,
      );
    void this.reload();
    effect(() => {
      const id = this.id();
      if (id) void this.select(id);
    });
  }

  protected label(map: Record<string, string>, code: string | null): string {
    return code ? (map[code] ?? code) : '—';
  }

  protected statusText(c: CaseItem): string {
    const m = this.t().table;
    if (c.status === 'open') return c.overdue ? m.overdue : m.open;
    return c.onTime ? m.onTime : m.late;
  }

  protected disagreementText(type: string): string {
    const m = this.t().reconcile;
    return type === 'missing_in_file'
      ? m.missingInFile
      : type === 'unknown_in_register'
        ? m.unknownInRegister
        : m.dateMismatch;
  }

  protected showOverdue(on: boolean): void {
    this.overdueTab.set(on);
    void this.reload();
  }

  async reload(): Promise<void> {
    try {
      const f = this.session.isRegulator() ? this.filter : { overdue: this.overdueTab() ? 'true' : '' };
      this.cases.set(await this.api.list(f));
      this.listError.set('');
    } catch (err) {
      this.listError.set(apiMessage(err));
    }
  }

  async select(id: string): Promise<void> {
    this.detailMessage.set('');
    try {
      this.selected.set(await this.api.get(id));
    } catch (err) {
      this.selected.set(null);
      this.listError.set(apiMessage(err));
    }
  }

  protected close(): void {
    this.selected.set(null);
    this.detailMessage.set('');
  }

  async register(): Promise<void> {
    try {
      const r = await this.api.register({ ...this.form, forwardNo: this.form.forwardNo.trim() });
      this.registerOk.set(true);
      this.registerMessage.set(`${this.t().register.done} ${r.deadline}`);
      this.form = { ...this.form, forwardNo: '', summary: '' };
      await this.reload();
    } catch (err) {
      this.registerOk.set(false);
      this.registerMessage.set(apiMessage(err));
    }
  }

  async handle(c: CaseDetail): Promise<void> {
    try {
      const body = { ...this.handling, note: this.handling.note.trim() || undefined };
      const r = await this.api.handle(c.id, body);
      this.detailOk.set(true);
      this.detailMessage.set(
        `${this.t().handling.done}${r.onTime ? this.t().table.onTime : this.t().table.late}`,
      );
      this.selected.set(await this.api.get(c.id));
      await this.reload();
      await this.notes()?.reload();
    } catch (err) {
      this.detailOk.set(false);
      this.detailMessage.set(apiMessage(err));
    }
  }

  async supervise(c: CaseDetail): Promise<void> {
    try {
      await this.api.supervise(c.id, {
        result: this.supervision.result,
        note: this.supervision.note.trim() || undefined,
      });
      this.detailOk.set(true);
      this.detailMessage.set(this.t().supervision.done);
      this.selected.set(await this.api.get(c.id));
      await this.reload();
    } catch (err) {
      this.detailOk.set(false);
      this.detailMessage.set(apiMessage(err));
    }
  }

  async drawSample(): Promise<void> {
    const f = this.sampleForm;
    try {
      this.sample.set(
        await this.api.drawSample({
          ...(f.share ? { share: Number(f.share) } : { size: Number(f.size) }),
          ...(f.seed.trim() ? { seed: f.seed.trim() } : {}),
          ...(f.orgCode ? { orgCode: f.orgCode } : {}),
        }),
      );
      this.sampleError.set('');
    } catch (err) {
      this.sample.set(null);
      this.sampleError.set(apiMessage(err));
    }
  }

  async reconcile(): Promise<void> {
    try {
      this.reconciliation.set(
        await this.api.reconcile(this.reconcileForm.orgCode, this.reconcileForm.period.trim()),
      );
      this.reconcileError.set('');
    } catch (err) {
      this.reconciliation.set(null);
      this.reconcileError.set(apiMessage(err));
    }
  }
}
