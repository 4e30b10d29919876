// Gradients: the global gradient norm before clipping, step by step, with clipping events marked;
// and the gradient-through-time profile ‖∂L/∂x⟨t⟩‖ against t from the probes (log scale), where
// vanishing (the early steps get almost nothing) and exploding gradients show as slopes. One
// definition for both families (h: the layer's output), stated under the chart.
import { t } from '../i18n';
import uPlot from 'uplot';
import { LineChart, pointsOnly, themedAxes } from '../charts/line-chart';
import { minMaxIndices, pick, positiveOrNull } from '../charts/series-math';
import { seriesColor, withAlpha } from '../charts/theme';
import type { RunData } from '../store';
import { GradProfilePlot } from './grad-profile-plot';
import { el, fmt, fmtInt, type PanelView, type ViewContext } from './view';

const MAX_POINTS = 2000;

export class GradientsView implements PanelView {
  readonly tab = 'gradients' as const;
  readonly element = el('section', 'view gradients-view');
  private readonly normChart: LineChart;
  private readonly timePlot: GradProfilePlot;
  private readonly normNote = el('p', 'note');
  private readonly timeNote = el('div', 'note');
  private readonly definition = el('p', 'definition');

  constructor() {
    const a = el('div');
    const b = el('div');
    this.normChart = new LineChart(a);
    this.timePlot = new GradProfilePlot(b, { height: 240, compact: false });
    this.element.append(
      el('h3', undefined, t('panel.grad.normTitle')),
      a,
      this.normNote,
      el('h3', undefined, t('panel.grad.timeTitle')),
      b,
      this.definition,
      this.timeNote,
    );
  }

  render(ctx: ViewContext): void {
    const run = ctx.focus;
    const n1 = this.renderNorm(run);
    const n2 = this.renderTime(run);
    ctx.rendered({ runs: 1, items: n1 + n2, note: `${run.clipped.length} clipped` });
  }

  private renderNorm(run: RunData): number {
    const idx = minMaxIndices(run.gradNorm, MAX_POINTS);
    const xs = pick(run.steps, idx);
    const clippedSet = new Set(run.clipped);
    // Clipping markers at every clipped step kept by the downsampling, plus the clipped steps themselves.
    const clipX = run.clipped.map((i) => run.steps[i]);
    const clipY = run.clipped.map((i) => run.gradNorm[i]);
    const clip = run.meta.spec?.training.clip;
    const threshold = clip && 'norm' in clip ? clip.norm : undefined;
    const tables: uPlot.AlignedData[] = [
      [xs, positiveOrNull(pick(run.gradNorm, idx))] as uPlot.AlignedData,
      [clipX, positiveOrNull(clipY)] as uPlot.AlignedData,
    ];
    if (threshold !== undefined && xs.length)
      tables.push([
        [xs[0], xs[xs.length - 1]],
        [threshold, threshold],
      ] as uPlot.AlignedData);
    const data = uPlot.join(tables);
    this.normChart.draw({
      key: `norm|${threshold ?? ''}|${run.steps.length < 200}`,
      data,
      options: (theme) => ({
        height: 220,
        scales: { x: { time: false }, y: { distr: 3 } },
        axes: themedAxes(theme, t('panel.axis.step'), t('panel.grad.axisLog'), { logY: true, integerX: true }),
        series: [
          { label: t('panel.axis.step') },
          { label: t('panel.grad.normLegend'), stroke: seriesColor(theme, 0), width: 1, spanGaps: true, points: { show: run.steps.length < 200, size: 3 } },
          // the hovered step's norm when it was clipped, a dash when it was not (rather than an empty legend)
          { label: t('panel.grad.clippedLegend'), ...pointsOnly(theme.error, 4), value: (_u: uPlot, v: number | null) => fmt(v, 3) },
          ...(threshold !== undefined
            ? [
                {
                  label: t('panel.grad.clipLegend', { n: threshold }),
                  stroke: withAlpha(theme.foreground, 0.6),
                  dash: [4, 4],
                  width: 1,
                  spanGaps: true,
                  points: { show: false },
                },
              ]
            : []),
        ],
      }),
    });
    const pct = run.steps.length ? (100 * clippedSet.size) / run.steps.length : 0;
    this.normNote.textContent = !run.steps.length
      ? t('panel.noSteps')
      : threshold !== undefined || run.clipped.length
        ? t('panel.grad.clipped', { n: fmtInt(run.clipped.length), total: fmtInt(run.steps.length), pct: pct.toFixed(1) })
        : t('panel.grad.noClip');
    return xs.length + clipX.length;
  }

  private renderTime(run: RunData): number {
    this.definition.textContent = gradientDefinition();
    const n = this.timePlot.draw(run);
    const latest = GradProfilePlot.latest(run);
    if (!latest) this.timeNote.textContent = t('panel.grad.noProbe');
    else this.timeNote.replaceChildren(...latest.layers.map((g, k) => el('p', undefined, verdict(g, k, run))));
    return n;
  }
}

/** The gradient through time, in one sentence that holds for every family (the probe's gradNorm). */
function gradientDefinition(): string {
  return t('panel.grad.definition');
}

/** One layer's profile in words: ‖∂L/∂x⟨0⟩‖ against ‖∂L/∂x⟨T−1⟩‖. */
function verdict(g: number[], k: number, run: RunData): string {
  const first = g.find((v) => Number.isFinite(v) && v > 0);
  const last = [...g].reverse().find((v) => Number.isFinite(v) && v > 0);
  if (first === undefined || last === undefined) return t('panel.grad.noneReaches', { k: k + 1 });
  const ratio = first / last;
  const everyStep = run.meta.spec?.task.kind !== 'adding' && run.meta.spec?.task.kind !== 'classify';
  const kind =
    ratio < 1e-3
      ? t('panel.grad.vanishing')
      : ratio < 1e-1
        ? t('panel.grad.decaying')
        : ratio > 1e3
          ? t('panel.grad.exploding')
          : ratio > 10
            ? t('panel.grad.growing')
            : t('panel.grad.flowing');
  const caveat = everyStep ? t('panel.grad.caveat') : '';
  return t('panel.grad.verdict', { k: k + 1, ratio: fmt(ratio, 3), kind, caveat });
}
