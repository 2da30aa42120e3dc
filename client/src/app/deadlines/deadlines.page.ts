import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { NotificationsPanel } from '../cases/notifications-panel';
import { apiMessage } from '../core/auth.interceptor';
import { SessionService } from '../core/session.service';
import { I18nService } from '../i18n/i18n.service';
import { en, zh } from './deadlines.i18n';

type Kind = 'callbacks' | 'complaints' | 'profile';
const KINDS: Kind[] = ['callbacks', 'complaints', 'profile'];

interface DeadlinesView {
  code: string;
  startsOn: string;
  endsOn: string;
  deadlines: {
    kind: Kind;
    dueOn: string;
    extensions: { id: string; orgCode: string | null; dueOn: string; reason: string; grantedAt: string }[];
  }[];
}
interface KindStatus {
  dueOn: string;
  extended: boolean;
  status: 'on_time' | 'late' | 'missing';
  overdue: boolean;
  submittedOn: string | null;
}
interface StatusView {
  code: string;
  insurers: { orgCode: string; name: string; kinds: Record<Kind, KindStatus>; onTimeRate: number }[];
}
interface Org {
  code: string;
  name: string;
}

/** The last half-year that has ended (China dates are close enough for a default). */
function lastEndedPeriod(): string {
  const d = new Date();
  return d.getMonth() >= 6 ? `${d.getFullYear()}H1` : `${d.getFullYear() - 1}H2`;
}

