// A units × time heatmap on a canvas (LSTMVis-style): one column per input token, one row per
// hidden unit; hovering shows unit, step, token and value.
import { t as tr, tm } from '../i18n';
import { fitLabel } from '../model/escape';
import { chartTheme, toRgb } from './theme';
import { CellChart, drawCells, mix, type Rgb } from './cells';

export interface HeatmapData {
  values: number[][]; // [T][H]
  labels: string[]; // input token at each t
  mode: 'diverging' | 'sequential'; // centred on 0, or 0..1 (gates)
  /** What a row and a column are: unit and step (a recurrent layer), dimension and position (a Transformer's residual stream). */
  axes?: { row: string; col: string };
}

const LEFT = 44;
const BOTTOM = 30;
const TOP = 4;
const MAX_CELL_HEIGHT = 14;

export class Heatmap extends CellChart<HeatmapData> {
  private geom = { cellW: 0, cellH: 0, T: 0, H: 0 };
  private range = { lo: 0, hi: 1 };

  /** `maxHeight`: the cells' height at most (rows get thinner, down to 1 px, to fit). */
  constructor(
    element: HTMLElement,
    private readonly opts: { maxHeight: number } = { maxHeight: 560 },
  ) {
    super(element, 'heatmap');
  }

  /** Draws on the next animation frame (nothing to do if it is the data already shown); returns the number of cells. */
  draw(data: HeatmapData): number {
    const d = this.data;
    this.show(data, d !== undefined && d.values === data.values && d.labels === data.labels && d.mode === data.mode);
    return data.values.length * (data.values[0]?.length ?? 0);
  }

  protected drawNow(d: HeatmapData): void {
    const T = d.values.length;
    const H = d.values[0]?.length ?? 0;
    const width = Math.max(240, this.element.clientWidth || 600);
    const cellW = (width - LEFT - 4) / Math.max(1, T);
    const cellH = Math.max(1, Math.min(MAX_CELL_HEIGHT, Math.floor(this.opts.maxHeight / Math.max(1, H))));
    const height = TOP + cellH * H + BOTTOM;
    const dpr = this.sizeCanvas(width, height);
    this.geom = { cellW, cellH, T, H };
    const ctx = this.canvas.getContext('2d');
    if (!ctx || T === 0 || H === 0) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const theme = chartTheme();
    ctx.clearRect(0, 0, width, height);

    // The cells: one pixel each in an offscreen image, scaled up without smoothing.
    let lo = Infinity;
    let hi = -Infinity;
    for (const row of d.values) for (const v of row) if (Number.isFinite(v)) ((lo = Math.min(lo, v)), (hi = Math.max(hi, v)));
    if (d.mode === 'diverging') {
      const m = Math.max(Math.abs(lo), Math.abs(hi), 1e-12);
      [lo, hi] = [-m, m];
    } else [lo, hi] = [Math.min(0, lo), Math.max(1, hi)];
    this.range = { lo, hi };
    const colour = colourScale(d.mode, lo, hi);
    drawCells(ctx, T, H, (u, t) => colour(d.values[t][u]), LEFT, TOP, cellW * T, cellH * H); // units down, time across

    // Axes: unit numbers on the left, input tokens along the bottom.
    ctx.fillStyle = theme.foreground;
    ctx.font = theme.font.replace(/^\S+/, '11px');
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    const unitEvery = Math.max(1, Math.ceil(14 / cellH));
    for (let u = 0; u < H; u += unitEvery) ctx.fillText(String(u), LEFT - 4, TOP + (u + 0.5) * cellH);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const labelEvery = Math.max(1, Math.ceil(9 / cellW));
    const room = cellW * labelEvery - 3; // px between two labels' centres, less a gap
    const measure = (s: string): number => ctx.measureText(s).width;
    for (let t = 0; t < T; t += labelEvery) {
      ctx.fillText(fitLabel(d.labels[t] ?? String(t), room, measure), LEFT + (t + 0.5) * cellW, TOP + cellH * H + 4);
    }
    ctx.fillStyle = theme.muted;
    ctx.fillText(tr('panel.heat.inputAt', { axis: axisWord(d.axes?.col ?? 'step') }), LEFT + (T * cellW) / 2, TOP + cellH * H + 17);
    this.drawLegend(colour, lo, hi);
  }

  private drawLegend(colour: (v: number) => Rgb, lo: number, hi: number): void {
    const fmt = (v: number): string => (Math.abs(v) >= 100 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : v.toFixed(2));
    this.drawLegendStrip((f) => colour(lo + (hi - lo) * f), fmt(lo), fmt(hi));
  }

  protected hover(e: MouseEvent): void {
    const d = this.data;
    if (!d) return;
    const rect = this.canvas.getBoundingClientRect();
    const x = e.clientX - rect.left - LEFT;
    const y = e.clientY - rect.top - TOP;
    const t = Math.floor(x / this.geom.cellW);
    const u = Math.floor(y / this.geom.cellH);
    if (t < 0 || u < 0 || t >= this.geom.T || u >= this.geom.H) {
      this.tooltip.style.display = 'none';
      return;
    }
    const v = d.values[t][u];
    const text = tr('panel.heat.tooltip', {
      row: axisWord(d.axes?.row ?? 'unit'),
      u,
      col: axisWord(d.axes?.col ?? 'step'),
      t,
      token: JSON.stringify(d.labels[t] ?? ''),
      value: v.toFixed(4),
    });
    this.placeTooltip(text, e, rect);
  }
}

/** Diverging: negative blue, zero the editor background, positive orange. Sequential: background to orange. */
function colourScale(mode: HeatmapData['mode'], lo: number, hi: number): (v: number) => Rgb {
  const theme = chartTheme();
  const bg = toRgb(theme.background);
  const pos = toRgb(theme.series[1]);
  const neg = toRgb(theme.series[0]);
  if (mode === 'diverging') {
    const m = Math.max(Math.abs(lo), Math.abs(hi), 1e-12);
    return (v) => (Number.isFinite(v) ? mix(bg, v < 0 ? neg : pos, Math.min(1, Math.abs(v) / m)) : [255, 0, 255]);
  }
  return (v) => (Number.isFinite(v) ? mix(bg, pos, Math.max(0, Math.min(1, (v - lo) / (hi - lo || 1)))) : [255, 0, 255]);
}

/** The axis words of the probe's heatmaps (unit, step, dimension, position) in the panel's language. */
function axisWord(word: string): string {
  return ['unit', 'step', 'dimension', 'position'].includes(word) ? tm({ code: `panel.axisWord.${word}` }) : word;
}
