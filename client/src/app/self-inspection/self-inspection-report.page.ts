import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { apiMessage } from '../core/auth.interceptor';
import { SessionService } from '../core/session.service';
import { I18nService } from '../i18n/i18n.service';
import { formatInstant } from '../submissions/format';
import {
  figureAt,
  type MeasureStatus,
  num,
  pct,
  periodName,
  type ReportDetail,
  type ReviewOutcome,
  type SampleItem,
  type SamplePage,
  saveBlob,
  SelfInspectionApi,
} from './self-inspection.api';
import { en, zh } from './self-inspection.i18n';

const PAGE_SIZE = 50;
const EDITABLE = ['requested', 'draft', 'returned'];

type Format = 'count' | 'pct' | 'dec2';
const CALLBACK_FIGURES: [string, Format][] = [
  ['callbacks.due', 'count'],
  ['callbacks.succeeded', 'count'],
  ['callbacks.refused', 'count'],
  ['callbacks.cancelledBefore', 'count'],
  ['callbacks.notAttempted', 'count'],
  ['callbacks.successRate', 'pct'],
  ['callbacks.onTime', 'count'],
  ['callbacks.onTimeRate', 'pct'],
  ['callbacks.byMethod.phone', 'count'],
  ['callbacks.byMethod.electronic', 'count'],
  ['callbacks.byMethod.visit', 'count'],
  ['callbacks.byMethod.letter', 'count'],
  ['callbacks.visitLetterShare', 'pct'],
  ['callbacks.problemsFound', 'count'],
  ['callbacks.problemsResolved', 'count'],
  ['callbacks.misleadingFound', 'count'],
];
const COMPLAINT_FIGURES: [string, Format][] = [
  ['complaints.total', 'count'],
  ['complaints.share', 'pct'],
  ['complaints.per100mPremium', 'dec2'],
  ['complaints.per10kPolicies', 'dec2'],
  ['complaints.per10kInsured', 'dec2'],
  ['complaints.decidedWithinLimit', 'pct'],
  ['complaints.upheldRate', 'pct'],
  ['complaints.repeatRate', 'pct'],
  ['complaints.forwarded.total', 'count'],
  ['complaints.forwarded.onTime', 'count'],
  ['complaints.forwarded.callbackRate', 'pct'],
  ['complaints.satisfiedRate', 'pct'],
  ['complaints.complaintIndex', 'dec2'],
];
const FORMAT = new Map<string, Format>([...CALLBACK_FIGURES, ...COMPLAINT_FIGURES]);
const REVIEW_PROBLEMS = Object.keys(zh.reviewProblems);
const MEASURE_STATUSES: MeasureStatus[] = ['planned', 'in_progress', 'done'];

interface ProblemForm {
  description: string;
  ruleCodes: string;
  sampleRefs: string;
}
interface MeasureForm {
  action: string;
  owner: string;
  dueOn: string;
  status: MeasureStatus;
}
interface OutcomeForm {
  outcome: ReviewOutcome | '';
  problems: string[];
  note: string;
}

