import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { RuleDto } from '../rules/rules.api';
import { bySeverityThenCode, formatInteger } from './format';
import type { SubmissionsMessages } from './submissions.i18n';

interface CountRow {
  code: string;
  title: string;
  citation: string;
  severity: string;
  count: number;
  compare: number | null;
}

/**
 * Counts per rule with the rule's title, kind and citation from the catalog; optionally a second column
 * (the browser pre-check next to the server's counts) with disagreements marked.
 */
@Component({
  selector: 'app-rule-counts',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let m = t();
    <table class="counts">
      <thead>
        <tr>
          <th>{{ m.table.rule }}</th>
          <th>{{ m.table.title }}</th>
          <th>{{ m.table.severity }}</th>
          <th class="num">{{ compare() ? m.table.server : m.table.count }}</th>
          @if (compare()) {
            <th class="num">{{ m.table.precheck }}</th>
          }
          <th>{{ m.table.citation }}</th>
        </tr>
      </thead>
      <tbody>
        @for (r of rows(); track r.code) {
          <tr [attr.data-rule]="r.code" [class]="'sev-' + r.severity">
            <td class="code">
              <code>{{ r.code }}</code>
            </td>
            <td>{{ r.title }}</td>
            <td>
              <span class="badge" [class]="'badge ' + r.severity">{{
                m.severities[r.severity] ?? r.severity
              }}</span>
            </td>
            <td class="num" data-testid="rule-count">{{ fmt(r.count) }}</td>
            @if (compare()) {
              <td class="num" data-testid="rule-precheck" [class.differs]="r.compare !== r.count">
                {{ fmt(r.compare ?? 0) }}
              </td>
            }
            <td class="citation">{{ r.citation }}</td>
          </tr>
        }
      </tbody>
    </table>
  `,
  styles: `
    .counts {
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
    .num,
    .code {
      text-align: right;
      white-space: nowrap;
    }
    .code {
      text-align: left;
    }
    .citation {
      color: var(--muted);
      font-size: 0.85rem;
    }
    .badge {
      font-size: 0.8rem;
      padding: 0.05rem 0.4rem;
      border-radius: 3px;
      white-space: nowrap;
    }
    .badge.error {
      background: #fdecea;
      color: var(--bad);
    }
    .badge.warning {
      background: #fff4d6;
      color: var(--warn);
    }
    .badge.finding {
      background: #e8f0fa;
      color: var(--brand);
    }
    .differs {
      color: var(--bad);
      font-weight: 700;
    }
  `,
})
export class RuleCounts {
  readonly counts = input.required<Readonly<Record<string, number>>>();
  readonly compare = input<Readonly<Record<string, number>> | null>(null);
  readonly rules = input<ReadonlyMap<string, RuleDto>>(new Map());
  readonly lang = input<'zh' | 'en'>('zh');
  readonly t = input.required<SubmissionsMessages>();

  protected readonly fmt = formatInteger;

  protected readonly rows = computed<CountRow[]>(() => {
    const counts = this.counts();
    const compare = this.compare();
    const rules = this.rules();
    const lang = this.lang();
    const codes = new Set(Object.keys(counts).filter((c) => counts[c] > 0));
    if (compare) for (const c of Object.keys(compare)) if (compare[c] > 0) codes.add(c);
    const severityOf = (code: string) => rules.get(code)?.severity;
    return [...codes].sort(bySeverityThenCode(severityOf)).map((code) => {
      const rule = rules.get(code);
      return {
        code,
        title: rule ? rule.title[lang] : code,
        citation: rule ? rule.citation[lang] : '',
        severity: rule?.severity ?? 'error',
        count: counts[code] ?? 0,
        compare: compare ? (compare[code] ?? 0) : null,
      };
    });
  });
}
