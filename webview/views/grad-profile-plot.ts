// The gradient-through-time chart of the Gradients and Overview tabs: ‖∂L/∂x⟨t⟩‖ against t for every
// layer at the latest probe (bold), with a few earlier probes faded behind, on a log scale where
// vanishing and exploding gradients show as slopes. Redrawn only when a new probe arrives.
import { t } from '../i18n';
import uPlot from 'uplot';
import type { GradProfile } from '../../src/protocol/panel';
import { LineChart, themedAxes } from '../charts/line-chart';
import { positiveOrNull } from '../charts/series-math';
import { seriesColor, seriesCssColor, withAlpha } from '../charts/theme';
import type { RunData } from '../store';
import { el } from './view';

const HISTORY = 4; // earlier probes drawn faded behind the latest

export interface GradProfileLayout {
  height: number;
  /** No uPlot legend (one entry per layer and probe); a one-line key of the layer colours instead. */
  compact: boolean;
}

export class GradProfilePlot {
  private readonly chart: LineChart;
  /** compact: the layer colours and which probe is which. */
  readonly key = el('div', 'note swatch-key');
  private stamp = '';
  private points = 0;

  constructor(
    element: HTMLElement,
    private readonly layout: GradProfileLayout,
  ) {
    this.chart = new LineChart(element);
  }

  /** The probe drawn bold (undefined: none yet). */
  static latest(run: RunData): GradProfile | undefined {
    const latest = run.gradProfiles.at(-1);
    return latest && latest.layers.length > 0 ? latest : undefined;
  }

  /** Queues a redraw if a probe arrived; returns the number of points drawn (0: no probe yet). */
  draw(run: RunData): number {
    const latest = GradProfilePlot.latest(run);
    const stamp = `${run.id}|${run.gradProfiles.length}|${latest?.step}`;
    if (stamp === this.stamp) return this.points;
    this.stamp = stamp;
    if (!latest) {
      this.chart.draw({
        key: 'time|empty',
        data: [[]] as unknown as uPlot.AlignedData,
        options: (theme) => ({ height: this.layout.height, axes: themedAxes(theme, 't', ''), legend: { show: !this.layout.compact }, series: [{}] }),
      });
      this.key.replaceChildren();
      return (this.points = 0);
    }
    const shown = earlierProfiles(run.gradProfiles, HISTORY).concat([latest]);
    const T = latest.layers[0].length;
    const xs = Array.from({ length: T }, (_, t) => t);
    const data: (number | null)[][] = [xs];
    const meta: { layer: number; latest: boolean; step: number }[] = [];
    for (const p of shown) {
      p.layers.forEach((g, k) => {
        data.push(positiveOrNull(g.length === T ? g : xs.map((t) => g[t] ?? NaN)));
        meta.push({ layer: k, latest: p === latest, step: p.step });
      });
    }
    this.chart.draw({
      key: `time|${meta.map((m) => `${m.layer}:${m.latest}:${m.step}`).join(',')}`,
      data: data as uPlot.AlignedData,
      options: (theme) => ({
        height: this.layout.height,
        scales: { x: { time: false }, y: { distr: 3 } },
        axes: themedAxes(theme, this.layout.compact ? t('panel.axis.tShort') : t('panel.axis.tLong'), t('panel.axis.gradLog'), {
          logY: true,
          compact: this.layout.compact,
          integerX: true,
        }),
        legend: { show: !this.layout.compact },
        series: [
          { label: 't' },
          ...meta.map((m) => ({
            label: t('panel.legend.layerAtStep', { k: m.layer + 1, step: m.step }),
            stroke: m.latest ? seriesColor(theme, m.layer) : withAlpha(seriesColor(theme, m.layer), 0.3),
            width: m.latest ? 2 : 1,
            points: { show: m.latest, size: 4, fill: seriesColor(theme, m.layer), stroke: seriesColor(theme, m.layer) },
          })),
        ],
      }),
    });
    if (this.layout.compact) this.renderKey(latest, shown.length - 1);
    return (this.points = T * meta.length);
  }

  private renderKey(latest: GradProfile, earlier: number): void {
    const items = latest.layers.map((_, k) => {
      const s = el('span', 'run-name');
      const dot = el('span', 'swatch');
      dot.style.background = seriesCssColor(k);
      s.append(
        dot,
        document.createTextNode(
          latest.layers.length > 1 ? `${t('panel.layerN', { k: k + 1 })}${k === latest.layers.length - 1 ? t('panel.top') : ''}` : t('panel.layerN', { k: 1 }),
        ),
      );
      return s;
    });
    const when = el('span', undefined, `${t('panel.probeAtStep', { step: latest.step })}${earlier ? t('panel.earlierFaded', { n: earlier }) : ''}`);
    this.key.replaceChildren(...items, when);
  }
}

function earlierProfiles(all: GradProfile[], n: number): GradProfile[] {
  const before = all.slice(0, -1);
  if (before.length <= n) return before;
  return Array.from({ length: n }, (_, i) => before[Math.round((i * (before.length - 1)) / Math.max(1, n - 1))]);
}
