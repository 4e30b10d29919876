// One attention head over the probe sequence on a canvas: a T×T matrix, queries down the left, keys
// along the top, both labelled with the probe's tokens (whole where they fit, with an ellipsis where
// not). Above the diagonal stays empty: the causal mask. Hover: query token, key token, weight.
import { t as tr } from '../i18n';
import { labelEvery, type AttentionMatrix } from '../model/attention';
import { fitLabel } from '../model/escape';
import { chartTheme, toRgb } from './theme';
import { CellChart, drawCells, mix, type Rgb } from './cells';

const MAX_CELL = 28;
const MIN_ROW = 12; // rows at least this tall while the matrix stays under MAX_ROWS_HEIGHT
const MAX_ROWS_HEIGHT = 720;
const MAX_LABEL = 84; // px: the longest token label before an ellipsis
const FONT_PX = 11;
const SMALL_FONT_PX = 9;
const PAD = 4;

export class AttentionMap extends CellChart<AttentionMatrix> {
  private geom = { left: 0, top: 0, cellW: 0, cellH: 0, T: 0 };

  constructor(element: HTMLElement) {
    super(element, 'heatmap', 'attention-map');
  }

  /** Draws on the next animation frame; returns the number of cells with a weight. */
  draw(data: AttentionMatrix): number {
    this.show(data, this.data?.weights === data.weights && this.data?.labels === data.labels);
    return data.cells;
  }

