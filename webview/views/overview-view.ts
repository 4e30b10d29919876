// Overview: the run at a glance. A status line (step, losses, speed, time left), the loss curves and
// the gradient-through-time profile side by side, and the top layer's hidden state over the probe
// sequence with its input tokens. The same charts as the Loss, Gradients and Hidden state tabs,
// smaller; each redraws only when its data changed, so a live run with thousands of steps stays smooth.
import { statusText } from './run-stats';
import { t } from '../i18n';
import { Heatmap } from '../charts/heatmap';
import { heatmapDataOf } from '../model/probe-quantities';
import { shortLabel } from '../store';
import { tag } from '../toolkit';
import { GradProfilePlot } from './grad-profile-plot';
import { LossPlot } from './loss-plot';
import { pickStats, runStats } from './run-stats';
import { el, type PanelView, type ViewContext } from './view';

const CHART_HEIGHT = 210;
const HEATMAP_HEIGHT = 288;

export class OverviewView implements PanelView {
  readonly tab = 'overview' as const;
  readonly element = el('section', 'view overview-view');
  private readonly status = el('div', 'status-line');
  private readonly loss: LossPlot;
  private readonly grad: GradProfilePlot;
  private readonly heatmap: Heatmap;
  private readonly lossTitle = el('h3');
  private readonly gradTitle = el('h3');
  private readonly hiddenTitle = el('h3');
  private readonly gradEmpty = el('p', 'note');
  private readonly hiddenEmpty = el('p', 'note');

  constructor() {
    const lossBox = el('div');
    const gradBox = el('div');
    const heatBox = el('div');
    this.loss = new LossPlot(lossBox, { height: CHART_HEIGHT, compact: true });
    this.grad = new GradProfilePlot(gradBox, { height: CHART_HEIGHT, compact: true });
    this.heatmap = new Heatmap(heatBox, { maxHeight: HEATMAP_HEIGHT });
    const cell = (...children: HTMLElement[]): HTMLElement => {
      const c = el('div', 'cell');
      c.append(...children);
      return c;
    };
    const charts = el('div', 'overview-charts');
    charts.append(cell(this.lossTitle, lossBox), cell(this.gradTitle, gradBox, this.grad.key, this.gradEmpty));
    this.element.append(this.status, charts, cell(this.hiddenTitle, heatBox, this.hiddenEmpty));
  }

  render(ctx: ViewContext): void {
    const run = ctx.focus;
    const compare = ctx.runs.length > 1;
    this.renderStatus(ctx);

    this.lossTitle.textContent = compare ? t('panel.ov.lossOf', { n: ctx.runs.length }) : t('panel.tab.loss');
    const loss = this.loss.draw(ctx.runs, { smoothing: ctx.state.smoothing ?? 0.6, logScale: ctx.state.logScale ?? false });

    const of = compare ? ` · ${shortLabel(run)}` : '';
    this.gradTitle.textContent = t('panel.ov.gradTitle', { of });
    const gradProfile = this.grad.draw(run);
    this.gradEmpty.textContent = gradProfile ? '' : t('panel.ov.noProbe');

    const probe = run.probe;
    const transformer = run.meta.spec?.model.cell === 'transformer' || !!probe?.layers.some((l) => l.attention);
    let heatmap = 0;
    if (probe && probe.layers.length > 0) {
      const top = probe.layers.length - 1;
      const data = heatmapDataOf(probe, top, 'h');
      heatmap = this.heatmap.draw(data);
      const units = data.values[0]?.length ?? 0;
      this.hiddenTitle.textContent = transformer
        ? t('panel.ov.residualTitle', {
            layer: top + 1,
            top: probe.layers.length > 1 ? t('panel.top') : '',
            units,
            T: data.values.length,
            step: probe.step,
            of,
          })
        : t(probe.layers.length > 1 ? 'panel.ov.hiddenTitleLayer' : 'panel.ov.hiddenTitle', {
            layer: top + 1,
            units,
            T: data.values.length,
            step: probe.step,
            of,
          });
      this.hiddenEmpty.textContent = '';
    } else {
      this.hiddenTitle.textContent = `${transformer ? t('panel.residualStream') : t('panel.hiddenState')}${of}`;
      this.hiddenEmpty.textContent = transformer ? t('panel.noProbeResidual') : t('panel.noProbeHidden');
    }
    ctx.rendered({ runs: ctx.runs.length, items: loss + gradProfile + heatmap, parts: { loss, gradProfile, heatmap }, note: run.meta.status });
  }

  private renderStatus(ctx: ViewContext): void {
    const run = ctx.focus;
    const parts: Node[] = [tag(run.meta.status, statusText(run.meta.status))];
    if (ctx.runs.length > 1) parts.push(el('span', 'v', shortLabel(run)));
    for (const s of pickStats(runStats(run), ['step', 'loss', 'val', 'best', 'accuracy', 'speed', 'engine', 'eta'])) {
      const item = el('span', 'item');
      const [k, v] = [el('span', 'k', s.short), el('span', 'v', s.value)];
      item.append(...(s.unitAfter ? [v, k] : [k, v]));
      parts.push(item);
    }
    this.status.replaceChildren(...parts);
  }
}
