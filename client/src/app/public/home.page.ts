import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { apiMessage } from '../core/auth.interceptor';
import { BulletinsApi, type PublicBulletin, periodName } from '../bulletins/bulletins.api';
import { en, zh } from '../bulletins/bulletins.i18n';
import { I18nService } from '../i18n/i18n.service';

interface PeriodGroup {
  period: string;
  bulletins: (PublicBulletin & { current: boolean })[];
}

/**
 * The public landing page: the published bulletins by period (newest first), each edition with its PDF,
 * CSV and JSON and the PDF's SHA-256 to verify a download; an honest empty state while there are none.
 */
@Component({
  selector: 'app-home-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let m = i18n.messages().home;
    @let b = t().public;
    <h1>{{ m.heading }}</h1>
    <p class="muted">{{ m.intro }}</p>
    @if (error()) {
      <p class="error" role="alert">{{ b.loadError }}：{{ error() }}</p>
    } @else if (loaded() && groups().length === 0) {
      <section class="card empty" aria-live="polite" data-testid="bulletins-empty">
        <strong>{{ m.emptyTitle }}</strong>
        <p class="muted">{{ m.emptyBody }}</p>
      </section>
    } @else if (loaded()) {
      <section aria-live="polite" data-testid="bulletins-published">
        <h2>{{ b.heading }}</h2>
        @for (g of groups(); track g.period) {
          <section class="card period" [attr.data-period]="g.period">
            <h3>{{ period(g.period) }}</h3>
            @for (x of g.bulletins; track x.id) {
              <article class="bulletin" [class.superseded]="!x.current" data-testid="published-bulletin">
                <p class="title">
                  <strong>{{ x.title }}</strong>
                  <span class="tag">{{ fill(b.edition, x.edition) }}</span>
                  @if (x.replaces) {
                    <span class="tag">{{ fill(b.replaces, x.edition - 1) }}</span>
                  }
                  <span class="tag" [class.current]="x.current">{{
                    x.current ? b.latest : b.superseded
                  }}</span>
                </p>
                <p class="muted small">{{ b.publishedAt }}：{{ x.publishedAt.slice(0, 10) }}</p>
                <p class="downloads">
                  <a [href]="x.pdfUrl" download data-testid="download-pdf">{{ b.pdf }}</a>
                  <a [href]="x.csvUrl" download data-testid="download-csv">{{ b.csv }}</a>
                  <a [href]="x.jsonUrl" download data-testid="download-json">{{ b.json }}</a>
                </p>
                <p class="small">
                  {{ b.sha256 }}：<code class="sha" data-testid="bulletin-sha256">{{ x.sha256 }}</code>
                </p>
              </article>
            }
          </section>
        }
        <p class="muted small">{{ b.verify }}</p>
      </section>
    }
    <h2>{{ m.audiencesHeading }}</h2>
    <div class="grid">
      <section class="card">
        <h3>{{ m.insurerTitle }}</h3>
        <p>{{ m.insurerBody }}</p>
      </section>
      <section class="card">
        <h3>{{ m.regulatorTitle }}</h3>
        <p>{{ m.regulatorBody }}</p>
      </section>
      <section class="card">
        <h3>{{ m.publicTitle }}</h3>
        <p>{{ m.publicBody }}</p>
      </section>
    </div>
    <h2>{{ m.documentsHeading }}</h2>
    <p>{{ m.documentsBody }}</p>
  `,
  styles: `
    .empty {
      text-align: center;
      padding: 2rem;
      margin: 1rem 0;
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(240px, 1fr));
      gap: 1rem;
    }
    h3 {
      margin: 0.2rem 0 0.4rem;
      font-size: 1.05rem;
    }
    .period {
      margin: 0.8rem 0;
    }
    .bulletin + .bulletin {
      border-top: 1px solid #dde3ea;
      margin-top: 0.6rem;
      padding-top: 0.6rem;
    }
    .bulletin.superseded .title strong {
      color: #666;
    }
    .tag {
      display: inline-block;
      margin-left: 0.5rem;
      padding: 0 0.4rem;
      border-radius: 3px;
      background: #eef1f5;
      font-size: 0.8rem;
    }
    .tag.current {
      background: #dff0d8;
    }
    .downloads a {
      margin-right: 1rem;
    }
    .sha {
      word-break: break-all;
    }
    .small {
      font-size: 0.85rem;
    }
  `,
})
export class HomePage {
  protected readonly i18n = inject(I18nService);
  private readonly api = inject(BulletinsApi);
  protected readonly t = computed(() => (this.i18n.lang() === 'en' ? en : zh));
  private readonly bulletins = signal<PublicBulletin[]>([]);
  protected readonly loaded = signal(false);
  protected readonly error = signal<string | null>(null);
  /** By period, newest period first; within a period the newest edition first and marked current. */
  protected readonly groups = computed<PeriodGroup[]>(() => {
    const byPeriod = new Map<string, PublicBulletin[]>();
    for (const b of this.bulletins()) byPeriod.set(b.period, [...(byPeriod.get(b.period) ?? []), b]);
    return [...byPeriod.entries()]
      .sort(([a], [b]) => b.localeCompare(a))
      .map(([period, list]) => {
        const sorted = [...list].sort((a, b) => b.edition - a.edition);
        return { period, bulletins: sorted.map((x, i) => ({ ...x, current: i === 0 })) };
      });
  });

  constructor() {
    this.api
      .publicList()
      .then((list) => this.bulletins.set(list))
      .catch((err: unknown) => this.error.set(apiMessage(err)))
      .finally(() => this.loaded.set(true));
  }

  protected period(code: string): string {
    return periodName(code, this.i18n.lang());
  }

  protected fill(text: string, n: number): string {
    return text.replace('{n}', String(n));
  }
}
