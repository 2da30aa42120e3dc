import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { HttpErrorResponse } from '@angular/common/http';
import { apiMessage } from '../core/auth.interceptor';
import { SessionService } from '../core/session.service';
import { I18nService } from '../i18n/i18n.service';
import { categoriesOption, trendOption } from './console-charts';
import {
  ConsoleApi,
  figure,
  KINDS,
  pct,
  show,
  text,
  type CompanyStats,
  type IssuePage,
  type Kind,
  type Rule,
} from './console.api';
import { en, zh } from './console.i18n';
import { CONSOLE_STYLES } from './console.styles';
import { EChart } from './echart';

const SECTIONS: { id: 'profile' | 'callbacks' | 'complaints' | 'forwarded'; keys: string[] }[] = [
  {
    id: 'profile',
    keys: [
      'profile.foundedOn',
      'profile.premiumIncome',
      'profile.marketShare',
      'profile.newPolicies',
      'profile.policiesInForce',
      'profile.insuredPersons',
      'profile.salesStaff',
      'profile.employees',
    ],
  },
  {
    id: 'callbacks',
    keys: [
      'callbacks.due',
      'callbacks.succeeded',
      'callbacks.refused',
      'callbacks.cancelledBefore',
      'callbacks.notAttempted',
      'callbacks.successRate',
      'callbacks.onTime',
      'callbacks.onTimeRate',
      'callbacks.byMethod.phone',
      'callbacks.byMethod.electronic',
      'callbacks.byMethod.visit',
      'callbacks.byMethod.letter',
      'callbacks.visitLetterShare',
      'callbacks.problemsFound',
      'callbacks.problemsResolved',
      'callbacks.misleadingFound',
    ],
  },
  {
    id: 'complaints',
    keys: [
      'complaints.total',
      'complaints.share',
      'complaints.per100mPremium',
      'complaints.per10kPolicies',
      'complaints.per10kInsured',
      'complaints.complaintIndex',
      'complaints.decidedWithinLimit',
      'complaints.upheldRate',
      'complaints.repeatRate',
      'complaints.satisfiedRate',
    ],
  },
  {
    id: 'forwarded',
    keys: ['complaints.forwarded.total', 'complaints.forwarded.onTime', 'complaints.forwarded.callbackRate'],
  },
];
const TYPES = ['claim', 'policy_service', 'renewal', 'orphan_policy', 'satisfaction'] as const;
/** Which submission holds the rows of a rule (for the link to its issue report). */
function kindOfRule(code: string): Kind | null {
  if (code.startsWith('CB-C') || code.startsWith('CP-C')) return null;
  if (code.startsWith('CB-') || code === 'CL-01' || code === 'WARN-001') return 'callbacks';
  if (code.startsWith('CP-')) return 'complaints';
  return null;
}

