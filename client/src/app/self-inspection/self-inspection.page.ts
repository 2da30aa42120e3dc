import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { apiMessage } from '../core/auth.interceptor';
import { SessionService } from '../core/session.service';
import { I18nService } from '../i18n/i18n.service';
import { formatInstant } from '../submissions/format';
import { type Notice, periodName, SelfInspectionApi } from './self-inspection.api';
import { en, zh } from './self-inspection.i18n';

/** The last half-year that has ended (the usual subject of a self-inspection), e.g. 2026H1 in November 2026. */
function lastEndedPeriod(today = new Date()): string {
  const y = today.getFullYear();
  return today.getMonth() >= 6 ? `${y}H1` : `${y - 1}H2`;
}

/**
 * 自查: regulators send notices to insurers and follow every report (status, overdue); insurers see their own
 * reports. Each report opens on its own page (`/self-inspection/:id`).
 */
@Component({
  selector: 'app-self-inspection-page',
  imports: [FormsModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let m = t();
    @let regulator = session.isRegulator();
    <h1>{{ regulator ? m.headingRegulator : m.headingInsurer }}</h1>
    <p class="muted">{{ regulator ? m.introRegulator : m.introInsurer }}</p>

    @if (regulator) {
      <section class="card">
        <h2>{{ m.create.heading }}</h2>
        <form (ngSubmit)="create()" data-testid="notice-form">
          <div class="row">
            <label
              >{{ m.create.period }}
              <input id="si-period" name="period" required pattern="\\d{4}H[12]" [(ngModel)]="form.period" />
            </label>
            <label
              >{{ m.create.deadline }}
              <input id="si-deadline" name="deadline" type="date" required [(ngModel)]="form.deadline" />
            </label>
          </div>
          <label
            >{{ m.create.title }}
            <input id="si-title" name="title" required maxlength="200" [(ngModel)]="form.title" />
          </label>
          <label
            >{{ m.create.scope }}
            <textarea
              id="si-scope"
              name="scope"
              rows="3"
              required
              maxlength="5000"
              [(ngModel)]="form.scope"
            ></textarea>
          </label>
          <p class="muted small">{{ m.create.scopeHint }}</p>
          <fieldset>
            <legend>
              {{ m.create.orgs }}
              <button type="button" class="link" (click)="selectAll(true)">{{ m.create.all }}</button>
              <button type="button" class="link" (click)="selectAll(false)">{{ m.create.none }}</button>
            </legend>
            <div class="orgs">
              @for (o of orgs(); track o.code) {
                <label class="check">
                  <input
                    type="checkbox"
                    [checked]="chosen().has(o.code)"
                    (change)="toggle(o.code)"
                    [attr.data-org]="o.code"
                  />
                  {{ o.name }}
                </label>
              }
            </div>
          </fieldset>
          @if (createMessage()) {
            <p [class]="createOk() ? 'ok' : 'error'" role="status" data-testid="notice-message">
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
      @if (notices().length === 0) {
        <p class="muted" data-testid="notice-empty">{{ m.list.empty }}</p>
      }
      @for (n of notices(); track n.id) {
        <article class="notice" [attr.data-notice]="n.id">
          <h3>{{ n.title }}</h3>
          <p class="small muted">
            {{ m.list.period }}{{ m.sep }}{{ period(n.period) }} · {{ m.list.deadline }}{{ m.sep
            }}<span data-testid="notice-deadline">{{ n.deadline }}</span>
          </p>
          <table data-testid="report-table">
            <thead>
              <tr>
                <th>{{ m.list.org }}</th>
                <th>{{ m.list.status }}</th>
                <th>{{ m.list.version }}</th>
                <th>{{ m.list.submittedAt }}</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              @for (r of n.reports; track r.id) {
                <tr [class.overdue]="r.overdue" [attr.data-report]="r.id" [attr.data-org]="r.orgCode">
                  <td>{{ r.orgName }}</td>
                  <td>
                    <span class="status" data-testid="report-status">{{ m.status[r.status] }}</span>
                    @if (r.overdue) {
                      <span class="badge bad" data-testid="report-overdue">{{ m.list.overdue }}</span>
                    }
                  </td>
                  <td>{{ r.version }}</td>
                  <td>{{ instant(r.submittedAt) }}</td>
                  <td>
                    <a [routerLink]="['/self-inspection', r.id]" data-testid="open-report">{{
                      m.list.open
                    }}</a>
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </article>
      }
    </section>
  `,
  styles: `
    form label {
      display: block;
      margin: 0.4rem 0;
    }
    form input:not([type='checkbox']),
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
    fieldset {
      border: 1px solid var(--line);
      border-radius: 4px;
      margin: 0.6rem 0;
    }
    .orgs {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(240px, 1fr));
    }
    label.check {
      display: flex;
      gap: 0.4rem;
      align-items: center;
      font-weight: 400;
      margin: 0.2rem 0;
    }
    label.check input {
      width: auto;
      margin: 0;
    }
    button.link {
      background: none;
      border: 0;
      color: var(--brand);
      cursor: pointer;
      font: inherit;
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
    tr.overdue td {
      background: #fff4f2;
    }
    .status {
      padding: 0 0.4rem;
      border-radius: 3px;
      background: #eef1f5;
    }
    .badge {
      margin-left: 0.4rem;
      padding: 0 0.4rem;
      border-radius: 3px;
      font-size: 0.85rem;
    }
    .badge.bad {
      background: var(--bad);
      color: #fff;
    }
    .notice + .notice {
      margin-top: 1.2rem;
    }
    .card {
      margin: 1rem 0;
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
export class SelfInspectionPage {
  protected readonly session = inject(SessionService);
  private readonly i18n = inject(I18nService);
  private readonly api = inject(SelfInspectionApi);
  protected readonly t = computed(() => (this.i18n.lang() === 'en' ? en : zh));

  protected readonly notices = signal<Notice[]>([]);
  protected readonly orgs = signal<{ code: string; name: string }[]>([]);
  protected readonly chosen = signal<ReadonlySet<string>>(new Set());
  protected readonly listError = signal('');
  protected readonly createMessage = signal('');
  protected readonly createOk = signal(false);
  protected form = { period: lastEndedPeriod(), title: '', scope: '', deadline: '' };

  constructor() {
    if (this.session.isRegulator()) {
      void this.api.orgs().then(
        (o) => this.orgs.set(o),
        (err: unknown) => this.listError.set(apiMessage(err)),
      );
    }
    void this.reload();
  }

  protected readonly instant = formatInstant;

  protected period(code: string): string {
    return periodName(code, this.i18n.lang());
  }

  protected toggle(code: string): void {
    const next = new Set(this.chosen());
    if (next.has(code)) next.delete(code);
    else next.add(code);
    this.chosen.set(next);
  }

  protected selectAll(on: boolean): void {
    this.chosen.set(new Set(on ? this.orgs().map((o) => o.code) : []));
  }

  private async reload(): Promise<void> {
    try {
      this.notices.set(await this.api.list());
      this.listError.set('');
    } catch (err) {
      this.listError.set(apiMessage(err));
    }
  }

  protected async create(): Promise<void> {
    const orgCodes = [...this.chosen()];
    if (orgCodes.length === 0) {
      this.createOk.set(false);
      this.createMessage.set(this.t().create.noOrg);
      return;
    }
    try {
      const created = await this.api.create({
        period: this.form.period.trim(),
        title: this.form.title.trim(),
        scope: this.form.scope,
        deadline: this.form.deadline,
        orgCodes,
      });
      this.createOk.set(true);
      this.createMessage.set(`${this.t().create.done} ${created.reports.length}`);
      this.form = { ...this.form, title: '', scope: '' };
      this.chosen.set(new Set());
      await this.reload();
    } catch (err) {
      this.createOk.set(false);
      this.createMessage.set(apiMessage(err));
    }
  }
}