  protected drawNow(d: AttentionMatrix): void {
    const T = d.weights.length;
    const width = Math.max(240, this.element.clientWidth || 600);
    const theme = chartTheme();
    const font = `${FONT_PX}px ${theme.font.replace(/^\S+\s+/, '')}`;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.font = font;
    const measure = (s: string): number => ctx.measureText(s).width;

    // Query labels on the left: as wide as the widest whole token, up to MAX_LABEL.
    const widest = Math.min(MAX_LABEL, Math.max(0, ...d.labels.map((l) => measure(fitLabel(l, MAX_LABEL, measure)))));
    const left = Math.ceil(widest + 3 * PAD + measure('00'));
    const avail = width - left - PAD;
    const cellW = Math.max(1, Math.min(MAX_CELL, avail / Math.max(1, T)));
    const cellH = Math.max(cellW, Math.min(MIN_ROW, MAX_ROWS_HEIGHT / Math.max(1, T)));
    // Key labels along the top: upright when tokens are short, else turned a quarter so that whole
    // words fit. Upright labels too wide for their column try 9 px, then stand in two staggered rows
    // (even columns above, odd below), so that every column keeps its token.
    const upright = widest <= Math.max(cellW - 2, 16);
    let colFont = font;
    let colWidest = widest;
    if (upright && widest + 3 > cellW) {
      const small = `${SMALL_FONT_PX}px ${theme.font.replace(/^\S+\s+/, '')}`;
      ctx.font = small;
      const w = Math.max(0, ...d.labels.map((l) => measure(fitLabel(l, MAX_LABEL, measure))));
      if (w + 2 <= cellW) ((colFont = small), (colWidest = w));
      ctx.font = font;
    }
    let colEvery = labelEvery(cellW, upright ? colWidest + (colFont === font ? 3 : 2) : FONT_PX + 1);
    const stagger = upright && colEvery === 2;
    if (stagger) colEvery = 1;
    const keyLabelSize = upright ? (stagger ? 2 : 1) * (FONT_PX + 2) : Math.ceil(widest) + PAD;
    const top = FONT_PX + 6 + keyLabelSize + PAD;
    const height = top + cellH * T + PAD;
    const dpr = this.sizeCanvas(width, height);
    this.geom = { left, top, cellW, cellH, T };
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.font = font;
    if (T === 0) return;

    // Cells on and below the diagonal; a weight of 0 is a shade lighter than the masked background.
    const bg = toRgb(theme.background);
    const zero = mix(bg, toRgb(theme.foreground), 0.07);
    const hot = toRgb(theme.series[1]);
    drawCells(
      ctx,
      T,
      T,
      (t, s) => {
        const w = d.weights[t][s];
        if (w === null) return null; // masked: transparent
        return Number.isFinite(w) ? mix(zero, hot, Math.max(0, Math.min(1, w / d.max))) : [255, 0, 255];
      },
      left,
      top,
      cellW * T,
      cellH * T,
    ); // queries down, keys across
    // The mask's edge: a staircase along the diagonal.
    ctx.strokeStyle = theme.grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(left, top);
    for (let t = 0; t < T; t++) {
      ctx.lineTo(left + (t + 1) * cellW, top + t * cellH);
      ctx.lineTo(left + (t + 1) * cellW, top + (t + 1) * cellH);
    }
    ctx.stroke();

    // Axis titles: "query ↓" over the row labels, "key →" over the columns (moved right if they would meet).
    ctx.fillStyle = theme.muted;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    ctx.fillText(tr('panel.att.queryDown'), PAD, 2);
    ctx.fillText(tr('panel.att.keyRight'), Math.max(left, PAD + measure(tr('panel.att.queryDown')) + 12), 2);

    // Query labels (rows): position and token.
    ctx.fillStyle = theme.foreground;
    ctx.textBaseline = 'middle';
    const rowEvery = labelEvery(cellH, FONT_PX + 1);
    for (let t = 0; t < T; t += rowEvery) {
      const y = top + (t + 0.5) * cellH;
      ctx.textAlign = 'right';
      ctx.fillText(fitLabel(d.labels[t], widest, measure), left - PAD, y);
      ctx.fillStyle = theme.muted;
      ctx.textAlign = 'left';
      ctx.fillText(String(t), PAD, y);
      ctx.fillStyle = theme.foreground;
    }
    // Key labels (columns).
    ctx.font = colFont;
    for (let s = 0; s < T; s += colEvery) {
      const x = left + (s + 0.5) * cellW;
      const label = fitLabel(d.labels[s], upright ? cellW * (stagger ? 2 : colEvery) - 2 : widest, measure);
      if (upright) {
        ctx.textAlign = 'center';
        ctx.textBaseline = 'bottom';
        ctx.fillText(label, x, top - PAD - (stagger && s % 2 === 0 ? FONT_PX + 2 : 0));
      } else {
        ctx.save();
        ctx.translate(x, top - PAD);
        ctx.rotate(-Math.PI / 2);
        ctx.textAlign = 'left';
        ctx.textBaseline = 'middle';
        ctx.fillText(label, 0, 0);
        ctx.restore();
      }
    }
    ctx.font = font;
    this.drawLegend(zero, hot, d.max);
  }

  private drawLegend(zero: Rgb, hot: Rgb, max: number): void {
    this.drawLegendStrip((f) => mix(zero, hot, f), '0', max >= 0.995 ? '1' : tr('panel.att.andAbove', { max: max.toFixed(2) }));
    this.legend.style.marginLeft = `${this.geom.left}px`;
  }

  protected hover(e: MouseEvent): void {
    const d = this.data;
    if (!d) return;
    const rect = this.canvas.getBoundingClientRect();
    const s = Math.floor((e.clientX - rect.left - this.geom.left) / this.geom.cellW);
    const t = Math.floor((e.clientY - rect.top - this.geom.top) / this.geom.cellH);
    if (s < 0 || t < 0 || s >= this.geom.T || t >= this.geom.T) {
      this.tooltip.style.display = 'none';
      return;
    }
    const w = d.weights[t][s];
    const q = tr('panel.att.query', { t, label: JSON.stringify(d.labels[t]) });
    const k = tr('panel.att.key', { s, label: JSON.stringify(d.labels[s]) });
    this.placeTooltip(w === null ? `${q} · ${k} · ${tr('panel.att.masked', { t })}` : `${q} · ${k} · ${tr('panel.att.weight', { w: w.toFixed(4) })}`, e, rect);
  }
}
