import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { apiMessage } from '../core/auth.interceptor';
import type { Role } from '../core/session.service';
import { I18nService } from '../i18n/i18n.service';

interface Org {
  code: string;
  name: string;
  group: 'life' | 'property';
  foundedOn: string;
}
interface User {
  id: string;
  username: string;
  role: Role;
  orgCode: string | null;
}

const ROLES: Role[] = [
  'insurer_submitter',
  'insurer_approver',
  'regulator_analyst',
  'regulator_admin',
  'association_reader',
];

/** Regulator admins add insurers and their users. */
@Component({
  selector: 'app-admin-page',
  imports: [FormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let m = i18n.messages().admin;
    @let roleNames = i18n.messages().roles;
    @let groupNames = i18n.messages().groups;
    <h1>{{ m.heading }}</h1>

    <div class="columns">
      <section class="card">
        <h2>{{ m.newOrg }}</h2>
        <form (ngSubmit)="createOrg()" data-testid="org-form">
          <label for="org-code">{{ m.code }}</label>
          <input id="org-code" name="code" maxlength="18" required [(ngModel)]="org.code" />
          <label for="org-name">{{ m.name }}</label>
          <input id="org-name" name="name" required [(ngModel)]="org.name" />
          <label for="org-group">{{ m.group }}</label>
          <select id="org-group" name="group" [(ngModel)]="org.group">
            <option value="life">{{ groupNames.life }}</option>
            <option value="property">{{ groupNames.property }}</option>
          </select>
          <label for="org-founded">{{ m.foundedOn }}</label>
          <input id="org-founded" name="foundedOn" type="date" required [(ngModel)]="org.foundedOn" />
          @if (orgMessage()) {
            <p [class]="orgOk() ? 'ok' : 'error'" role="status">{{ orgMessage() }}</p>
          }
          <button class="primary" type="submit">{{ m.create }}</button>
        </form>
      </section>

      <section class="card">
        <h2>{{ m.newUser }}</h2>
        <form (ngSubmit)="createUser()" data-testid="user-form">
          <label for="user-name">{{ m.username }}</label>
          <input id="user-name" name="username" required [(ngModel)]="user.username" autocomplete="off" />
          <label for="user-password">{{ m.password }}</label>
          <input
            id="user-password"
            name="password"
            type="password"
            required
            [(ngModel)]="user.password"
            autocomplete="new-password"
          />
          <label for="user-role">{{ m.role }}</label>
          <select id="user-role" name="role" [(ngModel)]="user.role">
            @for (r of roles; track r) {
              <option [value]="r">{{ roleNames[r] }}</option>
            }
          </select>
          <label for="user-org">{{ m.org }}</label>
          <select id="user-org" name="orgCode" [(ngModel)]="user.orgCode">
            <option value="">{{ m.none }}</option>
            @for (o of orgs(); track o.code) {
              <option [value]="o.code">{{ o.name }}</option>
            }
          </select>
          @if (userMessage()) {
            <p [class]="userOk() ? 'ok' : 'error'" role="status">{{ userMessage() }}</p>
          }
          <button class="primary" type="submit">{{ m.create }}</button>
        </form>
      </section>
    </div>

    <h2>{{ m.orgsHeading }}</h2>
    <table data-testid="org-table">
      <thead>
        <tr>
          <th>{{ m.code }}</th>
          <th>{{ m.name }}</th>
          <th>{{ m.group }}</th>
          <th>{{ m.foundedOn }}</th>
        </tr>
      </thead>
      <tbody>
        @for (o of orgs(); track o.code) {
          <tr>
            <td class="mono">{{ o.code }}</td>
            <td>{{ o.name }}</td>
            <td>{{ groupNames[o.group] }}</td>
            <td>{{ o.foundedOn }}</td>
          </tr>
        } @empty {
          <tr>
            <td colspan="4" class="muted">{{ m.empty }}</td>
          </tr>
        }
      </tbody>
    </table>

    <h2>{{ m.usersHeading }}</h2>
    <table data-testid="user-table">
      <thead>
        <tr>
          <th>{{ m.username }}</th>
          <th>{{ m.role }}</th>
          <th>{{ m.org }}</th>
        </tr>
      </thead>
      <tbody>
        @for (u of users(); track u.id) {
          <tr>
            <td>{{ u.username }}</td>
            <td>{{ roleNames[u.role] }}</td>
            <td>{{ orgName(u.orgCode) }}</td>
          </tr>
        }
      </tbody>
    </table>
  `,
  styles: `
    .columns {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(320px, 1fr));
      gap: 1rem;
    }
    form button {
      margin-top: 1rem;
    }
    select {
      font: inherit;
      padding: 0.45rem;
      width: 100%;
      border: 1px solid var(--line);
      border-radius: 4px;
    }
    table {
      width: 100%;
      border-collapse: collapse;
      background: #fff;
    }
    th,
    td {
      text-align: left;
      padding: 0.45rem 0.6rem;
      border-bottom: 1px solid var(--line);
    }
    .mono {
      font-family: ui-monospace, monospace;
    }
    .ok {
      color: var(--ok);
    }
    .error {
      color: var(--bad);
    }
  `,
})
export class AdminPage {
  protected readonly i18n = inject(I18nService);
  private readonly http = inject(HttpClient);
  protected readonly roles = ROLES;
  protected readonly orgs = signal<Org[]>([]);
  protected readonly users = signal<User[]>([]);
  protected org = { code: '', name: '', group: 'life' as 'life' | 'property', foundedOn: '' };
  protected user = { username: '', password: '', role: 'insurer_submitter' as Role, orgCode: '' };
  protected readonly orgMessage = signal('');
  protected readonly orgOk = signal(false);
  protected readonly userMessage = signal('');
  protected readonly userOk = signal(false);

  constructor() {
    void this.reload();
  }

  protected orgName(code: string | null): string {
    return code ? (this.orgs().find((o) => o.code === code)?.name ?? code) : '—';
  }

  async createOrg(): Promise<void> {
    try {
      const created = await firstValueFrom(
        this.http.post<Org>('/api/admin/orgs', { ...this.org, code: this.org.code.trim() }),
      );
      this.orgOk.set(true);
      this.orgMessage.set(`${this.i18n.messages().admin.created}: ${created.name}`);
      this.org = { code: '', name: '', group: this.org.group, foundedOn: '' };
      await this.reload();
    } catch (err) {
      this.orgOk.set(false);
      this.orgMessage.set(apiMessage(err));
    }
  }

  async createUser(): Promise<void> {
    try {
      const body = { ...this.user, orgCode: this.user.orgCode || undefined };
      const created = await firstValueFrom(this.http.post<User>('/api/admin/users', body));
      this.userOk.set(true);
      this.userMessage.set(`${this.i18n.messages().admin.created}: ${created.username}`);
      this.user = { ...this.user, username: '', password: '' };
      await this.reload();
    } catch (err) {
      this.userOk.set(false);
      this.userMessage.set(apiMessage(err));
    }
  }

  private async reload(): Promise<void> {
    const [orgs, users] = await Promise.all([
      firstValueFrom(this.http.get<Org[]>('/api/orgs')),
      firstValueFrom(this.http.get<User[]>('/api/admin/users')),
    ]);
    this.orgs.set(orgs);
    this.users.set(users);
  }
}
