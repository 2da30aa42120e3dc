import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { App } from './app';
import { I18nService } from './i18n/i18n.service';
import { en, zh } from './i18n/messages';

describe('App shell', () => {
  beforeEach(async () => {
    localStorage.clear();
    await TestBed.configureTestingModule({
      imports: [App],
      providers: [provideRouter([])],
    }).compileComponents();
  });

  it('renders the Chinese title by default', async () => {
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('.title')?.textContent).toContain(zh.app.title);
    expect(document.documentElement.lang).toBe('zh-CN');
  });

  it('switches to English and remembers the choice', async () => {
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    (fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>('button.lang')?.click();
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).querySelector('.title')?.textContent).toContain(
      en.app.title,
    );
    expect(TestBed.inject(I18nService).lang()).toBe('en');
    expect(localStorage.getItem('portal.lang')).toBe('en');
  });
});