const list = (s: string): string[] =>
  s
    .split(/[,，;；\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * One self-inspection report: section 1 (pre-filled, read-only), the recording-review sample with the review
 * outcome of every item, sections 2 and 3 (editors), the approver's sign-off, the regulator's review, and the
 * signed versions with their PDFs.
 */
@Component({
  selector: 'app-self-inspection-report-page',
  imports: [FormsModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let m = t();
    <p>
      <a routerLink="/self-inspection">← {{ m.report.back }}</a>
    </p>
    @if (loadError()) {
      <p class="error" role="alert" data-testid="report-error">{{ loadError() }}</p>
    }
    @if (report(); as r) {
      @let editable = insurerEditable();
      <h1 data-testid="report-title">{{ r.title }}</h1>
      <section class="card" data-testid="report-header">
        <dl>
          <dt>{{ m.list.org }}</dt>
          <dd>{{ r.orgName }}</dd>
          <dt>{{ m.report.period }}</dt>
          <dd>{{ period(r.period) }}</dd>
          <dt>{{ m.report.deadline }}</dt>
          <dd>
            {{ r.deadline }}
            @if (r.overdue) {
              <span class="badge bad" data-testid="report-overdue">{{ m.report.overdue }}</span>
            }
          </dd>
          <dt>{{ m.report.status }}</dt>
          <dd>
            <span class="status" data-testid="report-status">{{ m.status[r.status] }}</span> ·
            {{ m.report.version }} <span data-testid="report-version">{{ r.version }}</span>
          </dd>
          <dt>{{ m.report.scope }}</dt>
          <dd class="pre">{{ r.scope }}</dd>
        </dl>
        @if (r.returnComments) {
          <p class="returned" data-testid="return-comments">
            <strong>{{ m.report.returned }}{{ m.sep }}</strong
            >{{ r.returnComments }}
          </p>
        }
        @if (r.pdfUrl) {
          <button type="button" (click)="downloadPdf()" data-testid="download-pdf">{{ m.report.pdf }}</button>
        }
        @if (!editable && session.isInsurer()) {
          <p class="muted small">{{ m.report.locked }}</p>
        }
      </section>

      <section class="card" data-testid="section-execution">
        <h2>{{ m.execution.heading }}</h2>
        <p class="muted small">{{ r.execution.available ? m.execution.hint : m.execution.noData }}</p>
        <div class="two">
          <table class="figures" data-testid="callback-figures">
            <caption>
              {{
                m.execution.callbacks
              }}
            </caption>
            <tbody>
              @for (f of callbackFigures; track f[0]) {
                <tr [attr.data-figure]="f[0]">
                  <td>{{ figureName(f[0]) }}</td>
                  <td class="n">{{ show(f[0]) }}</td>
                </tr>
              }
            </tbody>
          </table>
          <table class="figures" data-testid="complaint-figures">
            <caption>
              {{
                m.execution.complaints
              }}
            </caption>
            <tbody>
              @for (f of complaintFigures; track f[0]) {
                <tr [attr.data-figure]="f[0]">
                  <td>{{ figureName(f[0]) }}</td>
                  <td class="n">{{ show(f[0]) }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        <h3>{{ m.execution.rules }}</h3>
        <table data-testid="rule-findings">
          <thead>
            <tr>
              <th>{{ m.execution.code }}</th>
              <th>{{ m.execution.title }}</th>
              <th>{{ m.execution.count }}</th>
              <th>{{ m.execution.citation }}</th>
            </tr>
          </thead>
          <tbody>
            @for (x of r.execution.rules; track x.code) {
              <tr [attr.data-rule]="x.code">
                <td class="code">{{ x.code }}</td>
                <td>{{ lang() === 'en' ? x.title.en : x.title.zh }}</td>
                <td class="n">
                  {{
                    x.scope === 'company'
                      ? x.count === null
                        ? '—'
                        : x.count
                          ? '✗'
                          : '✓'
                      : fmt(x.count, 'count')
                  }}
                </td>
                <td class="small">{{ lang() === 'en' ? x.citation.en : x.citation.zh }}</td>
              </tr>
            }
          </tbody>
        </table>
        <h3>{{ m.execution.comparison }}</h3>
        <table data-testid="comparison">
          <thead>
            <tr>
              <th>{{ m.execution.figure }}</th>
              <th>{{ m.execution.value }}</th>
              <th>{{ m.execution.median }}</th>
              <th>{{ m.execution.position }}</th>
            </tr>
          </thead>
          <tbody>
            @for (c of r.execution.comparison; track c.key) {
              <tr [attr.data-figure]="c.key" [class.worse]="c.worseThanMedian">
                <td>{{ figureName(c.key) }}</td>
                <td class="n">{{ fmt(c.value, format(c.key)) }}</td>
                <td class="n">{{ fmt(c.groupMedian, format(c.key)) }}</td>
                <td>
                  {{
                    c.worseThanMedian === null
                      ? '—'
                      : c.worseThanMedian
                        ? m.execution.worse
                        : m.execution.notWorse
                  }}
                </td>
              </tr>
            }
          </tbody>
        </table>
      </section>

      <section class="card" data-testid="section-sample">
        <h2>{{ m.sample.heading }}</h2>
        <p class="muted small">{{ m.sample.intro }}</p>
        @if (!r.sample) {
          @if (!r.sampleRequired) {
            <p class="muted" data-testid="sample-not-required">{{ m.sample.notRequired }}</p>
          } @else {
            <p>{{ m.sample.notDrawn }}</p>
            @if (canDraw()) {
              <form (ngSubmit)="draw()" data-testid="draw-form" class="inline">
                <label
                  >{{ m.sample.seed }}
                  <input id="si-seed" name="seed" maxlength="64" [(ngModel)]="seed" />
                </label>
                <button class="primary" type="submit">{{ m.sample.draw }}</button>
              </form>
              <p class="muted small">{{ m.sample.seedHint }}</p>
            }
          }
        } @else {
          @let s = r.sample;
          <p data-testid="sample-summary">
            {{ m.sample.population }} <strong>{{ num(s.population) }}</strong> · {{ m.sample.size }}
            <strong data-testid="sample-size">{{ num(s.size) }}</strong> · {{ m.sample.seed }}
            <code>{{ s.seed }}</code> · {{ m.sample.compliant }}
            <strong data-testid="count-compliant">{{ s.outcomes.compliant }}</strong> ·
            {{ m.sample.nonCompliant }}
            <strong data-testid="count-non-compliant">{{ s.outcomes.nonCompliant }}</strong> ·
            {{ m.sample.pending }} <strong data-testid="count-pending">{{ s.outcomes.pending }}</strong>
          </p>
          <table class="strata" data-testid="strata">
            <thead>
              <tr>
                <th>{{ m.sample.channel }}</th>
                <th>{{ m.sample.product }}</th>
                <th>{{ m.sample.population }}</th>
                <th>{{ m.sample.allocated }}</th>
                <th>{{ m.sample.interval }}</th>
                <th>{{ m.sample.reviewed }}</th>
                <th>{{ m.sample.nonCompliant }}</th>
              </tr>
            </thead>
            <tbody>
              @for (x of s.strata; track x.channelGroup + x.productGroup) {
                @if (x.population > 0) {
                  <tr>
                    <td>{{ m.channelGroups[x.channelGroup] }}</td>
                    <td>{{ m.productGroups[x.productGroup] }}</td>
                    <td class="n">{{ num(x.population) }}</td>
                    <td class="n">{{ num(x.allocated) }}</td>
                    <td class="n">{{ x.interval === null ? '—' : num(x.interval, 2) }}</td>
                    <td class="n">{{ num(x.reviewed) }}</td>
                    <td class="n">{{ num(x.nonCompliant) }}</td>
                  </tr>
                }
              }
            </tbody>
          </table>
          <div class="toolbar">
            <label class="inline-label"
              >{{ m.sample.filter }}
              <select
                name="filter"
                [(ngModel)]="filter"
                (ngModelChange)="loadSample(1)"
                data-testid="sample-filter"
              >
                <option value="">{{ m.sample.all }}</option>
                <option value="pending">{{ m.sample.pending }}</option>
                <option value="compliant">{{ m.sample.compliant }}</option>
                <option value="non_compliant">{{ m.sample.nonCompliant }}</option>
              </select>
            </label>
            <button type="button" (click)="downloadXlsx()">{{ m.sample.download }}</button>
            @if (editable) {
              <button type="button" (click)="markRestCompliant()" data-testid="mark-rest">
                {{ m.sample.markRest }}
              </button>
            }
          </div>
          @if (sampleMessage()) {
            <p [class]="sampleOk() ? 'ok' : 'error'" role="status" data-testid="sample-message">
              {{ sampleMessage() }}
            </p>
          }
          @if (page(); as p) {
            <table class="items" data-testid="sample-items">
              <thead>
                <tr>
                  <th>{{ m.sample.itemNo }}</th>
                  <th>{{ m.sample.rowNo }}</th>
                  <th>{{ m.sample.policyNo }}</th>
                  <th>{{ m.sample.channel }} / {{ m.sample.product }}</th>
                  <th>{{ m.sample.callbackStatus }}</th>
                  <th>{{ m.sample.method }}</th>
                  <th>{{ m.sample.completedOn }}</th>
                  <th>{{ m.sample.outcome }}</th>
                </tr>
              </thead>
              <tbody>
                @for (i of p.items; track i.itemNo) {
                  <tr [attr.data-item]="i.itemNo" [class.bad-row]="i.outcome === 'non_compliant'">
                    <td class="n">{{ i.itemNo }}</td>
                    <td class="n">{{ i.rowNo }}</td>
                    <td>{{ i.policyNo }}</td>
                    <td>{{ m.channelGroups[i.channelGroup] }} / {{ m.productGroups[i.productGroup] }}</td>
                    <td>{{ i.status }}</td>
                    <td>{{ i.method ?? '—' }}</td>
                    <td>{{ i.completedOn ?? '—' }}</td>
                    <td class="outcome">
                      @if (editable) {
                        @let e = edit(i);
                        <select
                          [name]="'outcome-' + i.itemNo"
                          [(ngModel)]="e.outcome"
                          [attr.data-testid]="'outcome-' + i.itemNo"
                        >
                          <option value="">{{ m.sample.choose }}</option>
                          <option value="compliant">{{ m.sample.compliant }}</option>
                          <option value="non_compliant">{{ m.sample.nonCompliant }}</option>
                        </select>
                        @if (e.outcome === 'non_compliant') {
                          <div class="problems">
                            @for (code of reviewProblems; track code) {
                              <label class="check">
                                <input
                                  type="checkbox"
                                  [checked]="e.problems.includes(code)"
                                  (change)="toggleProblem(e, code)"
                                  [attr.data-testid]="'problem-' + i.itemNo + '-' + code"
                                />
                                {{ m.reviewProblems[code] }}
                              </label>
                            }
                          </div>
                        }
                        <input
                          class="note"
                          [name]="'note-' + i.itemNo"
                          maxlength="500"
                          [placeholder]="m.sample.note"
                          [(ngModel)]="e.note"
                          [attr.data-testid]="'note-' + i.itemNo"
                        />
                        <button
                          type="button"
                          (click)="saveOutcome(i)"
                          [attr.data-testid]="'save-' + i.itemNo"
                        >
                          {{ m.sample.save }}
                        </button>
                      } @else {
                        <span [attr.data-testid]="'outcome-text-' + i.itemNo">{{
                          i.outcome === 'compliant'
                            ? m.sample.compliant
                            : i.outcome === 'non_compliant'
                              ? m.sample.nonCompliant
                              : m.sample.pending
                        }}</span>
                        @if (i.problemCodes.length) {
                          · {{ problemText(i.problemCodes) }}
                        }
                        @if (i.note) {
                          · {{ i.note }}
                        }
                      }
                    </td>
                  </tr>
                }
              </tbody>
            </table>
            @if (editable) {
              <p class="muted small">{{ m.sample.noteHint }}</p>
            }
            <p class="pager">
              <button type="button" [disabled]="p.page <= 1" (click)="loadSample(p.page - 1)">
                {{ m.sample.prev }}
              </button>
              {{ m.sample.page }} {{ p.page }} / {{ pages() }}
              <button type="button" [disabled]="p.page >= pages()" (click)="loadSample(p.page + 1)">
                {{ m.sample.next }}
              </button>
            </p>
          }
        }
      </section>

      <section class="card" data-testid="section-problems">
        <h2>{{ m.problems.heading }}</h2>
        @if (r.sample?.byProblem?.length) {
          <p data-testid="sample-found">
            <strong>{{ m.problems.sampleFound }}{{ m.sep }}</strong>
            @for (b of r.sample!.byProblem; track b.code; let last = $last) {
              {{ lang() === 'en' ? b.label.en : b.label.zh }} {{ b.count }}{{ last ? '' : '；' }}
            }
          </p>
        }
        @if (editable) {
          @for (p of problems; track $index; let i = $index) {
            <div class="entry" [attr.data-problem]="i">
              <label
                >{{ m.problems.description }}
                <textarea
                  [name]="'pd-' + i"
                  rows="2"
                  maxlength="2000"
                  [(ngModel)]="p.description"
                  [attr.data-testid]="'problem-description-' + i"
                ></textarea>
              </label>
              <div class="row">
                <label
                  >{{ m.problems.ruleCodes }}
                  <input
                    [name]="'pr-' + i"
                    [placeholder]="m.problems.ruleCodesHint"
                    [(ngModel)]="p.ruleCodes"
                    [attr.data-testid]="'problem-rules-' + i"
                  />
                </label>
                <label
                  >{{ m.problems.sampleRefs }}
                  <input
                    [name]="'ps-' + i"
                    [placeholder]="m.problems.sampleRefsHint"
                    [(ngModel)]="p.sampleRefs"
                    [attr.data-testid]="'problem-refs-' + i"
                  />
                </label>
              </div>
              <button type="button" class="link" (click)="problems.splice(i, 1)">
                {{ m.problems.remove }}
              </button>
            </div>
          } @empty {
            <p class="muted">{{ m.problems.none }}</p>
          }
          <button type="button" (click)="addProblem()" data-testid="add-problem">{{ m.problems.add }}</button>
        } @else {
          @if (r.problems.length === 0) {
            <p class="muted">{{ m.problems.none }}</p>
          }
          <ol data-testid="problem-list">
            @for (p of r.problems; track $index) {
              <li>
                <span class="pre">{{ p.description }}</span>
                @if (p.ruleCodes.length) {
                  <span class="small muted"> · {{ p.ruleCodes.join(', ') }}</span>
                }
                @if (p.sampleRefs.length) {
                  <span class="small muted"> · {{ p.sampleRefs.join(', ') }}</span>
                }
              </li>
            }
          </ol>
        }
      </section>

      <section class="card" data-testid="section-measures">
        <h2>{{ m.measures.heading }}</h2>
        @if (editable) {
          @for (x of measures; track $index; let i = $index) {
            <div class="entry row4" [attr.data-measure]="i">
              <label
                >{{ m.measures.action }}
                <input
                  [name]="'ma-' + i"
                  maxlength="500"
                  [(ngModel)]="x.action"
                  [attr.data-testid]="'measure-action-' + i"
                />
              </label>
              <label
                >{{ m.measures.owner }}
                <input
                  [name]="'mo-' + i"
                  maxlength="100"
                  [(ngModel)]="x.owner"
                  [attr.data-testid]="'measure-owner-' + i"
                />
              </label>
              <label
                >{{ m.measures.dueOn }}
                <input
                  [name]="'md-' + i"
                  type="date"
                  [(ngModel)]="x.dueOn"
                  [attr.data-testid]="'measure-due-' + i"
                />
              </label>
              <label
                >{{ m.measures.status }}
                <select [name]="'ms-' + i" [(ngModel)]="x.status" [attr.data-testid]="'measure-status-' + i">
                  @for (st of measureStatuses; track st) {
                    <option [value]="st">{{ m.measures.statuses[st] }}</option>
                  }
                </select>
              </label>
              <button type="button" class="link" (click)="measures.splice(i, 1)">
                {{ m.measures.remove }}
              </button>
            </div>
          } @empty {
            <p class="muted">{{ m.measures.none }}</p>
          }
          <button type="button" (click)="addMeasure()" data-testid="add-measure">{{ m.measures.add }}</button>
          <p>
            <button class="primary" type="button" (click)="saveSections()" data-testid="save-sections">
              {{ m.save }}
            </button>
          </p>
          @if (sectionsMessage()) {
            <p [class]="sectionsOk() ? 'ok' : 'error'" role="status" data-testid="sections-message">
              {{ sectionsMessage() }}
            </p>
          }
        } @else {
          @if (r.measures.length === 0) {
            <p class="muted">{{ m.measures.none }}</p>
          } @else {
            <table data-testid="measure-list">
              <thead>
                <tr>
                  <th>{{ m.measures.action }}</th>
                  <th>{{ m.measures.owner }}</th>
                  <th>{{ m.measures.dueOn }}</th>
                  <th>{{ m.measures.status }}</th>
                </tr>
              </thead>
              <tbody>
                @for (x of r.measures; track $index) {
                  <tr>
                    <td>{{ x.action }}</td>
                    <td>{{ x.owner }}</td>
                    <td>{{ x.dueOn }}</td>
                    <td>{{ m.measures.statuses[x.status] }}</td>
                  </tr>
                }
              </tbody>
            </table>
          }
        }
      </section>

      @if (editable) {
        <section class="card" data-testid="section-submit">
          <h2>{{ m.submit.heading }}</h2>
          <p class="muted small">{{ m.submit.hint }}</p>
          @if (session.user()?.role === 'insurer_approver') {
            <form (ngSubmit)="submit()" data-testid="submit-form">
              <div class="row">
                <label
                  >{{ m.submit.signerName }}
                  <input id="si-signer" name="signerName" required maxlength="64" [(ngModel)]="signer.name" />
                </label>
                <label
                  >{{ m.submit.signerTitle }}
                  <input
                    id="si-signer-title"
                    name="signerTitle"
                    required
                    maxlength="64"
                    [(ngModel)]="signer.title"
                  />
                </label>
              </div>
              <button class="primary" type="submit">{{ m.submit.submit }}</button>
            </form>
          } @else {
            <p class="muted">{{ m.submit.approverOnly }}</p>
          }
          @if (submitMessage()) {
            <p [class]="submitOk() ? 'ok' : 'error'" role="status" data-testid="submit-message">
              {{ submitMessage() }}
            </p>
          }
        </section>
      }

      @if (session.isRegulator() && r.status === 'submitted') {
        <section class="card" data-testid="section-review">
          <h2>{{ m.review.heading }}</h2>
          <label
            >{{ m.review.comments }}
            <textarea
              id="si-comments"
              name="comments"
              rows="3"
              maxlength="2000"
              [(ngModel)]="comments"
            ></textarea>
          </label>
          <p class="muted small">{{ m.review.commentsHint }}</p>
          <button class="primary" type="button" (click)="review('accept')" data-testid="review-accept">
            {{ m.review.accept }}
          </button>
          <button type="button" (click)="review('return')" data-testid="review-return">
            {{ m.review.return }}
          </button>
        </section>
      }
      @if (reviewMessage()) {
        <p [class]="reviewOk() ? 'ok' : 'error'" role="status" data-testid="review-message">
          {{ reviewMessage() }}
        </p>
      }

      <section class="card" data-testid="section-versions">
        <h2>{{ m.versions.heading }}</h2>
        @if (r.versions.length === 0) {
          <p class="muted">{{ m.versions.none }}</p>
        } @else {
          <table>
            <thead>
              <tr>
                <th>{{ m.versions.version }}</th>
                <th>{{ m.versions.signer }}</th>
                <th>{{ m.versions.signedAt }}</th>
                <th>{{ m.versions.decision }}</th>
                <th>{{ m.versions.comments }}</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              @for (v of r.versions; track v.version) {
                <tr [attr.data-version]="v.version">
                  <td>{{ v.version }}</td>
                  <td>{{ v.signerName }}（{{ v.signerTitle }}）</td>
                  <td>
                    {{ instant(v.signedAt) }}
                    @if (v.late) {
                      <span class="badge bad">{{ m.versions.late }}</span>
                    }
                  </td>
                  <td>
                    {{
                      v.reviewDecision === 'accept'
                        ? m.versions.accept
                        : v.reviewDecision === 'return'
                          ? m.versions.return
                          : m.versions.pending
                    }}
                  </td>
                  <td class="pre">{{ v.reviewComments ?? '' }}</td>
                  <td>
                    <button type="button" class="link" (click)="downloadPdf(v.version)">
                      {{ m.versions.pdf }}
                    </button>
                  </td>
                </tr>
              }
            </tbody>
          </table>
        }
      </section>
    }
  `,
  styles: `
    .card {
      margin: 1rem 0;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.3rem 1rem;
    }
    dt {
      color: var(--muted);
    }
    dd {
      margin: 0;
    }
    .pre {
      white-space: pre-wrap;
    }
    table {
      width: 100%;
      border-collapse: collapse;
      margin: 0.4rem 0 0.8rem;
    }
    caption {
      text-align: left;
      font-weight: 600;
      padding-bottom: 0.2rem;
    }
    th,
    td {
      border-bottom: 1px solid #e3e7ec;
      padding: 0.3rem 0.4rem;
      text-align: left;
      vertical-align: top;
    }
    td.n {
      text-align: right;
      font-variant-numeric: tabular-nums;
    }
    td.code {
      white-space: nowrap;
      font-weight: 600;
    }
    .two {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(320px, 1fr));
      gap: 1.5rem;
    }
    tr.worse td {
      color: var(--bad);
    }
    tr.bad-row td {
      background: #fff4f2;
    }
    .status {
      padding: 0 0.4rem;
      border-radius: 3px;
      background: #eef1f5;
    }
    .badge {
      margin-left: 0.4rem;
      padding: 0 0.4rem;
      border-radius: 3px;
      font-size: 0.85rem;
    }
    .badge.bad {
      background: var(--bad);
      color: #fff;
    }
    .returned {
      border-left: 3px solid var(--warn);
      padding-left: 0.6rem;
      white-space: pre-wrap;
    }
    .toolbar {
      display: flex;
      gap: 0.8rem;
      align-items: center;
      flex-wrap: wrap;
    }
    .inline-label {
      display: inline-flex;
      gap: 0.4rem;
      align-items: center;
      font-weight: 400;
      margin: 0;
    }
    td.outcome select,
    td.outcome .note {
      width: auto;
      margin-right: 0.3rem;
    }
    .problems {
      display: flex;
      flex-wrap: wrap;
      gap: 0 0.8rem;
    }
    label.check {
      font-weight: 400;
      margin: 0.1rem 0;
      display: inline-flex;
      gap: 0.2rem;
      align-items: center;
    }
    label.check input {
      width: auto;
    }
    .entry {
      border-top: 1px dashed var(--line);
      padding: 0.4rem 0;
    }
    .row {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(220px, 1fr));
      gap: 0.8rem;
    }
    .row4 {
      display: grid;
      grid-template-columns: 3fr 2fr 1.2fr 1.2fr auto;
      gap: 0.6rem;
      align-items: end;
    }
    textarea,
    select {
      font: inherit;
      width: 100%;
      box-sizing: border-box;
    }
    button.link {
      background: none;
      border: 0;
      color: var(--brand);
      cursor: pointer;
      font: inherit;
    }
    form.inline {
      display: flex;
      gap: 0.8rem;
      align-items: end;
    }
    .pager {
      text-align: center;
    }
    .small {
      font-size: 0.85rem;
    }
    .ok {
      color: var(--ok);
    }
    .error {
      color: var(--bad);
    }
  `,
})
export class SelfInspectionReportPage {
  protected readonly session = inject(SessionService);
  private readonly i18n = inject(I18nService);
  private readonly api = inject(SelfInspectionApi);
  /** The report id (route parameter). */
  readonly id = input.required<string>();

  protected readonly t = computed(() => (this.i18n.lang() === 'en' ? en : zh));
  protected readonly lang = this.i18n.lang;
  protected readonly callbackFigures = CALLBACK_FIGURES;
  protected readonly complaintFigures = COMPLAINT_FIGURES;
  protected readonly reviewProblems = REVIEW_PROBLEMS;
  protected readonly measureStatuses = MEASURE_STATUSES;
  protected readonly num = num;
  protected readonly instant = formatInstant;

  protected readonly report = signal<ReportDetail | null>(null);
  protected readonly page = signal<SamplePage | null>(null);
  protected readonly pages = computed(() => {
    const p = this.page();
    return p ? Math.max(1, Math.ceil(p.total / p.pageSize)) : 1;
  });
  protected readonly insurerEditable = computed(() => {
    const r = this.report();
    return !!r && this.session.isInsurer() && EDITABLE.includes(r.status);
  });
  protected readonly canDraw = computed(() => {
    const r = this.report();
    return !!r && EDITABLE.includes(r.status) && (this.session.isInsurer() || this.session.isRegulator());
  });
  protected readonly loadError = signal('');
  protected readonly sampleMessage = signal('');
  protected readonly sampleOk = signal(false);
  protected readonly sectionsMessage = signal('');
  protected readonly sectionsOk = signal(false);
  protected readonly submitMessage = signal('');
  protected readonly submitOk = signal(false);
  protected readonly reviewMessage = signal('');
  protected readonly reviewOk = signal(false);

  protected seed = '';
  protected filter = '';
  protected comments = '';
  protected signer = { name: '', title: '' };
  protected problems: ProblemForm[] = [];
  protected measures: MeasureForm[] = [];
  private edits = new Map<number, OutcomeForm>();

  constructor() {
    effect(() => {
      const id = this.id();
      if (id) void this.load();
    });
  }

  protected period(code: string): string {
    return periodName(code, this.i18n.lang());
  }

  protected format(key: string): Format {
    return FORMAT.get(key) ?? 'dec2';
  }

  protected fmt(v: number | null, f: Format): string {
    return f === 'pct' ? pct(v) : f === 'dec2' ? num(v, 2) : num(v);
  }

  protected show(key: string): string {
    const r = this.report();
    return r ? this.fmt(figureAt(r.execution, key), this.format(key)) : '—';
  }

  protected figureName(key: string): string {
    const names: Record<string, string | undefined> = this.t().figures;
    return names[key] ?? key;
  }

  protected problemText(codes: string[]): string {
    const labels = this.t().reviewProblems;
    return codes.map((c) => labels[c] ?? c).join('、');
  }

  private async load(): Promise<void> {
    try {
      const r = await this.api.get(this.id());
      this.report.set(r);
      this.problems = r.problems.map((p) => ({
        description: p.description,
        ruleCodes: p.ruleCodes.join(', '),
        sampleRefs: p.sampleRefs.join(', '),
      }));
      this.measures = r.measures.map((x) => ({ ...x }));
      this.loadError.set('');
      if (r.sample) await this.loadSample(this.page()?.page ?? 1);
      else this.page.set(null);
    } catch (err) {
      this.loadError.set(apiMessage(err));
    }
  }

  private async refreshReport(): Promise<void> {
    const r = await this.api.get(this.id());
    this.report.set(r);
  }

  /** A page of the sample; outcomes being entered on the page are kept when `keepEdits`. */
  protected async loadSample(pageNo: number, keepEdits = false): Promise<void> {
    try {
      const p = await this.api.sample(this.id(), {
        page: pageNo,
        pageSize: PAGE_SIZE,
        outcome: this.filter || undefined,
      });
      if (!keepEdits) this.edits = new Map();
      this.page.set(p);
    } catch (err) {
      this.sampleOk.set(false);
      this.sampleMessage.set(apiMessage(err));
    }
  }

  /** The editable outcome of an item (kept while the page is shown). */
  protected edit(i: SampleItem): OutcomeForm {
    let e = this.edits.get(i.itemNo);
    if (!e) {
      e = { outcome: i.outcome ?? '', problems: [...i.problemCodes], note: i.note ?? '' };
      this.edits.set(i.itemNo, e);
    }
    return e;
  }

  protected toggleProblem(e: OutcomeForm, code: string): void {
    e.problems = e.problems.includes(code) ? e.problems.filter((c) => c !== code) : [...e.problems, code];
  }

  protected async draw(): Promise<void> {
    try {
      await this.api.draw(this.id(), this.seed.trim() || undefined);
      this.sampleOk.set(true);
      this.sampleMessage.set(this.t().sample.drawn);
      await this.load();
    } catch (err) {
      this.sampleOk.set(false);
      this.sampleMessage.set(apiMessage(err));
    }
  }

  protected async saveOutcome(i: SampleItem): Promise<void> {
    const e = this.edit(i);
    if (!e.outcome) return;
    try {
      await this.api.recordOutcome(this.id(), i.itemNo, {
        outcome: e.outcome,
        ...(e.outcome === 'non_compliant' ? { problemCodes: e.problems } : {}),
        ...(e.note.trim() ? { note: e.note.trim() } : {}),
      });
      this.sampleOk.set(true);
      this.sampleMessage.set(`${this.t().sample.saved} #${i.itemNo}`);
      this.edits.delete(i.itemNo);
      await this.refreshReport();
      await this.loadSample(this.page()?.page ?? 1, true);
    } catch (err) {
      this.sampleOk.set(false);
      this.sampleMessage.set(apiMessage(err));
    }
  }

  protected async markRestCompliant(): Promise<void> {
    const p = this.page();
    if (!p || !confirm(this.t().sample.confirmMarkRest)) return;
    const pending = p.items.filter((i) => i.outcome === null);
    if (pending.length === 0) return;
    try {
      await this.api.recordOutcomes(
        this.id(),
        pending.map((i) => ({ itemNo: i.itemNo, outcome: 'compliant' as const })),
      );
      this.sampleOk.set(true);
      this.sampleMessage.set(`${this.t().sample.saved}（${pending.length}）`);
      for (const i of pending) this.edits.delete(i.itemNo);
      await this.refreshReport();
      await this.loadSample(p.page, true);
    } catch (err) {
      this.sampleOk.set(false);
      this.sampleMessage.set(apiMessage(err));
    }
  }

  protected addProblem(): void {
    this.problems = [...this.problems, { description: '', ruleCodes: '', sampleRefs: '' }];
  }

  protected addMeasure(): void {
    this.measures = [...this.measures, { action: '', owner: '', dueOn: '', status: 'planned' }];
  }

  protected async saveSections(): Promise<boolean> {
    try {
      const r = await this.api.update(this.id(), {
        problems: this.problems.map((p) => ({
          description: p.description,
          ruleCodes: list(p.ruleCodes).map((c) => c.toUpperCase()),
          sampleRefs: list(p.sampleRefs),
        })),
        measures: this.measures.map((x) => ({ ...x })),
      });
      this.report.set(r);
      this.sectionsOk.set(true);
      this.sectionsMessage.set(this.t().saved);
      return true;
    } catch (err) {
      this.sectionsOk.set(false);
      this.sectionsMessage.set(apiMessage(err));
      return false;
    }
  }

  protected async submit(): Promise<void> {
    if (!confirm(this.t().submit.confirm)) return;
    // What is on screen is what gets signed: save sections 2 and 3 first.
    if (!(await this.saveSections())) return;
    try {
      const res = await this.api.submit(this.id(), {
        signerName: this.signer.name,
        signerTitle: this.signer.title,
      });
      this.submitOk.set(true);
      this.submitMessage.set(`${this.t().submit.done} ${res.version}`);
      await this.load();
    } catch (err) {
      this.submitOk.set(false);
      this.submitMessage.set(apiMessage(err));
    }
  }

  protected async review(decision: 'accept' | 'return'): Promise<void> {
    try {
      const res = await this.api.review(this.id(), {
        decision,
        ...(this.comments.trim() ? { comments: this.comments.trim() } : {}),
      });
      this.reviewOk.set(true);
      this.reviewMessage.set(`${this.t().review.done} ${this.t().status[res.status]}`);
      this.comments = '';
      await this.load();
    } catch (err) {
      this.reviewOk.set(false);
      this.reviewMessage.set(apiMessage(err));
    }
  }

  protected async downloadPdf(version?: number): Promise<void> {
    const r = this.report();
    if (!r) return;
    try {
      const blob = await this.api.pdf(r.id, version);
      saveBlob(blob, `self-inspection-${r.orgCode}-${r.period}${version ? `-v${version}` : ''}.pdf`);
    } catch (err) {
      this.loadError.set(apiMessage(err));
    }
  }

  protected async downloadXlsx(): Promise<void> {
    const r = this.report();
    if (!r) return;
    try {
      saveBlob(await this.api.sampleXlsx(r.id), `recording-review-sample-${r.orgCode}-${r.period}.xlsx`);
    } catch (err) {
      this.sampleOk.set(false);
      this.sampleMessage.set(apiMessage(err));
    }
  }
}
