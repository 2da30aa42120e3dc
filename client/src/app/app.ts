import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { I18nService } from './i18n/i18n.service';

@Component({
  selector: 'app-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let m = i18n.messages();
    <a class="skip" href="#main">{{ m.app.skipToContent }}</a>
    <header class="masthead">
      <div class="brand">
        <a routerLink="/" class="title">{{ m.app.title }}</a>
        <span class="subtitle">{{ m.app.subtitle }}</span>
      </div>
      <button type="button" class="lang" (click)="i18n.toggle()" [attr.aria-label]="m.nav.languageLabel">
        {{ m.nav.language }}
      </button>
    </header>
    <nav class="nav" [attr.aria-label]="m.nav.audiences">
      <a routerLink="/" routerLinkActive="active" [routerLinkActiveOptions]="{ exact: true }">{{
        m.nav.public
      }}</a>
      <a routerLink="/insurer" routerLinkActive="active">{{ m.nav.insurer }}</a>
      <a routerLink="/regulator" routerLinkActive="active">{{ m.nav.regulator }}</a>
      <span class="spacer"></span>
      <a routerLink="/login" routerLinkActive="active">{{ m.nav.login }}</a>
    </nav>
    <main id="main">
      <router-outlet />
    </main>
  `,
  styleUrl: './app.css',
})
export class App {
  protected readonly i18n = inject(I18nService);
}
