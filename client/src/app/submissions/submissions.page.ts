import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { Subscription } from 'rxjs';
import { apiMessage } from '../core/auth.interceptor';
import { SessionService } from '../core/session.service';
import { I18nService } from '../i18n/i18n.service';
import type { PrecheckProgress, PrecheckResult } from '../precheck/precheck-run';
import { PrecheckService } from '../precheck/precheck.service';
import { RulesApi, type RuleDto } from '../rules/rules.api';
import { formatBytes, formatInstant, formatInteger } from './format';
import { lastCompletePeriod, periodProblem, reportablePeriods, todayInChina } from './periods';
import { PrecheckMemory } from './precheck-memory';
import { RuleCounts } from './rule-counts';
import { KINDS, SubmissionsApi, type Kind, type Submission } from './submissions.api';
import { en, zh } from './submissions.i18n';

type PrecheckState =
  | { phase: 'idle' }
  | { phase: 'running'; progress: PrecheckProgress | null }
  | { phase: 'done'; result: PrecheckResult }
  | { phase: 'failed'; message: string };

type UploadState =
  | { phase: 'idle' }
  | { phase: 'uploading'; loaded: number; total: number | null }
  | { phase: 'accepted' }
  | { phase: 'failed'; message: string };

/**
 * 数据报送: the insurer's upload page and submission history. A chosen file is pre-checked in a Web Worker
 * (same library, catalog and calendar as the server) before anything is sent; then it is uploaded with a
 * progress bar and the report opens (it follows the server's validation). Approvers see the history only.
 */
