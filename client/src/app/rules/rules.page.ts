import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { CATALOG_V1, findRule, type ParamValue } from '@portal/reporting-standard';
import { apiMessage } from '../core/auth.interceptor';
import { I18nService } from '../i18n/i18n.service';
import { SessionService } from '../core/session.service';
import { RulesApi, type LocalRuleChangeDto, type RuleDto } from './rules.api';
import { en, zh } from './rules.i18n';

interface ParamView {
  name: string;
  value: string;
  description: string;
}

const GROUPS = ['error', 'warning', 'finding'] as const;

interface PackView {
  jurisdiction: string;
  name: { zh: string; en: string };
  citation: { zh: string; en: string };
  changes: { code: string; change: LocalRuleChangeDto }[];
}

/** 规则目录 (public): every rule insurers are checked against, with its citation and parameters in force. */
@Component({
  selector: 'app-rules-page',
  imports: [FormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let m = t();
    <h1>{{ m.heading }}</h1>
    <p class="muted">{{ m.intro }}</p>
    @if (error()) {
      <p class="error" role="alert">{{ error() }}</p>
    }
    @if (version(); as v) {
      <p>
        {{ m.version }} <strong data-testid="catalog-version">v{{ v }}</strong> ·
        <label class="inline">
          {{ m.filterKind }}
          <select name="kind" [ngModel]="kind()" (ngModelChange)="kind.set($event)">
            <option value="">{{ m.allKinds }}</option>
            @for (k of kindCodes; track k) {
              <option [value]="k">{{ m.kinds[k] }}</option>
            }
          </select>
        </label>
      </p>
    } @else if (!error()) {
      <p class="muted">{{ m.loading }}</p>
    }
    @if (isInsurer() && version()) {
      <p data-testid="own-pack">
        @if (ownPack(); as own) {
          {{ m.packs.yourPack }} <strong>{{ own.name[lang()] }}（{{ own.jurisdiction }}）</strong>
        } @else {
          {{ m.packs.yourNational }}
        }
      </p>
    }
    @if (packs().length > 0) {
      <h2>{{ m.packs.heading }}</h2>
      <p class="muted small">{{ m.packs.intro }}</p>
      <table data-testid="local-packs">
        <thead>
          <tr>
            <th>{{ m.packs.jurisdiction }}</th>
            <th>{{ m.columns.title }}</th>
            <th>{{ m.packs.basis }}</th>
            <th>{{ m.packs.changes }}</th>
          </tr>
        </thead>
        <tbody>
          @for (p of packs(); track p.jurisdiction) {
            <tr [attr.data-pack]="p.jurisdiction" [class.own]="p.jurisdiction === ownJurisdiction()">
              <td class="code">
                <code>{{ p.jurisdiction }}</code>
                @if (p.jurisdiction === ownJurisdiction()) {
                  <div class="small own-label">{{ m.packs.appliesToYou }}</div>
                }
              </td>
              <td>{{ p.name[lang()] }}</td>
              <td class="citation">{{ p.citation[lang()] }}</td>
              <td class="small">
                @for (c of p.changes; track c.code) {
                  <div>
                    <code>{{ c.code }}</code> {{ changeText(c.change) }}
                  </div>
                }
              </td>
            </tr>
          }
        </tbody>
      </table>
    }
    @for (g of groups; track g) {
      @if (byGroup()[g].length > 0) {
        <h2>{{ m.groups[g] }}</h2>
        <table [attr.data-testid]="'rules-' + g">
          <thead>
            <tr>
              <th>{{ m.columns.code }}</th>
              <th>{{ m.columns.title }}</th>
              <th>{{ m.columns.scope }}</th>
              <th>{{ m.columns.citation }}</th>
              <th>{{ m.columns.params }}</th>
            </tr>
          </thead>
          <tbody>
            @for (r of byGroup()[g]; track r.code) {
              <tr [attr.data-rule]="r.code" [class.off]="r.enabled === false">
                <td class="code">
                  <code>{{ r.code }}</code>
                  @if (r.enabled === false) {
                    <div class="small off-label">{{ m.disabled }}</div>
                  }
                </td>
                <td>
                  {{ r.title[lang()] }}
                  @if (r.note; as note) {
                    <div class="small muted">{{ note[lang()] }}</div>
                  }
                </td>
                <td class="small">
                  {{ m.scopes[r.scope] ?? r.scope }}
                  @if (r.kinds?.length) {
                    <div class="muted">{{ kindsText(r.kinds ?? []) }}</div>
                  }
                  @if (r.effectiveFrom || r.effectiveTo) {
                    <div class="muted">
                      {{ m.effective }} {{ r.effectiveFrom ? m.from + ' ' + r.effectiveFrom : '' }}
                      {{ r.effectiveTo ? m.to + ' ' + r.effectiveTo : '' }}
                    </div>
                  }
                </td>
                <td class="citation">{{ r.citation[lang()] }}</td>
                <td class="small">
                  @for (p of paramsOf(r); track p.name) {
                    <div class="param" [attr.data-param]="p.name">
                      <code>{{ p.name }} = {{ p.value }}</code>
                      @if (p.description) {
                        <div class="muted">{{ p.description }}</div>
                      }
                    </div>
                  } @empty {
                    {{ m.none }}
                  }
                  @for (l of r.localPacks ?? []; track l.jurisdiction) {
                    <div
                      class="local"
                      [attr.data-local-pack]="l.jurisdiction"
                      [class.own]="l.jurisdiction === ownJurisdiction()"
                    >
                      {{ l.name[lang()] }}（{{ l.jurisdiction }}）：{{ changeText(l) }}
                    </div>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      }
    }
  `,
  styles: `
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
    .citation {
      font-size: 0.9rem;
    }
    .code {
      white-space: nowrap;
    }
    .small {
      font-size: 0.85rem;
    }
    .param + .param {
      margin-top: 0.35rem;
    }
    tr.off td {
      color: var(--muted);
    }
    .off-label {
      color: var(--warn);
    }
    .inline {
      display: inline;
      font-weight: normal;
    }
    select {
      font: inherit;
      padding: 0.3rem;
      border: 1px solid var(--line);
      border-radius: 4px;
    }
    .error {
      color: var(--bad);
    }
    .local {
      margin-top: 0.35rem;
      padding-left: 0.4rem;
      border-left: 3px solid var(--line);
    }
    .local.own,
    .own-label {
      border-left-color: var(--warn);
      font-weight: 600;
    }
  `,
})
export class RulesPage {
  private readonly i18n = inject(I18nService);
  private readonly api = inject(RulesApi);
  private readonly session = inject(SessionService);

  protected readonly t = computed(() => (this.i18n.lang() === 'en' ? en : zh));
  protected readonly lang = computed<'zh' | 'en'>(() => (this.i18n.lang() === 'en' ? 'en' : 'zh'));
  protected readonly groups = GROUPS;
  protected readonly kindCodes = ['callbacks', 'complaints', 'profile'];
  protected readonly rules = signal<RuleDto[]>([]);
  protected readonly version = signal<number | null>(null);
  protected readonly error = signal('');
  protected readonly kind = signal('');
  protected readonly isInsurer = this.session.isInsurer;
  /** The jurisdiction whose pack checks the signed-in insurer (null: national rules, or not an insurer). */
  protected readonly ownJurisdiction = signal<string | null>(null);

  /** The local packs of the version, gathered from the rules they change. */
  protected readonly packs = computed<PackView[]>(() => {
    const byJurisdiction = new Map<string, PackView>();
    for (const r of this.rules()) {
      for (const l of r.localPacks ?? []) {
        let pack = byJurisdiction.get(l.jurisdiction);
        if (!pack) {
          pack = { jurisdiction: l.jurisdiction, name: l.name, citation: l.citation, changes: [] };
          byJurisdiction.set(l.jurisdiction, pack);
        }
        pack.changes.push({ code: r.code, change: l });
      }
    }
    return [...byJurisdiction.values()].sort((a, b) => a.jurisdiction.localeCompare(b.jurisdiction));
  });
  protected readonly ownPack = computed(
    () => this.packs().find((p) => p.jurisdiction === this.ownJurisdiction()) ?? null,
  );

  protected readonly byGroup = computed(() => {
    const kind = this.kind();
    const out: Record<(typeof GROUPS)[number], RuleDto[]> = { error: [], warning: [], finding: [] };
    for (const r of this.rules()) {
      if (kind && r.kinds && !r.kinds.includes(kind)) continue;
      out[r.severity]?.push(r);
    }
    return out;
  });

  constructor() {
    this.api.catalog(true).then(
      (c) => {
        this.rules.set(c.rules);
        this.version.set(c.version);
      },
      (err: unknown) => this.error.set(apiMessage(err)),
    );
    if (this.session.isInsurer()) {
      this.api.effective(true).then(
        (c) => this.ownJurisdiction.set(c.jurisdiction),
        (err: unknown) => this.error.set(apiMessage(err)),
      );
    }
  }

  /** What a local pack changes in one rule, in words. */
  protected changeText(l: LocalRuleChangeDto): string {
    const m = this.t().packs;
    const lang = this.lang();
    const parts: string[] = [];
    if (l.enabled !== undefined) parts.push(l.enabled ? m.on : m.off);
    if (l.severity) parts.push(`${m.severity} ${this.t().groups[l.severity] ?? l.severity}`);
    for (const [name, value] of Object.entries(l.params ?? {}))
      parts.push(`${name} = ${showParam(value, lang)}`);
    if (l.effectiveFrom !== undefined || l.effectiveTo !== undefined)
      parts.push(`${this.t().effective} ${l.effectiveFrom ?? ''}–${l.effectiveTo ?? ''}`);
    return parts.join('；');
  }

  protected kindsText(kinds: readonly string[]): string {
    const m = this.t();
    return kinds.map((k) => m.kinds[k] ?? k).join('、');
  }

  /** Parameters in force, described by the library's parameter specs. */
  protected paramsOf(r: RuleDto): ParamView[] {
    const specs = findRule(CATALOG_V1, r.code)?.paramSpecs ?? {};
    const lang = this.lang();
    return Object.entries(r.params ?? {}).map(([name, value]) => ({
      name,
      value: showParam(value, lang),
      description: specs[name]?.description[lang] ?? '',
    }));
  }
}

function showParam(v: ParamValue, lang: 'zh' | 'en'): string {
  if (Array.isArray(v)) return v.length ? v.join(', ') : '[]';
  if (typeof v === 'boolean') return lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no';
  return String(v);
}
