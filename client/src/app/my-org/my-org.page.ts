import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { RouterLink } from '@angular/router';
import { NotificationsPanel } from '../cases/notifications-panel';
import type { Role } from '../core/session.service';
import { I18nService } from '../i18n/i18n.service';

interface Me {
  user: { username: string; role: Role; orgCode: string | null };
  organisation: { code: string; name: string; group: 'life' | 'property'; foundedOn: string } | null;
}
interface Colleague {
  id: string;
  username: string;
  role: Role;
}

/** An insurer's home: its organisation, its users, and the way to its submissions. */
@Component({
  selector: 'app-my-org-page',
  imports: [NotificationsPanel, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let m = i18n.messages().myOrg;
    @let a = i18n.messages().admin;
    @let roleNames = i18n.messages().roles;
    <h1>{{ m.heading }}</h1>
    @if (me(); as me) {
      @if (me.organisation; as org) {
        <section class="card" data-testid="my-org">
          <h2 class="org-name">{{ org.name }}</h2>
          <dl>
            <dt>{{ a.code }}</dt>
            <dd class="mono">{{ org.code }}</dd>
            <dt>{{ a.group }}</dt>
            <dd>{{ i18n.messages().groups[org.group] }}</dd>
            <dt>{{ a.foundedOn }}</dt>
            <dd>{{ org.foundedOn }}</dd>
          </dl>
        </section>
      }
    }
    <div class="tiles">
      <a class="card tile" routerLink="/submissions">
        <strong>{{ m.submissions }}</strong>
        <span class="muted">{{ m.submissionsHint }}</span>
      </a>
      <a class="card tile" routerLink="/console">
        <strong>{{ m.console }}</strong>
        <span class="muted">{{ m.consoleHint }}</span>
      </a>
    </div>
    <app-notifications-panel />
    <h2>{{ m.colleagues }}</h2>
    <ul data-testid="colleagues">
      @for (c of colleagues(); track c.id) {
        <li>{{ c.username }} — {{ roleNames[c.role] }}</li>
      }
    </ul>
  `,
  styles: `
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.3rem 1rem;
      margin: 0;
    }
    dt {
      color: var(--muted);
    }
    dd {
      margin: 0;
    }
    .mono {
      font-family: ui-monospace, monospace;
    }
    .org-name {
      margin-top: 0;
    }
    .tiles {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(240px, 1fr));
      gap: 1rem;
      margin: 1rem 0;
    }
    .tile {
      display: flex;
      flex-direction: column;
      gap: 0.4rem;
      text-decoration: none;
      color: inherit;
    }
  `,
})
export class MyOrgPage {
  protected readonly i18n = inject(I18nService);
  private readonly http = inject(HttpClient);
  protected readonly me = signal<Me | null>(null);
  protected readonly colleagues = signal<Colleague[]>([]);

  constructor() {
    void (async () => {
      this.me.set(await firstValueFrom(this.http.get<Me>('/api/me')));
      this.colleagues.set(await firstValueFrom(this.http.get<Colleague[]>('/api/my-org/users')));
    })();
  }
}
