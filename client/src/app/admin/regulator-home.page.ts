import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { NotificationsPanel } from '../cases/notifications-panel';
import { SessionService } from '../core/session.service';
import { I18nService } from '../i18n/i18n.service';

/** The regulator's starting page: the console's sections. */
@Component({
  selector: 'app-regulator-home-page',
  imports: [RouterLink, NotificationsPanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let m = i18n.messages().regulator;
    <h1>{{ m.heading }}</h1>
    <div class="grid">
      <a class="card tile" routerLink="/console">
        <strong>{{ m.consoleLink }}</strong>
        <span class="muted">{{ m.consoleHint }}</span>
      </a>
      <a class="card tile" routerLink="/bulletins">
        <strong>{{ m.bulletinsLink }}</strong>
        <span class="muted">{{ m.bulletinsHint }}</span>
      </a>
      <a class="card tile" routerLink="/cases">
        <strong>{{ m.casesLink }}</strong>
        <span class="muted">{{ m.casesHint }}</span>
      </a>
      <a class="card tile" routerLink="/deadlines">
        <strong>{{ m.deadlinesLink }}</strong>
        <span class="muted">{{ m.deadlinesHint }}</span>
      </a>
      @if (session.isAdmin()) {
        <a class="card tile" routerLink="/admin">
          <strong>{{ m.adminLink }}</strong>
          <span class="muted">{{ m.adminHint }}</span>
        </a>
      }
    </div>
    <app-notifications-panel />
  `,
  styles: `
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(240px, 1fr));
      gap: 1rem;
    }
    .tile {
      display: flex;
      flex-direction: column;
      gap: 0.4rem;
      text-decoration: none;
      color: inherit;
    }
    .tile:hover {
      border-color: var(--brand);
    }
  `,
})
export class RegulatorHomePage {
  protected readonly i18n = inject(I18nService);
  protected readonly session = inject(SessionService);
}
