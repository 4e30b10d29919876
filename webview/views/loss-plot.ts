// The loss chart of the Loss and Overview tabs: per run the smoothed train loss and the validation
// loss (and, when asked, the raw train loss faded behind), downsampled so thousands of steps stay
// cheap, and redrawn only when a run or the options changed.
import { t } from '../i18n';
import uPlot from 'uplot';
import { LineChart, themedAxes } from '../charts/line-chart';
import { minMaxIndices, pick, positiveOrNull, smoothEma } from '../charts/series-math';
import { seriesColor, withAlpha } from '../charts/theme';
import { shortLabel, type RunData } from '../store';

const MAX_POINTS = 2000; // per series: uPlot draws this many in well under a frame
const DENSE_EVALS = 200; // more validation points than this: a line without markers

export interface LossPlotLayout {
  height: number;
  /**
   * The Overview's small chart: smoothed train loss and validation only, a plain legend, no zoom.
   * Otherwise the raw train loss is drawn faded behind, the legend shows the values under the
   * cursor, and dragging zooms along the steps.
   */
  compact: boolean;
}

export interface LossPlotOptions {
  smoothing: number;
  logScale: boolean;
}

type Role = 'raw' | 'smooth' | 'val';

export class LossPlot {
  private readonly chart: LineChart;
  private stamp = '';
  private points = 0;

  constructor(
    element: HTMLElement,
    private readonly layout: LossPlotLayout,
  ) {
    this.chart = new LineChart(element);
  }

  /** Queues a redraw if anything changed; returns the number of points drawn. */
  draw(runs: RunData[], opts: LossPlotOptions): number {
    const stamp = `${runs.map((r) => `${r.id}:${r.version}`).join(',')}|${opts.smoothing}|${opts.logScale}`;
    if (stamp === this.stamp) return this.points;
    this.stamp = stamp;
    const log = opts.logScale;
    const raw = !this.layout.compact;
    const y = (ys: number[]): (number | null)[] => (log ? positiveOrNull(ys) : ys);
    const compare = runs.length > 1;
    const tables: uPlot.AlignedData[] = [];
    const series: { label: string; role: Role; run: number; dense: boolean; lone: boolean }[] = [];
    let points = 0;
    runs.forEach((run, i) => {
      const name = compare ? `${shortLabel(run)} ` : '';
      const idx = minMaxIndices(run.loss, MAX_POINTS);
      const smooth = smoothEma(run.loss, opts.smoothing);
      const xs = pick(run.steps, idx);
      tables.push(raw ? [xs, y(pick(run.loss, idx)), y(pick(smooth, idx))] : [xs, y(pick(smooth, idx))]);
      const ev = minMaxIndices(run.valLoss, MAX_POINTS);
      tables.push([pick(run.evalSteps, ev), y(pick(run.valLoss, ev))]);
      points += idx.length * (raw ? 2 : 1) + ev.length;
      const dense = run.evalSteps.length > DENSE_EVALS;
      const lone = run.steps.length === 1; // one step (a run that diverged at once): a marker, since there is no line to draw
      if (raw) series.push({ label: `${name}${t('panel.legend.trainRaw')}`, role: 'raw', run: i, dense, lone });
      series.push({ label: `${name}${raw ? t('panel.legend.train') : t('panel.legend.trainSmoothed')}`, role: 'smooth', run: i, dense, lone });
      series.push({ label: `${name}${t('panel.legend.validation')}`, role: 'val', run: i, dense, lone });
    });
    this.points = points;
    const data = tables.length ? uPlot.join(tables) : ([[]] as unknown as uPlot.AlignedData);
    this.chart.draw({
      key: `loss|${log}|${series.map((s) => `${s.label}:${s.dense}:${s.lone}`).join('|')}`,
      data,
      options: (theme) => ({
        height: this.layout.height,
        scales: { x: { time: false }, y: log ? { distr: 3 } : { auto: true } },
        axes: themedAxes(theme, t('panel.axis.step'), log ? t('panel.axis.lossLog') : t('panel.axis.loss'), {
          logY: log,
          compact: this.layout.compact,
          integerX: true,
        }),
        legend: { live: !this.layout.compact },
        cursor: { drag: { x: !this.layout.compact, y: false } },
        series: [
          { label: t('panel.axis.step') },
          ...series.map((s): uPlot.Series => {
            // One colour per run when comparing; a single run gets train and validation in two colours.
            const c = seriesColor(theme, compare ? s.run : s.role === 'val' ? 1 : 0);
            if (s.role === 'raw') return { label: s.label, stroke: withAlpha(c, 0.25), width: 1, spanGaps: true, points: { show: false } };
            if (s.role === 'smooth') return { label: s.label, stroke: c, width: 2, spanGaps: true, points: { show: s.lone, size: 5, stroke: c, fill: c } };
            return { label: s.label, stroke: c, width: 2, dash: [6, 4], spanGaps: true, points: { show: !s.dense, size: 5, stroke: c, fill: c } };
          }),
        ],
      }),
    });
    return points;
  }
}
