import { Route } from '@angular/router';
import { requireRole } from './core/guards';

const REGULATORS = ['regulator_admin', 'regulator_analyst'] as const;
const INSURERS = ['insurer_submitter', 'insurer_approver'] as const;

export const appRoutes: Route[] = [
  { path: '', loadComponent: () => import('./public/home.page').then((m) => m.HomePage) },
  { path: 'login', loadComponent: () => import('./login/login.page').then((m) => m.LoginPage) },
  {
    path: 'insurer',
    canActivate: [requireRole(...INSURERS)],
    loadComponent: () => import('./my-org/my-org.page').then((m) => m.MyOrgPage),
  },
  {
    path: 'regulator',
    canActivate: [requireRole(...REGULATORS)],
    loadComponent: () => import('./admin/regulator-home.page').then((m) => m.RegulatorHomePage),
  },
  {
    path: 'admin',
    canActivate: [requireRole('regulator_admin')],
    loadComponent: () => import('./admin/admin.page').then((m) => m.AdminPage),
  },
  // Feature routes: one entry each, above the catch-all.
  {
    path: 'cases',
    canActivate: [requireRole(...REGULATORS, ...INSURERS)],
    loadComponent: () => import('./cases/cases.page').then((m) => m.CasesPage),
  },
  {
    path: 'deadlines',
    canActivate: [requireRole(...REGULATORS, ...INSURERS)],
    loadComponent: () => import('./deadlines/deadlines.page').then((m) => m.DeadlinesPage),
  },
  {
    path: 'submissions',
    canActivate: [requireRole(...INSURERS)],
    loadComponent: () => import('./submissions/submissions.page').then((m) => m.SubmissionsPage),
  },
  {
    path: 'submissions/:id',
    canActivate: [requireRole(...REGULATORS, ...INSURERS)],
    loadComponent: () => import('./submissions/submission-report.page').then((m) => m.SubmissionReportPage),
  },
  { path: 'rules', loadComponent: () => import('./rules/rules.page').then((m) => m.RulesPage) },
  {
    path: 'bulletins',
    canActivate: [requireRole(...REGULATORS, ...INSURERS)],
    loadComponent: () => import('./bulletins/bulletins.page').then((m) => m.BulletinsPage),
  },
  {
    path: 'console',
    canActivate: [requireRole(...REGULATORS, ...INSURERS)],
    loadComponent: () => import('./console/console.page').then((m) => m.ConsolePage),
  },
  {
    path: 'console/rules/:code',
    canActivate: [requireRole(...REGULATORS)],
    loadComponent: () => import('./console/console-rule.page').then((m) => m.ConsoleRulePage),
  },
  {
    path: 'console/:orgCode',
    canActivate: [requireRole(...REGULATORS, ...INSURERS)],
    loadComponent: () => import('./console/console-company.page').then((m) => m.ConsoleCompanyPage),
  },
  {
    path: 'self-inspection',
    canActivate: [requireRole(...REGULATORS, ...INSURERS)],
    loadComponent: () => import('./self-inspection/self-inspection.page').then((m) => m.SelfInspectionPage),
  },
  {
    path: 'self-inspection/:id',
    canActivate: [requireRole(...REGULATORS, ...INSURERS)],
    loadComponent: () =>
      import('./self-inspection/self-inspection-report.page').then((m) => m.SelfInspectionReportPage),
  },
  { path: '**', loadComponent: () => import('./shell/not-found.page').then((m) => m.NotFoundPage) },
];
