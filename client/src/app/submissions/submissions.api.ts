import {
  HttpClient,
  HttpEventType,
  HttpParams,
  HttpXhrBackend,
  type HttpEvent,
  type HttpRequest,
} from '@angular/common/http';
import { EnvironmentInjector, Injectable, inject, runInInjectionContext } from '@angular/core';
import { type Observable, filter, firstValueFrom, map } from 'rxjs';
import { authInterceptor } from '../core/auth.interceptor';

export type Kind = 'callbacks' | 'complaints' | 'profile';
export const KINDS: readonly Kind[] = ['callbacks', 'complaints', 'profile'];
export type Severity = 'error' | 'warning' | 'finding';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'finding'];
export type SubmissionStatus = 'validating' | 'invalid' | 'valid' | 'submitted' | 'superseded' | 'failed';

/** `GET /api/submissions/{id}`: one uploaded version (counts exact). */
export interface Submission {
  id: string;
  orgCode: string;
  period: string;
  kind: Kind;
  version: number;
  status: SubmissionStatus;
  sha256: string;
  rows: number;
  errors: number;
  warnings: number;
  findings: number;
  createdAt: string;
  submittedAt: string | null;
  fileName?: string;
  fileBytes?: number;
  fileFormat?: string | null;
  textEncoding?: string | null;
  late?: boolean;
  catalogVersion?: number;
  /** The jurisdiction whose local rule pack was applied on top of `catalogVersion`; null = national. */
  catalogJurisdiction?: string | null;
  progressRows?: number;
  validatedAt?: string | null;
  failureReason?: string | null;
  receiptNo?: string | null;
  createdBy?: string;
  submittedBy?: string | null;
}

export interface UploadAccepted {
  id: string;
  status: SubmissionStatus;
  version?: number;
  duplicate?: boolean;
  late?: boolean;
}

export interface ReportIssue {
  row: number | null;
  column: string | null;
  value: string | null;
  rule: string;
  severity: Severity;
  /** Chinese. */
  message: string;
  messageEn?: string;
}

export interface IssuePage {
  total: number;
  countsByRule: Record<string, number>;
  items: ReportIssue[];
}

export interface SubmitReceipt {
  status: 'submitted';
  receiptNo: string;
  sha256: string;
  submittedAt: string;
}

/** Upload progress, then the answer. */
export type UploadEvent =
  | { type: 'progress'; loaded: number; total: number | null }
  | { type: 'done'; accepted: UploadAccepted };

const path = (id: string) => `/api/submissions/${encodeURIComponent(id)}`;

/**
 * The submissions API. Uploads go through XMLHttpRequest (the app's HttpClient uses fetch, which cannot
 * report upload progress) with the app's own auth interceptor in front, so the bearer token and the
 * "session expired" handling are the same as for every other call.
 */
@Injectable({ providedIn: 'root' })
export class SubmissionsApi {
  private readonly http = inject(HttpClient);
  private readonly injector = inject(EnvironmentInjector);
  private readonly xhr = new HttpXhrBackend({ build: () => new XMLHttpRequest() });
  private readonly uploadHttp = new HttpClient({
    handle: (req: HttpRequest<unknown>): Observable<HttpEvent<unknown>> =>
      runInInjectionContext(this.injector, () => authInterceptor(req, (r) => this.xhr.handle(r))),
  });

  upload(kind: Kind, period: string, file: File): Observable<UploadEvent> {
    const body = new FormData();
    // fields first: the server reads the multipart stream in order
    body.append('kind', kind);
    body.append('period', period);
    body.append('file', file, file.name);
    return this.uploadHttp
      .post<UploadAccepted>('/api/submissions', body, { observe: 'events', reportProgress: true })
      .pipe(
        filter((e) => e.type === HttpEventType.UploadProgress || e.type === HttpEventType.Response),
        map((e): UploadEvent => {
          if (e.type === HttpEventType.UploadProgress)
            return { type: 'progress', loaded: e.loaded, total: e.total ?? null };
          return { type: 'done', accepted: (e as { body: UploadAccepted }).body };
        }),
      );
  }

  get(id: string): Promise<Submission> {
    return firstValueFrom(this.http.get<Submission>(path(id)));
  }

  list(filter: { orgCode?: string; period?: string; kind?: string }): Promise<Submission[]> {
    let params = new HttpParams();
    for (const [k, v] of Object.entries(filter)) if (v) params = params.set(k, v);
    return firstValueFrom(this.http.get<Submission[]>('/api/submissions', { params }));
  }

  issues(
    id: string,
    q: { severity?: string; rule?: string; page: number; pageSize: number },
  ): Promise<IssuePage> {
    let params = new HttpParams().set('page', q.page).set('pageSize', q.pageSize);
    if (q.severity) params = params.set('severity', q.severity);
    if (q.rule) params = params.set('rule', q.rule);
    return firstValueFrom(this.http.get<IssuePage>(`${path(id)}/issues`, { params }));
  }

  /** The full report as a file (the bearer token is a header, so a plain link cannot fetch it). */
  async download(id: string, format: 'csv' | 'xlsx'): Promise<{ blob: Blob; fileName: string | null }> {
    const res = await firstValueFrom(
      this.http.get(`${path(id)}/issues.${format}`, { observe: 'response', responseType: 'blob' }),
    );
    return { blob: res.body ?? new Blob([]), fileName: fileNameOf(res.headers.get('Content-Disposition')) };
  }

  submit(id: string): Promise<SubmitReceipt> {
    return firstValueFrom(this.http.post<SubmitReceipt>(`${path(id)}/submit`, { attestation: true }));
  }
}

/** The file name of a Content-Disposition header (RFC 6266: `filename*=UTF-8''…` wins over `filename=`). */
export function fileNameOf(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      /* fall through to the plain name */
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/.exec(header);
  return plain ? (plain[1] ?? plain[2]).trim() : null;
}
