import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { apiMessage } from '../core/auth.interceptor';
import { SessionService } from '../core/session.service';
import { I18nService } from '../i18n/i18n.service';
import { categoriesOption, funnelOption, methodMixOption, rankingOption } from './console-charts';
import {
  ConsoleApi,
  figure,
  KINDS,
  numeric,
  pct,
  show,
  text,
  type CompanyStats,
  type PeriodStats,
  type Rule,
} from './console.api';
import { en, zh } from './console.i18n';
import { CONSOLE_STYLES } from './console.styles';
import { EChart } from './echart';

/** The sortable figure columns of the overview. */
export const OVERVIEW_COLUMNS = [
  'complaints.total',
  'complaints.per100mPremium',
  'complaints.complaintIndex',
  'callbacks.successRate',
  'callbacks.onTimeRate',
  'callbacks.visitLetterShare',
  'complaints.decidedWithinLimit',
  'complaints.forwarded.callbackRate',
  'complaints.satisfiedRate',
] as const;

const COMPANY_RULES = ['CB-C1', 'CB-C2', 'CP-C1'];

/** Regulator console: every insurer of a period, findings by rule, charts. Insurers are sent to their own page. */
@Component({
  selector: 'app-console-page',
  imports: [FormsModule, RouterLink, EChart],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let m = t();
    <h1>{{ m.heading }}</h1>
    <p class="muted">{{ m.intro }}</p>

    <form class="filters" (ngSubmit)="load()" data-testid="console-filters">
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
      <label>
        {{ m.group }}
        <select name="group" [(ngModel)]="selectedGroup" (ngModelChange)="load()" data-testid="group-select">
          <option value="">{{ m.groups.all }}</option>
          <option value="life">{{ m.groups.life }}</option>
          <option value="property">{{ m.groups.property }}</option>
        </select>
      </label>
      <button type="button" class="secondary" (click)="download('csv')">{{ m.export.csv }}</button>
      <button type="button" class="secondary" (click)="download('xlsx')">{{ m.export.xlsx }}</button>
    </form>
    @if (error()) {
      <p class="error" role="alert">{{ error() }}</p>
    }
    @if (!error() && periods().length === 0 && loaded()) {
      <p class="muted">{{ m.noPeriods }}</p>
    }

    @if (stats(); as s) {
      <section class="cards" data-testid="industry-summary">
        <div class="card">
          <div class="muted small">{{ m.summary.companies }}</div>
          <div class="value" data-key="industry.companies">{{ s.industry.companies }}</div>
        </div>
        <div class="card">
          <div class="muted small">{{ m.summary.complaints }}</div>
          <div class="value" data-key="industry.complaints.total">
            {{ fmt('complaints.total', fig(s.industry, 'complaints.total')) }}
          </div>
          <div class="small muted">
            {{ m.summary.change }} {{ signed(s.industry.change['complaints.total']?.delta) }}
          </div>
        </div>
        <div class="card">
          <div class="muted small">{{ m.summary.per100m }}</div>
          <div class="value" data-key="industry.complaints.per100mPremium">
            {{ fmt('complaints.per100mPremium', fig(s.industry, 'complaints.per100mPremium')) }}
          </div>
        </div>
        <div class="card">
          <div class="muted small">{{ m.summary.successRate }}</div>
          <div class="value" data-key="industry.callbacks.successRate">
            {{ fmt('callbacks.successRate', fig(s.industry, 'callbacks.successRate')) }}
          </div>
        </div>
      </section>
      <p class="small muted">
        {{ m.summary.computedAt }} {{ s.computedAt }} · {{ m.summary.catalog }} {{ s.catalogVersion }}
      </p>

      <h2>{{ m.table.heading }}</h2>
      <p class="small muted">{{ m.table.sortHint }}</p>
      <div class="table-wrap">
        <table data-testid="overview-table">
          <thead>
            <tr>
              <th class="sortable" (click)="sortBy('name')">{{ m.table.insurer }}{{ arrow('name') }}</th>
              <th>{{ m.table.group }}</th>
              <th>{{ m.table.submissions }}</th>
              <th class="sortable num" (click)="sortBy('rank')">{{ m.table.rank }}{{ arrow('rank') }}</th>
              @for (c of columns; track c) {
                <th class="sortable num" (click)="sortBy(c)" [attr.data-sort]="c">
                  {{ m.metrics[c] }}{{ arrow(c) }}
                </th>
              }
              <th>{{ m.table.findings }}</th>
              <th>{{ m.table.outliers }}</th>
            </tr>
          </thead>
          <tbody>
            @for (c of rows(); track c.orgCode) {
              <tr [attr.data-org]="c.orgCode">
                <td class="name">
                  <a [routerLink]="['/console', c.orgCode]" [queryParams]="{ period: s.period }">{{
                    c.name
                  }}</a>
                </td>
                <td class="name">{{ m.groups[c.group] }}</td>
                <td class="small name">
                  @for (k of kinds; track k) {
                    <div [class]="c.submissions[k].status" [attr.data-kind]="k">
                      {{ m.kinds[k] }} {{ m.status[c.submissions[k].status] }}
                    </div>
                  }
                </td>
                <td class="num" data-key="rank">{{ c.rank ?? m.table.unranked }}</td>
                @for (col of columns; track col) {
                  <td
                    [attr.data-key]="col"
                    [class]="'num ' + flag(c, col)"
                    [attr.data-outlier]="c.outlier[col]"
                  >
                    {{ fmt(col, fig(c, col)) }}
                  </td>
                }
                <td>
                  @for (r of companyRules; track r) {
                    @if (c.findings[r] === 1) {
                      <a
                        class="badge finding"
                        [routerLink]="['/console/rules', r]"
                        [queryParams]="{ period: s.period }"
                        >{{ r }}</a
                      >
                    }
                  }
                </td>
                <td data-key="outliers">
                  @for (o of outliersOf(c); track o.key) {
                    <span [class]="'badge ' + flag(c, o.key)"
                      >{{ m.metrics[o.key] ?? o.key }} {{ m.outlier[o.dir] }}</span
                    >
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>

      <h2>{{ m.rules.heading }}</h2>
      <table data-testid="rules-table">
        <thead>
          <tr>
            <th>{{ m.rules.rule }}</th>
            <th>{{ m.rules.title }}</th>
            <th class="num">{{ m.rules.total }}</th>
            <th class="num">{{ m.rules.insurers }}</th>
          </tr>
        </thead>
        <tbody>
          @for (r of ruleRows(); track r.code) {
            <tr [attr.data-rule]="r.code">
              <td>
                <a [routerLink]="['/console/rules', r.code]" [queryParams]="{ period: s.period }">{{
                  r.code
                }}</a>
              </td>
              <td>{{ r.title }}</td>
              <td class="num" data-key="total">{{ r.total }}</td>
              <td class="num" data-key="insurers">{{ r.insurers }}</td>
            </tr>
          }
        </tbody>
      </table>

      <h2>{{ m.charts.heading }}</h2>
      <div class="filters">
        <label>
          {{ m.charts.funnelGroup }}
          <select name="chartGroup" [ngModel]="chartGroup()" (ngModelChange)="chartGroup.set($event)">
            <option value="life">{{ m.groups.life }}</option>
            <option value="property">{{ m.groups.property }}</option>
          </select>
        </label>
        <label>
          {{ m.charts.funnelMetric }}
          <select
            name="funnelKey"
            [ngModel]="funnelKey()"
            (ngModelChange)="funnelKey.set($event)"
            data-testid="funnel-select"
          >
            @for (k of funnelKeys(); track k) {
              <option [value]="k">{{ m.metrics[k] ?? k }}</option>
            }
          </select>
        </label>
      </div>
      <div class="charts">
        <section class="card" data-testid="chart-ranking">
          <h3>{{ m.charts.ranking }}</h3>
          <app-echart [option]="ranking()" [height]="360" [label]="m.charts.ranking" />
        </section>
        <section class="card" data-testid="chart-funnel">
          <h3>{{ m.charts.funnel }} · {{ m.metrics[funnelKey()] ?? funnelKey() }}</h3>
          <app-echart [option]="funnel()" [height]="360" [label]="m.charts.funnel" />
        </section>
        <section class="card" data-testid="chart-methods">
          <h3>{{ m.charts.methods }}</h3>
          <app-echart [option]="methods()" [height]="360" [label]="m.charts.methods" />
        </section>
        <section class="card" data-testid="chart-categories">
          <h3>{{ m.charts.categories }}</h3>
          <app-echart [option]="categories()" [height]="360" [label]="m.charts.categories" />
        </section>
      </div>
    }
  `,
  styles: CONSOLE_STYLES,
})
export class ConsolePage {
  private readonly i18n = inject(I18nService);
  private readonly api = inject(ConsoleApi);
  private readonly session = inject(SessionService);
  private readonly router = inject(Router);
  protected readonly t = computed(() => (this.i18n.lang() === 'en' ? en : zh));
  /** `?period=` from a link. */
  readonly period = input<string>();

  protected readonly columns = OVERVIEW_COLUMNS;
  protected readonly kinds = KINDS;
  protected readonly companyRules = COMPANY_RULES;
  protected readonly periods = signal<string[]>([]);
  protected readonly stats = signal<PeriodStats | null>(null);
  protected readonly rules = signal<Rule[]>([]);
  protected readonly error = signal('');
  protected readonly loaded = signal(false);
  protected readonly sortKey = signal<string>('rank');
  protected readonly sortDir = signal<1 | -1>(1);
  protected readonly chartGroup = signal<'life' | 'property'>('life');
  protected readonly funnelKey = signal('complaints.per100mPremium');
  protected selectedPeriod = '';
  protected selectedGroup = '';

  protected readonly rows = computed(() => {
    const s = this.stats();
    if (!s) return [];
    const key = this.sortKey();
    const dir = this.sortDir();
    const value = (c: CompanyStats): number | string | null =>
      key === 'name' ? c.name : key === 'rank' ? c.rank : numeric(figure(c, key));
    return [...s.companies].sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      if (va === null && vb === null) return a.orgCode.localeCompare(b.orgCode);
      if (va === null) return 1; // missing figures last, whatever the direction
      if (vb === null) return -1;
      const cmp = typeof va === 'string' ? va.localeCompare(String(vb), 'zh-CN') : va - (vb as number);
      return cmp * dir || a.orgCode.localeCompare(b.orgCode);
    });
  });

  protected readonly ruleRows = computed(() => {
    const s = this.stats();
    const lang = this.i18n.lang();
    if (!s) return [];
    const codes = new Set<string>();
    for (const c of s.companies) for (const k of Object.keys(c.findings)) codes.add(k);
    return [...codes].sort().map((code) => {
      const rule = this.rules().find((r) => r.code === code);
      const counts = s.companies
        .map((c) => c.findings[code])
        .filter((v): v is number => typeof v === 'number');
      return {
        code,
        title: text(rule?.title, lang),
        total: counts.reduce((a, b) => a + b, 0),
        insurers: counts.filter((v) => v > 0).length,
      };
    });
  });

  private readonly chartCompanies = computed(() =>
    (this.stats()?.companies ?? []).filter((c) => c.group === this.chartGroup()),
  );
  private readonly chartBlock = computed(() => {
    const s = this.stats();
    return s?.groups[this.chartGroup()] ?? s?.industry ?? null;
  });
  protected readonly funnelKeys = computed(() => Object.keys(this.chartBlock()?.funnel ?? {}));
  protected readonly ranking = computed(() => rankingOption(this.chartCompanies(), this.t()));
  protected readonly methods = computed(() => methodMixOption(this.chartCompanies(), this.t()));
  protected readonly categories = computed(() => {
    const s = this.stats();
    return categoriesOption(s ? s.industry : { complaints: {} }, this.t());
  });
  protected readonly funnel = computed(() => {
    const block = this.chartBlock();
    const key = this.funnelKey();
    if (!block) return {};
    return funnelOption(this.chartCompanies(), block, key, this.t().metrics[key] ?? key, this.t());
  });

  constructor() {
    if (this.session.isInsurer()) {
      // Insurers see themselves against the group: their own page.
      void this.router.navigate(['/console', this.session.user()?.orgCode ?? '']);
      return;
    }
    effect(() => {
      const s = this.stats();
      if (s?.group) this.chartGroup.set(s.group);
    });
    void this.start();
  }

  private async start(): Promise<void> {
    try {
      const [periods, rules] = await Promise.all([this.api.periods(), this.api.rules().catch(() => [])]);
      this.periods.set(periods);
      this.rules.set(rules);
      this.selectedPeriod =
        this.period() && periods.includes(this.period() as string)
          ? (this.period() as string)
          : (periods[0] ?? '');
      this.loaded.set(true);
      if (this.selectedPeriod) await this.load();
    } catch (err) {
      this.error.set(apiMessage(err));
    }
  }

  async load(): Promise<void> {
    if (!this.selectedPeriod) return;
    try {
      this.stats.set(await this.api.overview(this.selectedPeriod, this.selectedGroup || undefined));
      this.error.set('');
    } catch (err) {
      this.stats.set(null);
      this.error.set(apiMessage(err));
    }
  }

  protected async download(kind: 'csv' | 'xlsx'): Promise<void> {
    try {
      await this.api.download(kind, this.selectedPeriod, this.selectedGroup || undefined);
    } catch (err) {
      this.error.set(apiMessage(err));
    }
  }

  protected sortBy(key: string): void {
    if (this.sortKey() === key) this.sortDir.update((d) => (d === 1 ? -1 : 1));
    else {
      this.sortKey.set(key);
      this.sortDir.set(1);
    }
  }

  protected arrow(key: string): string {
    return this.sortKey() === key ? (this.sortDir() === 1 ? ' ▲' : ' ▼') : '';
  }

  protected fig(
    source: {
      profile: CompanyStats['profile'];
      callbacks: CompanyStats['callbacks'];
      complaints: CompanyStats['complaints'];
    },
    key: string,
  ) {
    return figure(source, key);
  }

  protected fmt(key: string, v: unknown): string {
    return show(key, v);
  }

  protected signed(v: number | null | undefined): string {
    if (v === null || v === undefined) return '—';
    return `${v > 0 ? '+' : ''}${Number.isInteger(v) ? v : v.toFixed(2)}`;
  }

  /** An outlier is red when it lies on the bad side (e.g. a high complaint rate), green otherwise. */
  protected flag(c: CompanyStats, key: string): string {
    const dir = c.outlier[key];
    if (!dir) return '';
    const worse = this.stats()?.groups[c.group]?.funnel[key]?.worse;
    return dir === worse ? 'flag-bad' : 'flag-good';
  }

  protected outliersOf(c: CompanyStats): { key: string; dir: 'high' | 'low' }[] {
    return Object.entries(c.outlier)
      .filter((e): e is [string, 'high' | 'low'] => e[1] !== null)
      .map(([key, dir]) => ({ key, dir }));
  }

  protected pct = pct;
}
