import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { type Role, SessionService } from './session.service';

/** Sends visitors without a session (or the right role) to the sign-in page, remembering where they wanted to go. */
export function requireRole(...roles: Role[]): CanActivateFn {
  return (_route, state) => {
    const session = inject(SessionService);
    const router = inject(Router);
    const user = session.token() ? session.user() : null;
    if (user && (roles.length === 0 || roles.includes(user.role))) return true;
    return router.createUrlTree(['/login'], {
      queryParams: { returnUrl: state.url, ...(user ? { denied: 1 } : {}) },
    });
  };
}
