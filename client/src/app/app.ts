import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { SessionService } from './core/session.service';
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
      @let user = session.user();
      @if (!user || session.isInsurer()) {
        <a routerLink="/insurer" routerLinkActive="active">{{ m.nav.insurer }}</a>
      }
      @if (!user || session.isRegulator()) {
        <a routerLink="/regulator" routerLinkActive="active">{{ m.nav.regulator }}</a>
      }
      @if (session.isInsurer()) {
        <a routerLink="/submissions" routerLinkActive="active">{{ m.nav.submissions }}</a>
      }
      @if (session.isRegulator() || session.isInsurer()) {
        <a routerLink="/console" routerLinkActive="active">{{ m.nav.console }}</a>
      }
      @if (session.isRegulator()) {
        <a routerLink="/bulletins" routerLinkActive="active">{{ m.nav.bulletins }}</a>
      }
      @if (session.isRegulator() || session.isInsurer()) {
        <a routerLink="/self-inspection" routerLinkActive="active">{{ m.nav.selfInspection }}</a>
        <a routerLink="/cases" routerLinkActive="active">{{ m.nav.cases }}</a>
        <a routerLink="/deadlines" routerLinkActive="active">{{ m.nav.deadlines }}</a>
      }
      <a routerLink="/rules" routerLinkActive="active">{{ m.nav.rules }}</a>
      <span class="spacer"></span>
      @if (user) {
        <span class="who" data-testid="signed-in-user">{{ user.username }} · {{ m.roles[user.role] }}</span>
        <button type="button" class="linkish" (click)="signOut()">{{ m.nav.logout }}</button>
      } @else {
        <a routerLink="/login" routerLinkActive="active">{{ m.nav.login }}</a>
      }
    </nav>
    <main id="main">
      <router-outlet />
    </main>
  `,
  styleUrl: './app.css',
})
export class App {
  protected readonly i18n = inject(I18nService);
  protected readonly session = inject(SessionService);
  private readonly router = inject(Router);
  private readonly http = inject(HttpClient);

  /** Revokes the token on the server (this and every earlier token of the user), then forgets it here. */
  signOut(): void {
    const done = () => {
      this.session.end();
      void this.router.navigateByUrl('/');
    };
    this.http.post('/api/auth/logout', {}).subscribe({ next: done, error: done });
  }
}
