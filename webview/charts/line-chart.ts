// A uPlot chart that follows its container's width, redraws at most once per animation frame, and
// is rebuilt only when its series layout (names, colours, scale) or the colour theme changes.
import uPlot from 'uplot';
import { decadeLines } from './series-math';
import { chartTheme, onThemeChange, type ChartTheme } from './theme';

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
  private last?: ChartSpec;
  private frame = 0;
  private readonly resizeObserver: ResizeObserver;
  private readonly unsubscribeTheme: () => void;

  constructor(readonly element: HTMLElement) {
    element.classList.add('chart');
    this.resizeObserver = new ResizeObserver(() => {
      if (this.plot && this.element.clientWidth > 0) this.plot.setSize({ width: this.element.clientWidth, height: this.plot.height });
    });
    this.resizeObserver.observe(element);
    // Off the chart, the legend shows each series' latest value rather than uPlot's "--".
    element.addEventListener('mouseleave', () => this.showLatestInLegend());
    this.unsubscribeTheme = onThemeChange(() => {
      if (!this.last) return;
      this.key = ''; // rebuild in the new colours
      this.draw(this.pending ?? this.last);
    });
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
    this.last = spec;
    const width = Math.max(200, this.element.clientWidth || 600);
    if (!this.plot || spec.key !== this.key) {
      this.plot?.destroy();
      this.element.textContent = '';
      this.plot = new uPlot({ ...spec.options(chartTheme(), width), width }, spec.data, this.element);
      this.key = spec.key;
    } else {
      this.plot.setData(spec.data);
    }
    // after uPlot's own first draw, which sets the legend to the (absent) cursor's values
    requestAnimationFrame(() => {
      if (!this.hovered()) this.showLatestInLegend();
    });
  }

  private hovered(): boolean {
    return this.element.matches(':hover');
  }

  /** Each series' last non-empty point in the legend (its latest value). */
  private showLatestInLegend(): void {
    const plot = this.plot;
    if (!plot) return;
    const n = plot.data[0]?.length ?? 0;
    if (n > 0) plot.setLegend({ idx: n - 1 }, false);
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.resizeObserver.disconnect();
    this.unsubscribeTheme();
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

export interface AxesOptions {
  /** The y scale is logarithmic: with several decades in view, grid lines only at powers of ten. */
  logY?: boolean;
  /** Tighter axis labels, for the small charts of the Overview. */
  compact?: boolean;
  /** The x values are whole numbers (steps, positions): no ticks between them, as 0.2, 0.4 on a one-step run. */
  integerX?: boolean;
}

/** Tick spacings 1, 2, 5, 10, 20, 50, … : whole numbers only. */
const INTEGER_INCRS = Array.from({ length: 27 }, (_, i) => [1, 2, 5][i % 3] * 10 ** Math.floor(i / 3));

/** Axes in the theme's colours. */
export function themedAxes(theme: ChartTheme, xLabel: string, yLabel: string, opts: AxesOptions = {}): uPlot.Axis[] {
  const labelSize = opts.compact ? 18 : 30;
  const axis = (label: string): uPlot.Axis => ({
    label,
    labelSize,
    stroke: theme.foreground,
    font: theme.font,
    labelFont: theme.font,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1 },
  });
  const y: uPlot.Axis = { ...axis(yLabel), size: 60, values: (_u, splits) => splits.map((v) => (v === null || v === undefined ? '' : tickLabel(v))) };
  if (opts.logY) {
    y.grid = { ...y.grid, filter: (_u, splits) => decadeLines(splits) };
    y.ticks = { ...y.ticks, filter: (_u, splits) => decadeLines(splits) };
  }
  return [{ ...axis(xLabel), ...(opts.compact ? { size: 32 } : {}), ...(opts.integerX ? { incrs: INTEGER_INCRS } : {}) }, y];
}

/** A series drawn as markers only (clipping events). */
export function pointsOnly(stroke: string, size = 6): Partial<uPlot.Series> {
  return { stroke, fill: stroke, width: 0, paths: () => null, points: { show: true, size, stroke, fill: stroke } };
}
