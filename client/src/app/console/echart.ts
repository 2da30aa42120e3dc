import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  afterNextRender,
  effect,
  inject,
  input,
  viewChild,
} from '@angular/core';
import { BarChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Tree-shaken: only the chart types and components the console draws.
echarts.use([
  BarChart,
  LineChart,
  PieChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

/** One ECharts chart, rendered in the browser on a canvas; follows its `option` input and the window size. */
@Component({
  selector: 'app-echart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<div
    #host
    class="chart"
    role="img"
    [attr.aria-label]="label()"
    [style.height.px]="height()"
  ></div>`,
  styles: `
    .chart {
      width: 100%;
    }
  `,
})
export class EChart {
  readonly option = input.required<ChartOption>();
  readonly height = input(320);
  readonly label = input('');
  private readonly host = viewChild.required<ElementRef<HTMLDivElement>>('host');
  private chart: echarts.ECharts | null = null;

  constructor() {
    const onResize = () => this.chart?.resize();
    afterNextRender(() => {
      this.chart = echarts.init(this.host().nativeElement, undefined, { renderer: 'canvas' });
      this.chart.setOption(this.option(), true);
      window.addEventListener('resize', onResize);
    });
    effect(() => {
      const option = this.option();
      this.chart?.setOption(option, true);
    });
    inject(DestroyRef).onDestroy(() => {
      window.removeEventListener('resize', onResize);
      this.chart?.dispose();
      this.chart = null;
    });
  }
}
