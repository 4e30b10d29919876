// A uPlot chart that follows its container's width, redraws at most once per animation frame, and
// is rebuilt only when its series layout (names, colours, scale) changes.
import uPlot from 'uplot';
import { chartTheme, type ChartTheme } from './theme';

export interface ChartSpec {
  /** Identifies the layout: a new key rebuilds the chart, the same key only swaps the data. */
  key: string;
  options(theme: ChartTheme, width: number): Omit<uPlot.Options, 'width'>;
  data: uPlot.AlignedData;
}

export class LineChart {
  private plot?: uPlot;
  private key = '';
  private pending?: ChartSpec;
  private frame = 0;
  private readonly resizeObserver: ResizeObserver;

  constructor(readonly element: HTMLElement) {
    element.classList.add('chart');
    this.resizeObserver = new ResizeObserver(() => {
      if (this.plot && this.element.clientWidth > 0) this.plot.setSize({ width: this.element.clientWidth, height: this.plot.height });
    });
    this.resizeObserver.observe(element);
  }

  /** Queues a draw; several calls within one frame draw once. */
  draw(spec: ChartSpec): void {
    this.pending = spec;
    this.frame ||= requestAnimationFrame(() => {
      this.frame = 0;
      if (this.pending) this.drawNow(this.pending);
      this.pending = undefined;
    });
  }

  private drawNow(spec: ChartSpec): void {
    const width = Math.max(200, this.element.clientWidth || 600);
    if (!this.plot || spec.key !== this.key) {
      this.plot?.destroy();
      this.element.textContent = '';
      this.plot = new uPlot({ ...spec.options(chartTheme(), width), width }, spec.data, this.element);
      this.key = spec.key;
    } else {
      this.plot.setData(spec.data);
    }
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.resizeObserver.disconnect();
    this.plot?.destroy();
  }
}

/** Tick labels that stay readable on a log axis (1e-4 rather than uPlot's rounded "0"). */
export function tickLabel(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-2 || a >= 1e5) return v.toExponential(0).replace('e+', 'e');
  return String(Number(v.toPrecision(3)));
}

/** Axes in the theme's colours. */
export function themedAxes(theme: ChartTheme, xLabel: string, yLabel: string): uPlot.Axis[] {
  const axis = (label: string): uPlot.Axis => ({
    label,
    stroke: theme.foreground,
    font: theme.font,
    labelFont: theme.font,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1 },
  });
  return [axis(xLabel), { ...axis(yLabel), size: 60, values: (_u, splits) => splits.map((v) => (v === null || v === undefined ? '' : tickLabel(v))) }];
}

/** A series drawn as markers only (clipping events). */
export function pointsOnly(stroke: string, size = 6): Partial<uPlot.Series> {
  return { stroke, fill: stroke, width: 0, paths: () => null, points: { show: true, size, stroke, fill: stroke } };
}