/** One insurer: every figure against the group median, the trend, findings by rule with citations. */
@Component({
  selector: 'app-console-company-page',
  imports: [FormsModule, RouterLink, EChart],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let m = t();
    @if (session.isRegulator()) {
      <p class="small">
        <a routerLink="/console" [queryParams]="{ period: selectedPeriod }">← {{ m.company.back }}</a>
      </p>
    }
    @if (error()) {
      <p class="error" role="alert">{{ error() }}</p>
    }
    @if (stats(); as c) {
      <h1 data-testid="company-name">{{ c.name }}</h1>
      <form class="filters" (ngSubmit)="load()">
        <label>
          {{ m.period }}
          <select
            name="period"
            [(ngModel)]="selectedPeriod"
            (ngModelChange)="load()"
            data-testid="period-select"
          >
            @for (p of periods(); track p) {
              <option [value]="p">{{ p }}</option>
            }
          </select>
        </label>
      </form>
      <section class="cards">
        <div class="card">
          <div class="muted small">{{ m.group }}</div>
          <div class="value">{{ m.groups[c.group] }}</div>
        </div>
        <div class="card">
          <div class="muted small">{{ m.company.rank }}</div>
          <div class="value" data-key="rank">{{ c.rank ?? m.table.unranked }}</div>
        </div>
        <div class="card">
          <div class="muted small">{{ m.company.onTimeSubmission }}</div>
          <div class="value" data-key="onTimeSubmissionRate">{{ pct(c.onTimeSubmissionRate) }}</div>
          <div class="small">
            @for (k of kinds; track k) {
              <span [class]="'badge ' + c.submissions[k].status"
                >{{ m.kinds[k] }} {{ m.status[c.submissions[k].status] }}</span
              >
            }
          </div>
        </div>
      </section>

      @for (s of sections; track s.id) {
        <h2>{{ m.company.sections[s.id] }}</h2>
        <table [attr.data-testid]="'section-' + s.id">
          <thead>
            <tr>
              <th>{{ m.company.figure }}</th>
              <th class="num">{{ m.company.value }}</th>
              <th class="num">{{ m.company.median }}</th>
              <th class="num">{{ m.company.change }}</th>
              <th>{{ m.company.flag }}</th>
            </tr>
          </thead>
          <tbody>
            @for (k of s.keys; track k) {
              <tr [attr.data-row]="k">
                <td>{{ label(k) }}</td>
                <td class="num" [attr.data-key]="k">{{ fmt(k, fig(c, k)) }}</td>
                <td class="num">{{ medianOf(c, k) }}</td>
                <td class="num">{{ changeOf(c, k) }}</td>
                <td>
                  @if (c.outlier[k]) {
                    <span
                      [class]="'badge ' + (c.outlier[k] === c.funnel[k]?.worse ? 'flag-bad' : 'flag-good')"
                      >{{ m.outlier[c.outlier[k]!] }}</span
                    >
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      }

      <h2>{{ m.company.sections.otherCallbacks }}</h2>
      <table data-testid="section-other">
        <thead>
          <tr>
            <th></th>
            <th class="num">{{ m.metrics['count'] }}</th>
            <th class="num">{{ m.metrics['succeeded'] }}</th>
            <th class="num">{{ m.metrics['successRate'] }}</th>
            <th class="num">{{ m.metrics['onTime'] }}</th>
          </tr>
        </thead>
        <tbody>
          @for (type of types; track type) {
            <tr [attr.data-row]="type">
              <td>{{ m.types[type] }}</td>
              <td class="num" [attr.data-key]="'callbacks.byType.' + type + '.count'">
                {{ fmt('x', fig(c, 'callbacks.byType.' + type + '.count')) }}
              </td>
              <td class="num">{{ fmt('x', fig(c, 'callbacks.byType.' + type + '.succeeded')) }}</td>
              <td class="num" [attr.data-key]="'callbacks.byType.' + type + '.successRate'">
                {{ pct(fig(c, 'callbacks.byType.' + type + '.successRate')) }}
              </td>
              <td class="num">
                {{ type === 'claim' ? fmt('x', fig(c, 'callbacks.byType.claim.onTime')) : '' }}
              </td>
            </tr>
          }
        </tbody>
      </table>

      <h2>{{ m.company.findings }}</h2>
      <table data-testid="findings-table">
        <thead>
          <tr>
            <th>{{ m.rules.rule }}</th>
            <th>{{ m.rules.title }}</th>
            <th class="num">{{ m.company.count }}</th>
            <th>{{ m.rules.citation }}</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          @for (f of findingRows(); track f.code) {
            <tr [attr.data-rule]="f.code">
              <td>
                @if (session.isRegulator()) {
                  <a [routerLink]="['/console/rules', f.code]" [queryParams]="{ period: c.period }">{{
                    f.code
                  }}</a>
                } @else {
                  {{ f.code }}
                }
              </td>
              <td>{{ f.title }}</td>
              <td class="num" data-key="count">{{ f.count === null ? '—' : f.count }}</td>
              <td class="small">{{ f.citation }}</td>
              <td>
                @if (f.submissionId && f.count) {
                  <button type="button" class="link" (click)="showIssues(f.code, f.submissionId)">
                    {{ m.company.issues }}
                  </button>
                  ·
                  <a
                    class="small"
                    [routerLink]="['/submissions', f.submissionId]"
                    [queryParams]="{ rule: f.code }"
                    >{{ m.company.report }}</a
                  >
                }
              </td>
            </tr>
            @if (openRule() === f.code) {
              <tr>
                <td colspan="5" data-testid="issues">
                  @if (issues(); as page) {
                    @if (page.items.length === 0) {
                      <span class="muted">{{ m.company.issuesNone }}</span>
                    } @else {
                      <table>
                        <thead>
                          <tr>
                            <th>{{ m.company.row }}</th>
                            <th>{{ m.company.column }}</th>
                            <th>{{ m.company.message }}</th>
                          </tr>
                        </thead>
                        <tbody>
                          @for (i of page.items; track $index) {
                            <tr>
                              <td>{{ i.row }}</td>
                              <td>{{ i.column }}</td>
                              <td class="small">{{ i.message }}</td>
                            </tr>
                          }
                        </tbody>
                      </table>
                      <span class="small muted">{{ page.items.length }} / {{ page.total }}</span>
                    }
                  } @else if (issuesError()) {
                    <span class="muted">{{ m.company.issuesUnavailable }}: {{ issuesError() }}</span>
                  }
                </td>
              </tr>
            }
          }
        </tbody>
      </table>

      <h2>{{ m.charts.heading }}</h2>
      <div class="charts">
        <section class="card" data-testid="chart-trend">
          <h3>{{ m.charts.trend }}</h3>
          <app-echart [option]="trendChart()" [height]="300" [label]="m.charts.trend" />
        </section>
        <section class="card" data-testid="chart-company-categories">
          <h3>{{ m.charts.categories }}</h3>
          <app-echart [option]="categoriesChart()" [height]="300" [label]="m.charts.categories" />
        </section>
      </div>
    }
  `,
  styles: CONSOLE_STYLES,
})
export class ConsoleCompanyPage {
  private readonly i18n = inject(I18nService);
  private readonly api = inject(ConsoleApi);
  protected readonly session = inject(SessionService);
  protected readonly t = computed(() => (this.i18n.lang() === 'en' ? en : zh));
  readonly orgCode = input.required<string>();
  /** `?period=` from a link. */
  readonly period = input<string>();

  protected readonly sections = SECTIONS;
  protected readonly types = TYPES;
  protected readonly kinds = KINDS;
  protected readonly periods = signal<string[]>([]);
  protected readonly stats = signal<CompanyStats | null>(null);
  protected readonly trend = signal<CompanyStats[]>([]);
  protected readonly rules = signal<Rule[]>([]);
  protected readonly error = signal('');
  protected readonly openRule = signal<string | null>(null);
  protected readonly issues = signal<IssuePage | null>(null);
  protected readonly issuesError = signal('');
  protected selectedPeriod = '';

  protected readonly findingRows = computed(() => {
    const c = this.stats();
    const lang = this.i18n.lang();
    if (!c) return [];
    return Object.keys(c.findings)
      .sort()
      .map((code) => {
        const rule = this.rules().find((r) => r.code === code);
        const kind = kindOfRule(code);
        return {
          code,
          title: text(rule?.title, lang),
          citation: text(rule?.citation, lang),
          count: c.findings[code],
          submissionId: kind ? c.submissions[kind].submissionId : null,
        };
      });
  });
  protected readonly trendChart = computed(() => trendOption(this.trend(), this.t()));
  protected readonly categoriesChart = computed(() => {
    const c = this.stats();
    return categoriesOption(c ?? { complaints: {} }, this.t());
  });

  constructor() {
    effect(() => {
      const org = this.orgCode();
      untracked(() => void this.start(org));
    });
  }

  private async start(org: string): Promise<void> {
    try {
      const [periods, rules] = await Promise.all([this.api.periods(), this.api.rules().catch(() => [])]);
      this.periods.set(periods);
      this.rules.set(rules);
      const wanted = this.period();
      this.selectedPeriod = wanted && periods.includes(wanted) ? wanted : (periods[0] ?? '');
      void this.api.trend(org).then(
        (t) => this.trend.set(t),
        () => this.trend.set([]),
      );
      await this.load();
    } catch (err) {
      this.error.set(apiMessage(err));
    }
  }

  async load(): Promise<void> {
    if (!this.selectedPeriod) {
      this.error.set(this.t().noPeriods);
      return;
    }
    this.openRule.set(null);
    try {
      this.stats.set(await this.api.company(this.orgCode(), this.selectedPeriod));
      this.error.set('');
    } catch (err) {
      this.stats.set(null);
      this.error.set(
        err instanceof HttpErrorResponse && err.status === 404 ? this.t().company.notFound : apiMessage(err),
      );
    }
  }

  protected async showIssues(rule: string, submissionId: string): Promise<void> {
    if (this.openRule() === rule) {
      this.openRule.set(null);
      return;
    }
    this.openRule.set(rule);
    this.issues.set(null);
    this.issuesError.set('');
    try {
      this.issues.set(await this.api.issues(submissionId, rule));
    } catch (err) {
      this.issuesError.set(apiMessage(err));
    }
  }

  protected label(key: string): string {
    const m = this.t();
    const method = /^callbacks\.byMethod\.(\w+)$/.exec(key);
    if (method) return `${m.charts.methods} · ${m.methods[method[1] as keyof typeof m.methods]}`;
    return m.metrics[key] ?? key;
  }

  protected fig(c: CompanyStats, key: string) {
    return figure(c, key);
  }

  protected fmt(key: string, v: unknown): string {
    return show(key, v);
  }

  protected medianOf(c: CompanyStats, key: string): string {
    const v = c.groupMedians?.[key];
    return v === undefined ? '' : show(key, v);
  }

  protected changeOf(c: CompanyStats, key: string): string {
    const ch = c.change[key];
    if (!ch || ch.delta === null) return '';
    const sign = ch.delta > 0 ? '+' : '';
    return show(key, ch.delta).replace(/^(?=\d)/, sign);
  }

  protected pct = pct;
}
