// A grid of coloured cells drawn crisp at any size: one pixel per cell on an offscreen canvas,
// scaled up without smoothing. Shared by the hidden-state heatmap and the attention map.

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