@Component({
  selector: 'app-submissions-page',
  imports: [FormsModule, RouterLink, RuleCounts],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let m = t();
    <h1>{{ m.heading }}</h1>
    <p class="muted">{{ m.intro }}</p>

    @if (isSubmitter()) {
      <section class="card" data-testid="upload-card">
        <h2>{{ m.upload.heading }}</h2>
        <div class="fields">
          <div>
            <label for="sub-kind">{{ m.upload.kind }}</label>
            <select id="sub-kind" name="kind" [ngModel]="kind()" (ngModelChange)="setKind($event)">
              @for (k of kinds; track k) {
                <option [value]="k">{{ m.kinds[k] }}</option>
              }
            </select>
          </div>
          <div>
            <label for="sub-period">{{ m.upload.period }}</label>
            <select id="sub-period" name="period" [ngModel]="period()" (ngModelChange)="setPeriod($event)">
              @for (p of periods; track p) {
                <option [value]="p">{{ p }}</option>
              }
            </select>
          </div>
        </div>
        <p class="muted small">{{ m.upload.periodHint }}</p>
        @if (periodError(); as e) {
          <p class="error" role="alert">{{ e }}</p>
        }
        <label for="sub-file">{{ m.upload.file }}</label>
        <input
          id="sub-file"
          type="file"
          accept=".csv,.gz,.xlsx,text/csv,application/gzip,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          (change)="chooseFile($event)"
          [disabled]="upload().phase === 'uploading'"
        />
        <p class="muted small">{{ m.upload.fileHint }}</p>

        @if (file(); as f) {
          <section class="precheck" data-testid="precheck" aria-live="polite">
            <h3>{{ m.precheck.heading }} · {{ f.name }} ({{ bytes(f.size) }})</h3>
            @switch (precheck().phase) {
              @case ('running') {
                <p>{{ m.precheck.running }}</p>
                <progress
                  data-testid="precheck-progress"
                  [value]="progressBytes()"
                  [max]="f.size || 1"
                ></progress>
                <p class="small" data-testid="precheck-rows">
                  {{ m.precheck.rows }} {{ int(progressRows()) }} {{ m.precheck.rowsUnit }} ·
                  {{ m.precheck.read }} {{ percent(progressBytes(), f.size) }}
                </p>
              }
              @case ('failed') {
                <p class="error" role="alert" data-testid="precheck-failed">
                  {{ m.precheck.failed }}{{ precheckMessage() }}
                </p>
                <p class="muted small">{{ m.precheck.failedHint }}</p>
              }
              @case ('done') {
                @if (result(); as r) {
                  <p data-testid="precheck-summary">
                    {{ m.precheck.done }} · {{ m.precheck.dataRows }}
                    <strong data-testid="precheck-row-count">{{ int(r.rows) }}</strong> ·
                    <span class="sev error"
                      >{{ m.history.errors }}
                      <strong data-testid="precheck-errors">{{ int(r.errors) }}</strong></span
                    >
                    ·
                    <span class="sev warning"
                      >{{ m.history.warnings }}
                      <strong data-testid="precheck-warnings">{{ int(r.warnings) }}</strong></span
                    >
                    ·
                    <span class="sev finding"
                      >{{ m.history.findings }}
                      <strong data-testid="precheck-findings">{{ int(r.findings) }}</strong></span
                    >
                  </p>
                  <p class="muted small">
                    {{ m.precheck.format }} {{ r.format ?? '—' }}
                    @if (r.encoding) {
                      · {{ m.precheck.encoding }} {{ r.encoding }}
                    }
                    · {{ m.precheck.catalogVersion }} {{ r.catalogVersion }} · {{ m.precheck.elapsed }}
                    {{ seconds(r.elapsedMs) }} {{ m.precheck.seconds }}
                  </p>
                  @if (r.errors > 0) {
                    <p class="error" data-testid="precheck-verdict">{{ m.precheck.errorsBlock }}</p>
                  } @else if (r.warnings + r.findings === 0) {
                    <p class="ok" data-testid="precheck-verdict">{{ m.precheck.clean }}</p>
                  } @else {
                    <p class="ok" data-testid="precheck-verdict">{{ m.precheck.noErrors }}</p>
                  }
                  @if (r.errors + r.warnings + r.findings > 0) {
                    <div data-testid="precheck-counts">
                      <app-rule-counts
                        [counts]="r.countsByRule"
                        [rules]="ruleMap()"
                        [lang]="lang()"
                        [t]="m"
                      />
                    </div>
                    <details class="sample">
                      <summary>{{ sampleTitle(r.sample.length) }}</summary>
                      <table>
                        <thead>
                          <tr>
                            <th>{{ m.table.row }}</th>
                            <th>{{ m.table.rule }}</th>
                            <th>{{ m.table.message }}</th>
                          </tr>
                        </thead>
                        <tbody>
                          @for (i of r.sample; track $index) {
                            <tr>
                              <td>{{ i.row ?? '—' }}</td>
                              <td>
                                <code>{{ i.rule }}</code>
                              </td>
                              <td>{{ i.message[lang()] }}</td>
                            </tr>
                          }
                        </tbody>
                      </table>
                    </details>
                  }
                  @if (r.unknownRules.length > 0) {
                    <p class="muted small">{{ m.precheck.serverOnly }} {{ r.unknownRules.join(', ') }}</p>
                  }
                  <p class="muted small">{{ m.precheck.sameLibrary }}</p>
                }
              }
            }
            <div class="actions">
              <button
                type="button"
                class="primary"
                data-testid="upload-button"
                [disabled]="!canUpload()"
                (click)="send()"
              >
                {{ (result()?.errors ?? 0) > 0 ? m.upload.sendAnyway : m.upload.send }}
              </button>
              @if (precheck().phase === 'done' || precheck().phase === 'failed') {
                <button type="button" class="linkish" (click)="startPrecheck()">
                  {{ m.upload.recheck }}
                </button>
              }
            </div>
            @switch (upload().phase) {
              @case ('uploading') {
                <p>{{ m.upload.uploading }} {{ percent(uploadLoaded(), uploadTotal() ?? f.size) }}</p>
                <progress
                  data-testid="upload-progress"
                  [value]="uploadLoaded()"
                  [max]="uploadTotal() ?? f.size"
                ></progress>
              }
              @case ('accepted') {
                <p class="ok" role="status">{{ m.upload.accepted }}</p>
              }
              @case ('failed') {
                <p class="error" role="alert" data-testid="upload-error">{{ uploadMessage() }}</p>
              }
            }
          </section>
        }
      </section>
    } @else {
      <p class="muted">{{ m.upload.approverOnly }}</p>
    }

    <section data-testid="history">
      <h2>{{ m.history.heading }}</h2>
      <form class="filters" (ngSubmit)="loadHistory()">
        <label>
          {{ m.history.period }}
          <select name="historyPeriod" [ngModel]="historyPeriod()" (ngModelChange)="setHistoryPeriod($event)">
            @for (p of periods; track p) {
              <option [value]="p">{{ p }}</option>
            }
          </select>
        </label>
        <label>
          {{ m.history.kind }}
          <select name="historyKind" [ngModel]="historyKind()" (ngModelChange)="setHistoryKind($event)">
            <option value="">{{ m.history.allKinds }}</option>
            @for (k of kinds; track k) {
              <option [value]="k">{{ m.kinds[k] }}</option>
            }
          </select>
        </label>
        <button type="submit" class="linkish">{{ m.history.refresh }}</button>
      </form>
      @if (historyError()) {
        <p class="error" role="alert">{{ historyError() }}</p>
      }
      <table class="history" data-testid="history-table">
        <thead>
          <tr>
            <th>{{ m.history.kind }}</th>
            <th>{{ m.history.version }}</th>
            <th>{{ m.history.status }}</th>
            <th class="num">{{ m.history.rows }}</th>
            <th class="num">{{ m.history.errors }}</th>
            <th class="num">{{ m.history.warnings }}</th>
            <th class="num">{{ m.history.findings }}</th>
            <th>{{ m.history.createdAt }}</th>
            <th>{{ m.history.receipt }}</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          @for (s of history(); track s.id) {
            <tr [attr.data-submission]="s.id" [attr.data-version]="s.version" [attr.data-kind]="s.kind">
              <td>{{ m.kinds[s.kind] ?? s.kind }}</td>
              <td>v{{ s.version }}</td>
              <td>
                <span class="status" [class]="'status ' + s.status" data-testid="history-status">{{
                  m.statuses[s.status] ?? s.status
                }}</span>
                @if (s.late) {
                  <span class="late">{{ m.history.lateYes }}</span>
                }
              </td>
              <td class="num">{{ int(s.rows) }}</td>
              <td class="num">{{ int(s.errors) }}</td>
              <td class="num">{{ int(s.warnings) }}</td>
              <td class="num">{{ int(s.findings) }}</td>
              <td>{{ instant(s.createdAt) }}</td>
              <td>
                @if (s.receiptNo) {
                  <code>{{ s.receiptNo }}</code>
                } @else {
                  —
                }
              </td>
              <td>
                <a [routerLink]="['/submissions', s.id]">{{ m.history.open }}</a>
              </td>
            </tr>
          } @empty {
            <tr>
              <td colspan="10" class="muted">{{ m.history.empty }}</td>
            </tr>
          }
        </tbody>
      </table>
    </section>
  `,
  styles: `
    .fields {
      display: flex;
      flex-wrap: wrap;
      gap: 1rem;
    }
    select {
      font: inherit;
      padding: 0.45rem;
      border: 1px solid var(--line);
      border-radius: 4px;
      min-width: 12rem;
    }
    .precheck {
      border-top: 1px solid var(--line);
      margin-top: 1rem;
      padding-top: 0.5rem;
    }
    h3 {
      font-size: 1rem;
      margin: 0.5rem 0;
    }
    progress {
      width: 100%;
      height: 1rem;
    }
    .actions {
      display: flex;
      gap: 1rem;
      align-items: center;
      margin: 1rem 0 0.5rem;
    }
    .linkish {
      background: none;
      border: 0;
      color: var(--brand);
      text-decoration: underline;
      cursor: pointer;
      font: inherit;
    }
    button.primary[disabled] {
      opacity: 0.5;
      cursor: not-allowed;
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
    }
    .num {
      text-align: right;
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
    .status.superseded {
      color: var(--muted);
    }
    .sev.warning {
      color: var(--warn);
    }
    .late {
      margin-left: 0.4rem;
      color: var(--warn);
      font-size: 0.85rem;
    }
    .small {
      font-size: 0.85rem;
    }
    .sample {
      margin-top: 0.75rem;
    }
  `,
})
export class SubmissionsPage {
  private readonly i18n = inject(I18nService);
  private readonly session = inject(SessionService);
  private readonly api = inject(SubmissionsApi);
  private readonly rulesApi = inject(RulesApi);
  private readonly prechecker = inject(PrecheckService);
  private readonly memory = inject(PrecheckMemory);
  private readonly router = inject(Router);

  protected readonly t = computed(() => (this.i18n.lang() === 'en' ? en : zh));
  protected readonly lang = computed<'zh' | 'en'>(() => (this.i18n.lang() === 'en' ? 'en' : 'zh'));
  protected readonly isSubmitter = computed(() => this.session.user()?.role === 'insurer_submitter');
  protected readonly kinds = KINDS;
  private readonly today = todayInChina();
  protected readonly periods = reportablePeriods(this.today);

  protected readonly kind = signal<Kind>('callbacks');
  protected readonly period = signal(lastCompletePeriod(this.today));
  protected readonly file = signal<File | null>(null);
  protected readonly precheck = signal<PrecheckState>({ phase: 'idle' });
  protected readonly upload = signal<UploadState>({ phase: 'idle' });
  protected readonly rules = signal<RuleDto[]>([]);
  protected readonly ruleMap = computed(() => new Map(this.rules().map((r) => [r.code, r])));

  protected readonly historyPeriod = signal(this.period());
  protected readonly historyKind = signal<string>('');
  protected readonly history = signal<Submission[]>([]);
  protected readonly historyError = signal('');

  protected readonly result = computed(() => {
    const s = this.precheck();
    return s.phase === 'done' ? s.result : null;
  });
  protected readonly precheckMessage = computed(() => {
    const s = this.precheck();
    return s.phase === 'failed' ? s.message : '';
  });
  protected readonly progressRows = computed(() => {
    const s = this.precheck();
    return s.phase === 'running' ? (s.progress?.rows ?? 0) : 0;
  });
  protected readonly progressBytes = computed(() => {
    const s = this.precheck();
    return s.phase === 'running' ? (s.progress?.bytesRead ?? 0) : 0;
  });
  protected readonly uploadLoaded = computed(() => {
    const u = this.upload();
    return u.phase === 'uploading' ? u.loaded : 0;
  });
  protected readonly uploadTotal = computed(() => {
    const u = this.upload();
    return u.phase === 'uploading' ? u.total : null;
  });
  protected readonly uploadMessage = computed(() => {
    const u = this.upload();
    return u.phase === 'failed' ? u.message : '';
  });
  protected readonly periodError = computed(() => {
    const problem = periodProblem(this.period(), this.today);
    const m = this.t().upload;
    return problem === 'malformed' ? m.periodMalformed : problem === 'notBegun' ? m.periodNotBegun : null;
  });
  protected readonly canUpload = computed(
    () =>
      !!this.file() &&
      !this.periodError() &&
      (this.precheck().phase === 'done' || this.precheck().phase === 'failed') &&
      this.upload().phase !== 'uploading' &&
      this.upload().phase !== 'accepted',
  );

  private running: Subscription | null = null;
  private sending: Subscription | null = null;
  /** The latest pre-check asked for: an older one finishing late is ignored. */
  private currentRun: object | null = null;

  protected readonly int = formatInteger;
  protected readonly bytes = formatBytes;
  protected readonly instant = formatInstant;

  constructor() {
    void this.rulesApi.catalog().then(
      (c) => this.rules.set(c.rules),
      () => undefined,
    );
    void this.loadHistory();
    inject(DestroyRef).onDestroy(() => {
      this.running?.unsubscribe();
      this.sending?.unsubscribe();
    });
  }

  protected setKind(kind: Kind): void {
    this.kind.set(kind);
    this.startPrecheck();
  }

  protected setPeriod(period: string): void {
    this.period.set(period);
    this.historyPeriod.set(period);
    void this.loadHistory();
    this.startPrecheck();
  }

  protected setHistoryPeriod(period: string): void {
    this.historyPeriod.set(period);
    void this.loadHistory();
  }

  protected setHistoryKind(kind: string): void {
    this.historyKind.set(kind);
    void this.loadHistory();
  }

  protected chooseFile(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.file.set(input.files?.[0] ?? null);
    this.upload.set({ phase: 'idle' });
    this.startPrecheck();
  }

  /** (Re)runs the pre-check of the chosen file for the chosen kind and period; nothing is sent. */
  protected startPrecheck(): void {
    this.running?.unsubscribe();
    this.running = null;
    const file = this.file();
    if (this.upload().phase !== 'uploading') this.upload.set({ phase: 'idle' });
    if (!file || this.periodError()) {
      this.precheck.set({ phase: 'idle' });
      return;
    }
    const orgCode = this.session.user()?.orgCode ?? '';
    this.precheck.set({ phase: 'running', progress: null });
    const base = { kind: this.kind(), period: this.period(), orgCode, uploadDate: this.today };
    const token = {};
    this.currentRun = token;
    this.prechecker.request(base).then(
      (request) => {
        if (this.currentRun !== token) return;
        this.running = this.prechecker.run(file, request).subscribe((e) => {
          if (e.type === 'progress') this.precheck.set({ phase: 'running', progress: e });
          else if (e.type === 'result') this.precheck.set({ phase: 'done', result: e.result });
          else this.precheck.set({ phase: 'failed', message: e.message });
        });
      },
      (err: unknown) => {
        if (this.currentRun === token) this.precheck.set({ phase: 'failed', message: apiMessage(err) });
      },
    );
  }

  protected send(): void {
    const file = this.file();
    if (!file || !this.canUpload()) return;
    const precheck = this.result();
    this.upload.set({ phase: 'uploading', loaded: 0, total: file.size });
    this.sending = this.api.upload(this.kind(), this.period(), file).subscribe({
      next: (e) => {
        if (e.type === 'progress') {
          this.upload.set({ phase: 'uploading', loaded: e.loaded, total: e.total });
          return;
        }
        this.upload.set({ phase: 'accepted' });
        if (precheck) this.memory.remember(e.accepted.id, precheck);
        const notices: string[] = [];
        if (e.accepted.duplicate) notices.push(this.t().upload.duplicate);
        if (e.accepted.late) notices.push(this.t().upload.late);
        void this.router.navigate(['/submissions', e.accepted.id], {
          state: notices.length > 0 ? { notices } : undefined,
        });
      },
      error: (err: unknown) => this.upload.set({ phase: 'failed', message: apiMessage(err) }),
    });
  }

  protected async loadHistory(): Promise<void> {
    this.historyError.set('');
    try {
      const list = await this.api.list({ period: this.historyPeriod(), kind: this.historyKind() });
      this.history.set(list);
    } catch (err) {
      this.historyError.set(apiMessage(err));
    }
  }

  protected percent(part: number, whole: number): string {
    if (!whole) return '0%';
    return `${Math.min(100, Math.floor((part / whole) * 100))}%`;
  }

  protected seconds(ms: number): string {
    return (ms / 1000).toFixed(1);
  }

  protected sampleTitle(n: number): string {
    return this.t().precheck.sample.replace('{n}', String(n));
  }
}
