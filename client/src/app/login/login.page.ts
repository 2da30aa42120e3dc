import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { I18nService } from '../i18n/i18n.service';

/** Sign-in form; the identity module wires it to POST /api/auth/login. */
@Component({
  selector: 'app-login-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let m = i18n.messages().login;
    <section class="card login">
      <h1>{{ m.heading }}</h1>
      <form (submit)="$event.preventDefault()">
        <label for="username">{{ m.username }}</label>
        <input id="username" name="username" autocomplete="username" />
        <label for="password">{{ m.password }}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" />
        <p class="muted">{{ m.pending }}</p>
        <button class="primary" type="submit" disabled>{{ m.submit }}</button>
      </form>
    </section>
  `,
  styles: `
    .login {
      max-width: 380px;
      margin: 2rem auto;
    }
  `,
})
export class LoginPage {
  protected readonly i18n = inject(I18nService);
}
