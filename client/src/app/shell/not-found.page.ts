import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { I18nService } from '../i18n/i18n.service';

@Component({
  selector: 'app-not-found-page',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let m = i18n.messages().notFound;
    <h1>{{ m.heading }}</h1>
    <a routerLink="/">{{ m.back }}</a>
  `,
})
export class NotFoundPage {
  protected readonly i18n = inject(I18nService);
}
