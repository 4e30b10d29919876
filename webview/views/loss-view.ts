// Loss: train (raw, faded, behind its smoothed curve) and validation, live; log scale; several
// runs overlaid when comparing, with a table of how their configurations differ.
import uPlot from 'uplot';
import { LineChart, themedAxes } from '../charts/line-chart';
import { minMaxIndices, pick, positiveOrNull, smoothEma } from '../charts/series-math';
import { seriesColor, withAlpha } from '../charts/theme';
import { shortLabel, type RunData } from '../store';
import { checkbox } from '../toolkit';
import { compareTable } from './compare-table';
import { el, fmt, fmtInt, type PanelView, type ViewContext } from './view';

const MAX_POINTS = 2000;

export class LossView implements PanelView {
  readonly tab = 'loss' as const;
  readonly element = el('section', 'view loss-view');
  private readonly chart: LineChart;
  private readonly stats = el('div', 'stats');
  private readonly compare = el('div', 'compare');
  private readonly smoothingValue = el('span', 'value');
  private ctx?: ViewContext;

  constructor(initial: { smoothing: number; logScale: boolean }) {
    const toolbar = el('div', 'toolbar');
    const slider = el('input');
    slider.type = 'range';
    slider.min = '0';
    slider.max = '0.99';
    slider.step = '0.01';
    slider.value = String(initial.smoothing);
    slider.setAttribute('aria-label', 'Smoothing');
    slider.addEventListener('input', () => this.ctx?.setState({ smoothing: Number(slider.value) }));
    const label = el('label', 'slider', 'Smoothing ');
    label.append(slider, this.smoothingValue);
    toolbar.append(label, checkbox('Log scale', initial.logScale, (on) => this.ctx?.setState({ logScale: on })));
    const chartBox = el('div');
    this.chart = new LineChart(chartBox);
    this.element.append(toolbar, chartBox, this.stats, this.compare);
  }

  render(ctx: ViewContext): void {
    this.ctx = ctx;
    const smoothing = ctx.state.smoothing ?? 0.6;
    const log = ctx.state.logScale ?? false;
    this.smoothingValue.textContent = smoothing.toFixed(2);
    const tables: uPlot.AlignedData[] = [];
    const series: uPlot.Series[] = [{ label: 'step' }];
    const compare = ctx.runs.length > 1;
    let points = 0;
    ctx.runs.forEach((run, i) => {
      const name = compare ? shortLabel(run) : '';
      const idx = minMaxIndices(run.loss, MAX_POINTS);
      const smooth = smoothEma(run.loss, smoothing);
      const y = (ys: number[]): (number | null)[] => (log ? positiveOrNull(ys) : ys);
      tables.push([pick(run.steps, idx), y(pick(run.loss, idx)), y(pick(smooth, idx))] as uPlot.AlignedData);
      tables.push([run.evalSteps.slice(), y(run.valLoss)] as uPlot.AlignedData);
      points += idx.length * 2 + run.evalSteps.length;
      series.push(
        { label: compare ? `${name} train (raw)` : 'train (raw)', spanGaps: true, width: 1, points: { show: false }, _role: 'raw', _run: i } as uPlot.Series,
        { label: compare ? `${name} train` : 'train', spanGaps: true, width: 2, points: { show: false }, _role: 'smooth', _run: i } as uPlot.Series,
        { label: compare ? `${name} validation` : 'validation', spanGaps: true, width: 2, dash: [6, 4], points: { show: true, size: 5 }, _role: 'val', _run: i } as uPlot.Series,
      );
    });
    const data = tables.length ? uPlot.join(tables) : ([[]] as unknown as uPlot.AlignedData);
    const key = `loss|${log}|${series.map((s) => s.label).join('|')}`;
    this.chart.draw({
      key,
      data,
      options: (theme) => ({
        height: 320,
        scales: { x: { time: false }, y: log ? { distr: 3 } : { auto: true } },
        axes: themedAxes(theme, 'step', log ? 'loss (log)' : 'loss'),
        legend: { live: true },
        cursor: { drag: { x: true, y: false } },
        series: series.map((s, k) => {
          if (k === 0) return s;
          const { _role, _run } = s as uPlot.Series & { _role: string; _run: number };
          // One colour per run when comparing; a single run gets train and validation in two colours.
          const c = seriesColor(theme, compare ? _run : _role === 'val' ? 1 : 0);
          return { ...s, stroke: _role === 'raw' ? withAlpha(c, 0.25) : c, ...(_role === 'val' ? { points: { show: true, size: 5, stroke: c, fill: c } } : {}) };
        }),
      }),
    });
    this.renderStats(ctx.runs);
    this.compare.replaceChildren(...(compare ? [el('h3', undefined, 'How the runs differ'), compareTable(ctx.runs)] : []));
    ctx.rendered({ runs: ctx.runs.length, items: points, note: log ? 'log' : 'linear' });
  }

  private renderStats(runs: RunData[]): void {
    if (runs.length !== 1) {
      this.stats.replaceChildren();
      return;
    }
    const r = runs[0];
    const bestVal = r.valLoss.length ? Math.min(...r.valLoss.filter(Number.isFinite)) : undefined;
    const acc = r.accuracy.at(-1);
    const items: [string, string][] = [
      ['step', `${fmtInt(r.lastStep)}${r.totalSteps ? ` / ${fmtInt(r.totalSteps)}` : ''}`],
      ['train loss', fmt(r.loss.at(-1))],
      ['validation loss', fmt(r.valLoss.at(-1))],
      ['best validation', fmt(bestVal)],
      ...(acc !== undefined && acc !== null ? ([['accuracy', `${(acc * 100).toFixed(1)} %`]] as [string, string][]) : []),
      ['tokens/s', r.tokensPerSec ? fmtInt(Math.round(r.tokensPerSec)) : '—'],
      ['status', r.meta.status],
    ];
    this.stats.replaceChildren(
      ...items.map(([k, v]) => {
        const d = el('div', 'stat');
        d.append(el('span', 'k', k), el('span', 'v', v));
        return d;
      }),
    );
  }
}
