import { Injectable, computed, signal } from '@angular/core';

export type Role =
  | 'regulator_admin'
  | 'regulator_analyst'
  | 'insurer_submitter'
  | 'insurer_approver'
  | 'association_reader';

export interface Session {
  accessToken: string;
  /** When the token stops being accepted (ms since epoch). */
  expiresAt: number;
  user: { username: string; role: Role; orgCode: string | null };
}

const KEY = 'portal.session';

/**
 * The signed-in user. Kept in sessionStorage (gone when the tab closes) and sent as a bearer token;
 * the API's strict CSP and escaping keep scripts from reading it.
 */
@Injectable({ providedIn: 'root' })
export class SessionService {
  private readonly state = signal<Session | null>(this.restore());
  readonly session = this.state.asReadonly();
  readonly user = computed(() => this.state()?.user ?? null);
  readonly isRegulator = computed(() =>
    ['regulator_admin', 'regulator_analyst'].includes(this.user()?.role ?? ''),
  );
  readonly isInsurer = computed(() =>
    ['insurer_submitter', 'insurer_approver'].includes(this.user()?.role ?? ''),
  );
  readonly isAdmin = computed(() => this.user()?.role === 'regulator_admin');
  /** Why the user was sent back to the sign-in page, if they were. */
  readonly endedReason = signal<'expired' | null>(null);

  start(accessToken: string, expiresIn: number, user: Session['user']): void {
    const session: Session = { accessToken, expiresAt: Date.now() + expiresIn * 1000, user };
    this.state.set(session);
    this.endedReason.set(null);
    try {
      sessionStorage.setItem(KEY, JSON.stringify(session));
    } catch {
      /* storage unavailable: the session lasts for this page */
    }
  }

  end(reason: 'expired' | null = null): void {
    this.state.set(null);
    this.endedReason.set(reason);
    try {
      sessionStorage.removeItem(KEY);
    } catch {
      /* nothing stored */
    }
  }

  token(): string | null {
    const s = this.state();
    if (!s) return null;
    if (s.expiresAt <= Date.now()) {
      this.end('expired');
      return null;
    }
    return s.accessToken;
  }

  private restore(): Session | null {
    try {
      const raw = sessionStorage.getItem(KEY);
      if (!raw) return null;
      const s = JSON.parse(raw) as Session;
      return s.expiresAt > Date.now() ? s : null;
    } catch {
      return null;
    }
  }
}
