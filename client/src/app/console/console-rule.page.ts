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
import { apiMessage } from '../core/auth.interceptor';
import { I18nService } from '../i18n/i18n.service';
import { barsOption } from './console-charts';
import {
  ConsoleApi,
  figure,
  numeric,
  text,
  type CompanyStats,
  type PeriodStats,
  type Rule,
} from './console.api';
import { en, zh } from './console.i18n';
import { CONSOLE_STYLES } from './console.styles';
import { EChart } from './echart';

/** The records a rule's count is judged against (for the rate per 1,000). */
function baseKey(code: string): string | null {
  if (code === 'CL-01') return 'callbacks.byType.claim.count';
  if (code.startsWith('CB-') && !code.startsWith('CB-C')) return 'callbacks.due';
  if (code === 'CP-02' || code === 'CP-03') return 'complaints.forwarded.total';
  if (code === 'CP-01') return 'complaints.total';
  return null;
}

/** One rule: which insurers break it most in a period, with the rule's title, citation and parameters. */
@Component({
  selector: 'app-console-rule-page',
  imports: [FormsModule, RouterLink, EChart],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let m = t();
    <p class="small">
      <a routerLink="/console" [queryParams]="{ period: selectedPeriod }">← {{ m.rule.back }}</a>
    </p>
    <h1 data-testid="rule-heading">{{ m.rule.heading }} · {{ code() }} {{ title() }}</h1>
    @if (rule(); as r) {
      <p class="small">
        <strong>{{ m.rules.citation }}：</strong>{{ citation() }}
      </p>
      <p class="small muted">
        <strong>{{ m.rule.params }}：</strong>{{ params(r) }}
      </p>
    }
    <form class="filters" (ngSubmit)="load()">
      <label>
        {{ m.period }}
        <select name="period" [(ngModel)]="selectedPeriod" (ngModelChange)="load()">
          @for (p of periods(); track p) {
            <option [value]="p">{{ p }}</option>
          }
        </select>
      </label>
    </form>
    @if (error()) {
      <p class="error" role="alert">{{ error() }}</p>
    }
    @if (stats()) {
      <h2>{{ m.rule.insurers }}</h2>
      <table data-testid="rule-table">
        <thead>
          <tr>
            <th>{{ m.table.insurer }}</th>
            <th>{{ m.table.group }}</th>
            <th class="num">{{ m.company.count }}</th>
            @if (base()) {
              <th class="num">{{ m.rule.scope }}（{{ m.metrics[base()!] ?? base() }}）</th>
              <th class="num">{{ m.rule.perThousand }}</th>
            }
          </tr>
        </thead>
        <tbody>
          @for (r of rows(); track r.c.orgCode) {
            <tr [attr.data-org]="r.c.orgCode">
              <td>
                <a [routerLink]="['/console', r.c.orgCode]" [queryParams]="{ period: selectedPeriod }">{{
                  r.c.name
                }}</a>
              </td>
              <td>{{ m.groups[r.c.group] }}</td>
              <td class="num" data-key="count">{{ r.count }}</td>
              @if (base()) {
                <td class="num">{{ r.base ?? '—' }}</td>
                <td class="num">{{ r.perThousand === null ? '—' : r.perThousand.toFixed(2) }}</td>
              }
            </tr>
          }
        </tbody>
      </table>
      <section class="card" data-testid="chart-rule">
        <app-echart [option]="chart()" [height]="380" [label]="code()" />
      </section>
    }
  `,
  styles: CONSOLE_STYLES,
})
export class ConsoleRulePage {
  private readonly i18n = inject(I18nService);
  private readonly api = inject(ConsoleApi);
  protected readonly t = computed(() => (this.i18n.lang() === 'en' ? en : zh));
  readonly code = input.required<string>();
  readonly period = input<string>();

  protected readonly periods = signal<string[]>([]);
  protected readonly stats = signal<PeriodStats | null>(null);
  protected readonly rules = signal<Rule[]>([]);
  protected readonly error = signal('');
  protected selectedPeriod = '';

  protected readonly rule = computed(() => this.rules().find((r) => r.code === this.code()) ?? null);
  protected readonly title = computed(() => text(this.rule()?.title, this.i18n.lang()));
  protected readonly citation = computed(() => text(this.rule()?.citation, this.i18n.lang()));
  protected readonly base = computed(() => baseKey(this.code()));
  protected readonly rows = computed(() => {
    const s = this.stats();
    const code = this.code();
    const base = this.base();
    if (!s) return [];
    return s.companies
      .map((c: CompanyStats) => {
        const count = c.findings[code];
        const b = base ? numeric(figure(c, base)) : null;
        return {
          c,
          count: typeof count === 'number' ? count : null,
          base: b,
          perThousand: typeof count === 'number' && b ? (count / b) * 1000 : null,
        };
      })
      .filter((r) => r.count !== null && r.count > 0)
      .sort((a, b) => (b.count as number) - (a.count as number) || a.c.orgCode.localeCompare(b.c.orgCode));
  });
  protected readonly chart = computed(() =>
    barsOption(
      this.rows().map((r) => ({ name: r.c.name, value: r.count as number })),
      this.t().company.count,
    ),
  );

  constructor() {
    effect(() => {
      this.code();
      untracked(() => void this.start());
    });
  }

  private async start(): Promise<void> {
    try {
      const [periods, rules] = await Promise.all([this.api.periods(), this.api.rules().catch(() => [])]);
      this.periods.set(periods);
      this.rules.set(rules);
      const wanted = this.period();
      this.selectedPeriod = wanted && periods.includes(wanted) ? wanted : (periods[0] ?? '');
      await this.load();
    } catch (err) {
      this.error.set(apiMessage(err));
    }
  }

  async load(): Promise<void> {
    if (!this.selectedPeriod) return;
    try {
      this.stats.set(await this.api.overview(this.selectedPeriod));
      this.error.set('');
    } catch (err) {
      this.stats.set(null);
      this.error.set(apiMessage(err));
    }
  }

  protected params(r: Rule): string {
    return Object.entries(r.params)
      .map(([k, v]) => `${k} = ${Array.isArray(v) ? v.join(', ') : String(v)}`)
      .join('；');
  }
}
