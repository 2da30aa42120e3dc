import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { I18nService } from '../i18n/i18n.service';
import { CasesApi, type PortalNotification } from './cases.api';
import { en, zh } from './cases.i18n';

/** The caller's unread reminders (deadlines due soon, overdue cases, new cases), with "mark read". */
@Component({
  selector: 'app-notifications-panel',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let m = t().notifications;
    <section class="card notes" data-testid="notifications" aria-live="polite">
      <h2>
        {{ m.heading }}
        @if (unread() > 0) {
          <span class="badge" data-testid="notifications-unread">{{ unread() }}</span>
        }
      </h2>
      @for (n of items(); track n.id) {
        <p class="note">
          @if (n.link) {
            <a [routerLink]="path(n.link)" [queryParams]="query(n.link)">{{ text(n) }}</a>
          } @else {
            {{ text(n) }}
          }
          <button type="button" class="link" (click)="read(n)">{{ m.markRead }}</button>
        </p>
      } @empty {
        <p class="muted">{{ m.empty }}</p>
      }
    </section>
  `,
  styles: `
    .notes h2 {
      margin-top: 0;
      font-size: 1rem;
    }
    .badge {
      background: var(--bad);
      color: #fff;
      border-radius: 999px;
      padding: 0 0.5rem;
      font-size: 0.8rem;
      margin-left: 0.3rem;
    }
    .note {
      margin: 0.3rem 0;
    }
    .link {
      background: none;
      border: 0;
      color: var(--brand);
      cursor: pointer;
      font: inherit;
      margin-left: 0.5rem;
    }
  `,
})
export class NotificationsPanel {
  private readonly i18n = inject(I18nService);
  private readonly api = inject(CasesApi);
  protected readonly t = computed(() => (this.i18n.lang() === 'en' ? en : zh));
  protected readonly items = signal<PortalNotification[]>([]);
  protected readonly unread = signal(0);

  constructor() {
    void this.reload();
  }

  async reload(): Promise<void> {
    try {
      const r = await this.api.notifications();
      this.items.set(r.items.filter((n) => !n.readAt).slice(0, 8));
      this.unread.set(r.unread);
    } catch {
      /* reminders are a convenience: the page works without them */
    }
  }

  protected text(n: PortalNotification): string {
    return this.i18n.lang() === 'en' ? n.message.en : n.message.zh;
  }

  protected path(link: string): string {
    return link.split('?')[0];
  }

  protected query(link: string): Record<string, string> {
    const out: Record<string, string> = {};
    new URLSearchParams(link.split('?')[1] ?? '').forEach((value, key) => (out[key] = value));
    return out;
  }

  protected async read(n: PortalNotification): Promise<void> {
    await this.api.markRead(n.id);
    await this.reload();
  }
}
