import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { HolidaySchedule } from '@portal/calendar';
import { Observable, firstValueFrom } from 'rxjs';
import { RulesApi } from '../rules/rules.api';
import type { PrecheckEvent, PrecheckStart } from './precheck.messages';
import type { PrecheckRequest } from './precheck-run';

interface CoveredYear {
  year: number;
  source: string;
  origin: 'official' | 'loaded';
  holidays: string[];
  makeupWorkdays: string[];
}

/**
 * Runs the browser pre-check in a Web Worker. Gathers what the server's check uses — the catalog in force for
 * the user's organisation (`GET /api/rules/effective`: with its jurisdiction's local pack) and the holiday schedules a regulator loaded on top of the official ones
 * (`GET /api/calendar/years`) — and streams progress, then the result. Unsubscribing stops the worker.
 */
@Injectable({ providedIn: 'root' })
export class PrecheckService {
  private readonly http = inject(HttpClient);
  private readonly rules = inject(RulesApi);

  async request(
    base: Omit<PrecheckRequest, 'rules' | 'catalogVersion' | 'schedules'>,
  ): Promise<PrecheckRequest> {
    // The effective catalog of the user's organisation: its jurisdiction's local pack, as on the server.
    const [catalog, schedules] = await Promise.all([this.rules.effective(), this.loadedSchedules()]);
    return { ...base, catalogVersion: catalog.version, rules: catalog.rules, schedules };
  }

  run(file: Blob, request: PrecheckRequest): Observable<PrecheckEvent> {
    return new Observable<PrecheckEvent>((subscriber) => {
      let worker: Worker;
      try {
        worker = new Worker(new URL('./precheck.worker', import.meta.url), { type: 'module' });
      } catch (e) {
        subscriber.next({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
        subscriber.complete();
        return undefined;
      }
      worker.onmessage = (e: MessageEvent<PrecheckEvent>) => {
        subscriber.next(e.data);
        if (e.data.type !== 'progress') {
          worker.terminate();
          subscriber.complete();
        }
      };
      worker.onerror = (e: ErrorEvent) => {
        e.preventDefault();
        worker.terminate();
        subscriber.next({ type: 'failed', message: e.message || 'worker error' });
        subscriber.complete();
      };
      worker.onmessageerror = () => {
        worker.terminate();
        subscriber.next({ type: 'failed', message: 'message error' });
        subscriber.complete();
      };
      const start: PrecheckStart = { type: 'start', file, request };
      worker.postMessage(start);
      return () => worker.terminate();
    });
  }

  /** Schedules loaded as data (they win over the bundled official ones on the server too). */
  private async loadedSchedules(): Promise<HolidaySchedule[]> {
    try {
      const years = await firstValueFrom(this.http.get<CoveredYear[]>('/api/calendar/years'));
      return years
        .filter((y) => y.origin === 'loaded')
        .map((y) => ({
          year: y.year,
          holidays: y.holidays,
          makeupWorkdays: y.makeupWorkdays,
          source: y.source,
        }));
    } catch {
      return [];
    }
  }
}
