// A grid of coloured cells drawn crisp at any size (one pixel per cell on an offscreen canvas, scaled
// up without smoothing), and the chart around it: canvas, hover tooltip, colour legend, redrawing on
// resize and theme changes. Shared by the hidden-state heatmap and the attention map.
import { onThemeChange } from './theme';

export type Rgb = [number, number, number];

/** a + (b − a)·f per channel, rounded. */
export function mix(a: readonly number[], b: readonly number[], f: number): Rgb {
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)];
}

/** A canvas chart of cells: draws `D` on the next animation frame, again on resize and theme change. */
export abstract class CellChart<D> {
  protected readonly canvas = document.createElement('canvas');
  protected readonly tooltip = document.createElement('div');
  protected readonly legend = document.createElement('div');
  protected data?: D;
  private frame = 0;
  private readonly resizeObserver: ResizeObserver;
  private readonly unsubscribeTheme: () => void;

  constructor(
    readonly element: HTMLElement,
    ...classes: string[]
  ) {
    element.classList.add(...classes);
    this.tooltip.className = 'heatmap-tooltip';
    this.legend.className = 'heatmap-legend';
    element.append(this.canvas, this.tooltip, this.legend);
    this.canvas.addEventListener('mousemove', (e) => this.hover(e));
    this.canvas.addEventListener('mouseleave', () => (this.tooltip.style.display = 'none'));
    this.resizeObserver = new ResizeObserver(() => this.schedule());
    this.resizeObserver.observe(element);
    this.unsubscribeTheme = onThemeChange(() => this.schedule());
  }

  protected abstract drawNow(d: D): void;
  protected abstract hover(e: MouseEvent): void;

  /** Keeps `data`; draws it on the next frame unless it is what is shown already. */
  protected show(data: D, same: boolean): void {
    this.data = data;
    if (!same) this.schedule();
  }

  private schedule(): void {
    if (!this.data) return;
    this.frame ||= requestAnimationFrame(() => {
      this.frame = 0;
      if (this.data) this.drawNow(this.data);
    });
  }

  /** Sizes the canvas to width × height CSS pixels at the screen's pixel ratio; returns the ratio. */
  protected sizeCanvas(width: number, height: number): number {
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(height * dpr);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    return dpr;
  }

  /** The tooltip with `text` beside the pointer, kept inside the chart (measured after its text is set). */
  protected placeTooltip(text: string, e: MouseEvent, rect: DOMRect): void {
    this.tooltip.textContent = text;
    this.tooltip.style.display = 'block';
    const left = Math.min(e.clientX - rect.left + 12, rect.width - this.tooltip.offsetWidth - 4);
    this.tooltip.style.left = `${Math.max(0, left)}px`;
    this.tooltip.style.top = `${e.clientY - rect.top + 14}px`;
  }

  /** The legend: `lo`, a 160-px strip of colour(0 … 1), `hi`. */
  protected drawLegendStrip(colour: (f: number) => Rgb, lo: string, hi: string): void {
    const c = document.createElement('canvas');
    c.width = 160;
    c.height = 10;
    const ctx = c.getContext('2d')!;
    for (let x = 0; x < 160; x++) {
      const [r, g, b] = colour(x / 159);
      ctx.fillStyle = `rgb(${r},${g},${b})`;
      ctx.fillRect(x, 0, 1, 10);
    }
    const left = document.createElement('span');
    left.textContent = lo;
    const right = document.createElement('span');
    right.textContent = hi;
    this.legend.replaceChildren(left, c, right);
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.resizeObserver.disconnect();
    this.unsubscribeTheme();
  }
}

/** colour(row, col): [r, g, b], or null for a cell left transparent. */
export function drawCells(
  ctx: CanvasRenderingContext2D,
  cols: number,
  rows: number,
  colour: (row: number, col: number) => readonly [number, number, number] | null,
  x: number,
  y: number,
  width: number,
  height: number,
): void {
  const img = new ImageData(cols, rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const rgb = colour(r, c);
      if (!rgb) continue;
      const k = (r * cols + c) * 4;
      img.data[k] = rgb[0];
      img.data[k + 1] = rgb[1];
      img.data[k + 2] = rgb[2];
      img.data[k + 3] = 255;
    }
  }
  const off = document.createElement('canvas');
  off.width = cols;
  off.height = rows;
  off.getContext('2d')!.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(off, x, y, width, height);
}
