// Loss: train (raw, faded, behind its smoothed curve) and validation, live; log scale; several
// runs overlaid when comparing, with a table of how their configurations differ.
import { t } from '../i18n';
import { checkbox } from '../toolkit';
import { compareTable } from './compare-table';
import { LossPlot } from './loss-plot';
import { runStats } from './run-stats';
import { el, slider, type PanelView, type ViewContext } from './view';

export class LossView implements PanelView {
  readonly tab = 'loss' as const;
  readonly element = el('section', 'view loss-view');
  private readonly plot: LossPlot;
  private readonly stats = el('div', 'stats');
  private readonly compare = el('div', 'compare');
  private readonly smoothingValue: HTMLSpanElement;
  private ctx?: ViewContext;

  constructor(initial: { smoothing: number; logScale: boolean }) {
    const toolbar = el('div', 'toolbar');
    const smoothing = slider(t('panel.label.smoothing'), { min: 0, max: 0.99, step: 0.01, value: initial.smoothing }, (v) =>
      this.ctx?.setState({ smoothing: v }),
    );
    this.smoothingValue = smoothing.value;
    const label = smoothing.label;
    toolbar.append(
      label,
      checkbox(t('panel.logScale'), initial.logScale, (on) => this.ctx?.setState({ logScale: on })),
    );
    const chartBox = el('div');
    this.plot = new LossPlot(chartBox, { height: 320, compact: false });
    this.element.append(toolbar, chartBox, this.stats, this.compare);
  }

  render(ctx: ViewContext): void {
    this.ctx = ctx;
    const smoothing = ctx.state.smoothing ?? 0.6;
    const logScale = ctx.state.logScale ?? false;
    this.smoothingValue.textContent = smoothing.toFixed(2);
    const points = this.plot.draw(ctx.runs, { smoothing, logScale });
    const compare = ctx.runs.length > 1;
    this.stats.replaceChildren(
      ...(compare ? [] : runStats(ctx.runs[0])).map((s) => {
        const d = el('div', 'stat');
        d.append(el('span', 'k', s.label), el('span', 'v', s.value));
        return d;
      }),
    );
    this.compare.replaceChildren(...(compare ? [el('h3', undefined, t('panel.howRunsDiffer')), compareTable(ctx.runs)] : []));
    ctx.rendered({ runs: ctx.runs.length, items: points, note: logScale ? 'log' : 'linear' });
  }
}
