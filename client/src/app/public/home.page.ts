import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { I18nService } from '../i18n/i18n.service';

/** The public landing page: published bulletins (none yet — an honest empty state) and what the portal is for. */
@Component({
  selector: 'app-home-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let m = i18n.messages().home;
    <h1>{{ m.heading }}</h1>
    <p class="muted">{{ m.intro }}</p>
    <section class="card empty" aria-live="polite" data-testid="bulletins-empty">
      <strong>{{ m.emptyTitle }}</strong>
      <p class="muted">{{ m.emptyBody }}</p>
    </section>
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
  `,
})
export class HomePage {
  protected readonly i18n = inject(I18nService);
}
