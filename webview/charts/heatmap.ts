// A units × time heatmap on a canvas (LSTMVis-style): one column per input token, one row per
// hidden unit; hovering shows unit, step, token and value.
import { t as tr, tm } from '../i18n';
import { tokenGlyph } from '../model/escape';
import { chartTheme, onThemeChange, toRgb } from './theme';
import { drawCells } from './cells';

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

export class Heatmap {
  private readonly canvas = document.createElement('canvas');
  private readonly tooltip = document.createElement('div');
  private readonly legend = document.createElement('div');
  private data?: HeatmapData;
  private frame = 0;
  private geom = { cellW: 0, cellH: 0, T: 0, H: 0 };
  private range = { lo: 0, hi: 1 };
  private readonly resizeObserver: ResizeObserver;
  private readonly unsubscribeTheme: () => void;

  /** `maxHeight`: the cells' height at most (rows get thinner, down to 1 px, to fit). */
  constructor(
    readonly element: HTMLElement,
    private readonly opts: { maxHeight: number } = { maxHeight: 560 },
  ) {
    element.classList.add('heatmap');
    this.tooltip.className = 'heatmap-tooltip';
    this.legend.className = 'heatmap-legend';
    element.append(this.canvas, this.tooltip, this.legend);
    this.canvas.addEventListener('mousemove', (e) => this.hover(e));
    this.canvas.addEventListener('mouseleave', () => (this.tooltip.style.display = 'none'));
    this.resizeObserver = new ResizeObserver(() => this.schedule());
    this.resizeObserver.observe(element);
    this.unsubscribeTheme = onThemeChange(() => this.schedule());
  }

  /** Draws on the next animation frame (nothing to do if it is the data already shown); returns the number of cells. */
  draw(data: HeatmapData): number {
    const d = this.data;
    const same = d !== undefined && d.values === data.values && d.labels === data.labels && d.mode === data.mode;
    this.data = data;
    if (!same) this.schedule();
    return data.values.length * (data.values[0]?.length ?? 0);
  }

  private schedule(): void {
    if (!this.data) return;
    this.frame ||= requestAnimationFrame(() => {
      this.frame = 0;
      if (this.data) this.drawNow(this.data);
    });
  }

  private drawNow(d: HeatmapData): void {
    const T = d.values.length;
    const H = d.values[0]?.length ?? 0;
    const width = Math.max(240, this.element.clientWidth || 600);
    const cellW = (width - LEFT - 4) / Math.max(1, T);
    const cellH = Math.max(1, Math.min(MAX_CELL_HEIGHT, Math.floor(this.opts.maxHeight / Math.max(1, H))));
    const height = TOP + cellH * H + BOTTOM;
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(height * dpr);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
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
    for (let t = 0; t < T; t += labelEvery) {
      ctx.fillText(tokenGlyph(d.labels[t] ?? String(t)).slice(0, 3), LEFT + (t + 0.5) * cellW, TOP + cellH * H + 4);
    }
    ctx.fillStyle = theme.muted;
    ctx.fillText(tr('panel.heat.inputAt', { axis: axisWord(d.axes?.col ?? 'step') }), LEFT + (T * cellW) / 2, TOP + cellH * H + 17);
    this.drawLegend(colour, lo, hi);
  }

  private drawLegend(colour: (v: number) => [number, number, number], lo: number, hi: number): void {
    const c = document.createElement('canvas');
    c.width = 160;
    c.height = 10;
    const ctx = c.getContext('2d')!;
    for (let x = 0; x < 160; x++) {
      const [r, g, b] = colour(lo + ((hi - lo) * x) / 159);
      ctx.fillStyle = `rgb(${r},${g},${b})`;
      ctx.fillRect(x, 0, 1, 10);
    }
    const fmt = (v: number): string => (Math.abs(v) >= 100 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : v.toFixed(2));
    const left = document.createElement('span');
    left.textContent = fmt(lo);
    const right = document.createElement('span');
    right.textContent = fmt(hi);
    this.legend.replaceChildren(left, c, right);
  }

  private hover(e: MouseEvent): void {
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
    this.tooltip.textContent = tr('panel.heat.tooltip', {
      row: axisWord(d.axes?.row ?? 'unit'),
      u,
      col: axisWord(d.axes?.col ?? 'step'),
      t,
      token: JSON.stringify(d.labels[t] ?? ''),
      value: v.toFixed(4),
    });
    this.tooltip.style.display = 'block';
    // Keep the whole tooltip inside the chart: measured after its text is set.
    const left = Math.min(e.clientX - rect.left + 12, rect.width - this.tooltip.offsetWidth - 4);
    this.tooltip.style.left = `${Math.max(0, left)}px`;
    this.tooltip.style.top = `${e.clientY - rect.top + 14}px`;
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.resizeObserver.disconnect();
    this.unsubscribeTheme();
  }
}

/** Diverging: negative blue, zero the editor background, positive orange. Sequential: background to orange. */
function colourScale(mode: HeatmapData['mode'], lo: number, hi: number): (v: number) => [number, number, number] {
  const theme = chartTheme();
  const bg = toRgb(theme.background);
  const pos = toRgb(theme.series[1]);
  const neg = toRgb(theme.series[0]);
  const mix = (a: number[], b: number[], f: number): [number, number, number] => [
    Math.round(a[0] + (b[0] - a[0]) * f),
    Math.round(a[1] + (b[1] - a[1]) * f),
    Math.round(a[2] + (b[2] - a[2]) * f),
  ];
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