/** Reporting calendar: deadlines per kind, extensions (regulator admin) and the submission status grid. */
@Component({
  selector: 'app-deadlines-page',
  imports: [FormsModule, NotificationsPanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let m = t();
    <h1>{{ m.heading }}</h1>
    <p class="muted">{{ m.intro }}</p>
    <app-notifications-panel />

    <form class="filters" (ngSubmit)="load()" data-testid="period-form">
      <label>
        {{ m.period }}
        <input name="period" list="known-periods" maxlength="6" required [(ngModel)]="period" />
        <datalist id="known-periods">
          @for (p of periods(); track p) {
            <option [value]="p"></option>
          }
        </datalist>
      </label>
      <button class="primary" type="submit">{{ m.load }}</button>
    </form>
    @if (error()) {
      <p class="error" role="alert">{{ error() }}</p>
    }

    @if (view(); as v) {
      <h2>{{ m.deadlines.heading }} {{ v.code }}（{{ v.startsOn }} – {{ v.endsOn }}）</h2>
      <table data-testid="deadline-table">
        <thead>
          <tr>
            <th>{{ m.deadlines.kind }}</th>
            <th>{{ m.deadlines.dueOn }}</th>
            <th>{{ m.deadlines.extensions }}</th>
          </tr>
        </thead>
        <tbody>
          @for (d of v.deadlines; track d.kind) {
            <tr>
              <td>{{ m.kinds[d.kind] }}</td>
              <td>{{ d.dueOn }}</td>
              <td>
                @for (e of d.extensions; track e.id) {
                  <div>
                    {{ e.dueOn }} · {{ e.orgCode ? orgName(e.orgCode) : m.deadlines.allInsurers }} ·
                    {{ e.reason }}
                  </div>
                } @empty {
                  <span class="muted">{{ m.deadlines.none }}</span>
                }
              </td>
            </tr>
          }
        </tbody>
      </table>

      @if (session.isAdmin()) {
        <div class="columns">
          <section class="card">
            <h3>{{ m.set.heading }}</h3>
            <form (ngSubmit)="saveDeadlines()" data-testid="deadlines-form">
              @for (k of kinds; track k) {
                <label [for]="'due-' + k">{{ m.kinds[k] }}</label>
                <input [id]="'due-' + k" [name]="k" type="date" [(ngModel)]="due[k]" />
              }
              <button class="primary" type="submit">{{ m.set.submit }}</button>
            </form>
          </section>
          <section class="card">
            <h3>{{ m.extension.heading }}</h3>
            <form (ngSubmit)="grant()" data-testid="extension-form">
              <label for="ext-kind">{{ m.extension.kind }}</label>
              <select id="ext-kind" name="kind" [(ngModel)]="ext.kind">
                @for (k of kinds; track k) {
                  <option [value]="k">{{ m.kinds[k] }}</option>
                }
              </select>
              <label for="ext-org">{{ m.extension.org }}</label>
              <select id="ext-org" name="orgCode" [(ngModel)]="ext.orgCode">
                <option value="">{{ m.extension.allInsurers }}</option>
                @for (o of orgs(); track o.code) {
                  <option [value]="o.code">{{ o.name }}</option>
                }
              </select>
              <label for="ext-due">{{ m.extension.dueOn }}</label>
              <input id="ext-due" name="dueOn" type="date" required [(ngModel)]="ext.dueOn" />
              <label for="ext-reason">{{ m.extension.reason }}</label>
              <input id="ext-reason" name="reason" maxlength="500" required [(ngModel)]="ext.reason" />
              <button class="primary" type="submit">{{ m.extension.submit }}</button>
            </form>
          </section>
        </div>
      }
      @if (message()) {
        <p [class]="ok() ? 'ok' : 'error'" role="status" data-testid="deadlines-message">{{ message() }}</p>
      }
    }

    @if (status(); as s) {
      <h2>{{ m.status.heading }}</h2>
      <table data-testid="status-grid">
        <thead>
          <tr>
            <th>{{ m.status.insurer }}</th>
            @for (k of kinds; track k) {
              <th>{{ m.kinds[k] }}</th>
            }
            <th>{{ m.status.rate }}</th>
          </tr>
        </thead>
        <tbody>
          @for (i of s.insurers; track i.orgCode) {
            <tr [attr.data-org]="i.orgCode">
              <td>{{ i.name }}</td>
              @for (k of kinds; track k) {
                @let c = i.kinds[k];
                <td [class]="c.status" [attr.data-kind]="k">
                  <strong>{{ m.status[c.status] }}</strong>
                  @if (c.submittedOn) {
                    <div class="small">{{ m.status.submittedOn }} {{ c.submittedOn }}</div>
                  }
                  <div class="small muted">
                    {{ m.status.due }} {{ c.dueOn }}
                    @if (c.extended) {
                      （{{ m.status.extended }}）
                    }
                    @if (c.overdue) {
                      · {{ m.status.overdue }}
                    }
                  </div>
                </td>
              }
              <td>{{ percent(i.onTimeRate) }}</td>
            </tr>
          } @empty {
            <tr>
              <td colspan="5" class="muted">{{ m.status.empty }}</td>
            </tr>
          }
        </tbody>
      </table>
    }
  `,
  styles: `
    .filters {
      display: flex;
      gap: 0.75rem;
      align-items: flex-end;
      margin-bottom: 0.75rem;
    }
    .filters label {
      margin: 0;
      font-weight: normal;
    }
    .filters input {
      width: 8rem;
    }
    .card > h2:first-child,
    .card > h3:first-child {
      margin-top: 0;
    }
    .columns {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(300px, 1fr));
      gap: 1rem;
      margin-top: 1rem;
    }
    select {
      font: inherit;
      padding: 0.45rem;
      width: 100%;
      border: 1px solid var(--line);
      border-radius: 4px;
    }
    form button.primary {
      margin-top: 1rem;
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
      vertical-align: top;
    }
    td.on_time strong {
      color: var(--ok);
    }
    td.late strong {
      color: var(--warn);
    }
    td.missing strong {
      color: var(--bad);
    }
    .small {
      font-size: 0.85rem;
    }
    .ok {
      color: var(--ok);
    }
    .error {
      color: var(--bad);
    }
  `,
})
export class DeadlinesPage {
  private readonly i18n = inject(I18nService);
  private readonly http = inject(HttpClient);
  protected readonly session = inject(SessionService);
  protected readonly t = computed(() => (this.i18n.lang() === 'en' ? en : zh));
  protected readonly kinds = KINDS;

  protected period = lastEndedPeriod();
  protected readonly periods = signal<string[]>([]);
  protected readonly orgs = signal<Org[]>([]);
  protected readonly view = signal<DeadlinesView | null>(null);
  protected readonly status = signal<StatusView | null>(null);
  protected readonly error = signal('');
  protected readonly message = signal('');
  protected readonly ok = signal(false);
  protected due: Record<Kind, string> = { callbacks: '', complaints: '', profile: '' };
  protected ext = { kind: 'callbacks' as Kind, orgCode: '', dueOn: '', reason: '' };

  constructor() {
    void firstValueFrom(this.http.get<{ code: string }[]>('/api/periods')).then(
      (ps) => this.periods.set(ps.map((p) => p.code)),
      () => undefined,
    );
    if (this.session.isRegulator()) {
      void firstValueFrom(this.http.get<Org[]>('/api/orgs')).then(
        (o) => this.orgs.set(o),
        () => undefined,
      );
    }
    void this.load();
  }

  protected orgName(code: string): string {
    return this.orgs().find((o) => o.code === code)?.name ?? code;
  }

  protected percent(rate: number): string {
    return `${(rate * 100).toFixed(1)}%`;
  }

  async load(): Promise<void> {
    const code = encodeURIComponent(this.period.trim().toUpperCase());
    try {
      const [view, status] = await Promise.all([
        firstValueFrom(this.http.get<DeadlinesView>(`/api/periods/${code}/deadlines`)),
        firstValueFrom(this.http.get<StatusView>(`/api/periods/${code}/submission-status`)),
      ]);
      this.view.set(view);
      this.status.set(status);
      this.due = Object.fromEntries(view.deadlines.map((d) => [d.kind, d.dueOn])) as Record<Kind, string>;
      this.error.set('');
    } catch (err) {
      this.view.set(null);
      this.status.set(null);
      this.error.set(apiMessage(err));
    }
  }

  async saveDeadlines(): Promise<void> {
    const code = encodeURIComponent(this.period.trim().toUpperCase());
    try {
      const body = Object.fromEntries(KINDS.filter((k) => this.due[k]).map((k) => [k, this.due[k]]));
      await firstValueFrom(this.http.put(`/api/admin/periods/${code}/deadlines`, body));
      await this.load();
      this.ok.set(true);
      this.message.set(this.t().set.saved);
    } catch (err) {
      this.ok.set(false);
      this.message.set(apiMessage(err));
    }
  }

  async grant(): Promise<void> {
    const code = encodeURIComponent(this.period.trim().toUpperCase());
    try {
      const body = {
        kind: this.ext.kind,
        dueOn: this.ext.dueOn,
        reason: this.ext.reason,
        ...(this.ext.orgCode ? { orgCode: this.ext.orgCode } : {}),
      };
      await firstValueFrom(this.http.post(`/api/admin/periods/${code}/extensions`, body));
      await this.load();
      this.ok.set(true);
      this.message.set(`${this.t().extension.granted} ${this.ext.dueOn}`);
      this.ext = { ...this.ext, reason: '' };
    } catch (err) {
      this.ok.set(false);
      this.message.set(apiMessage(err));
    }
  }
}
