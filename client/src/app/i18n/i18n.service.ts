import { DOCUMENT } from '@angular/common';
import { Injectable, computed, effect, inject, signal } from '@angular/core';
import { en, type Messages, zh } from './messages';

export type Lang = 'zh-CN' | 'en';
const STORAGE_KEY = 'portal.lang';

/** The UI language: zh-CN by default, English on request, remembered in localStorage. */
@Injectable({ providedIn: 'root' })
export class I18nService {
  private readonly document = inject(DOCUMENT);
  readonly lang = signal<Lang>(this.initialLang());
  readonly messages = computed<Messages>(() => (this.lang() === 'en' ? en : zh));

  constructor() {
    effect(() => {
      const lang = this.lang();
      this.document.documentElement.lang = lang;
      this.document.title = this.messages().app.title;
      try {
        localStorage.setItem(STORAGE_KEY, lang);
      } catch {
        /* storage unavailable (private mode): the choice lasts for this page only */
      }
    });
  }

  toggle(): void {
    this.lang.update((l) => (l === 'en' ? 'zh-CN' : 'en'));
  }

  private initialLang(): Lang {
    try {
      return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
    } catch {
      return 'zh-CN';
    }
  }
}
