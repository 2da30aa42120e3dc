import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { apiMessage } from '../core/auth.interceptor';
import { type Session, SessionService } from '../core/session.service';
import { I18nService } from '../i18n/i18n.service';

interface LoginResponse {
  accessToken: string;
  expiresIn: number;
  user: Session['user'];
}

@Component({
  selector: 'app-login-page',
  imports: [FormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let m = i18n.messages().login;
    <section class="card login">
      <h1>{{ m.heading }}</h1>
      @if (session.endedReason() === 'expired') {
        <p class="notice" role="status">{{ m.expired }}</p>
      }
      @if (denied()) {
        <p class="notice" role="status">{{ m.denied }}</p>
      }
      <form (ngSubmit)="signIn()">
        <label for="username">{{ m.username }}</label>
        <input id="username" name="username" autocomplete="username" required [(ngModel)]="username" />
        <label for="password">{{ m.password }}</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          [(ngModel)]="password"
        />
        @if (error()) {
          <p class="error" role="alert">{{ error() }}</p>
        }
        <button class="primary" type="submit" [disabled]="busy()">
          {{ busy() ? m.submitting : m.submit }}
        </button>
      </form>
    </section>
  `,
  styles: `
    .login {
      max-width: 380px;
      margin: 2rem auto;
    }
    button {
      margin-top: 1rem;
      width: 100%;
    }
    .error {
      color: var(--bad);
    }
    .notice {
      background: #fff7e6;
      border: 1px solid #f3d19e;
      padding: 0.5rem 0.75rem;
      border-radius: 4px;
    }
  `,
})
export class LoginPage {
  protected readonly i18n = inject(I18nService);
  protected readonly session = inject(SessionService);
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  readonly returnUrl = input<string>();
  readonly denied = input<string>();

  protected username = '';
  protected password = '';
  protected readonly busy = signal(false);
  protected readonly error = signal('');

  async signIn(): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    try {
      const res = await firstValueFrom(
        this.http.post<LoginResponse>('/api/auth/login', {
          username: this.username.trim(),
          password: this.password,
        }),
      );
      this.session.start(res.accessToken, res.expiresIn, res.user);
      this.password = '';
      const target = this.returnUrl();
      const home = res.user.orgCode
        ? '/insurer'
        : res.user.role === 'association_reader'
          ? '/'
          : '/regulator';
      await this.router.navigateByUrl(
        target && target.startsWith('/') && !target.startsWith('//') ? target : home,
      );
    } catch (err) {
      this.error.set(apiMessage(err));
    } finally {
      this.busy.set(false);
    }
  }
}
