import { Route } from '@angular/router';

export const appRoutes: Route[] = [
  { path: '', loadComponent: () => import('./public/home.page').then((m) => m.HomePage) },
  { path: 'login', loadComponent: () => import('./login/login.page').then((m) => m.LoginPage) },
  { path: '**', loadComponent: () => import('./shell/not-found.page').then((m) => m.NotFoundPage) },
];
