// Colours from the VS Code theme (--vscode-* variables), read when a chart is (re)built.

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

/** The series colours, in order: one per run / layer. */
const SERIES: [string, string][] = [
  ['--vscode-charts-blue', '#3794ff'],
  ['--vscode-charts-orange', '#d18616'],
  ['--vscode-charts-green', '#89d185'],
  ['--vscode-charts-purple', '#b180d7'],
  ['--vscode-charts-yellow', '#cca700'],
  ['--vscode-charts-red', '#f14c4c'],
];

export interface ChartTheme {
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  font: string;
  series: string[]; // one colour per run / layer
  warn: string;
  error: string;
}

export function chartTheme(): ChartTheme {
  const fontSize = cssVar('--vscode-font-size', '13px');
  const family = cssVar('--vscode-font-family', 'sans-serif');
  return {
    foreground: cssVar('--vscode-foreground', '#ccc'),
    muted: cssVar('--vscode-descriptionForeground', '#999'),
    grid: cssVar('--vscode-editorWidget-border', cssVar('--vscode-panel-border', '#444')),
    background: cssVar('--vscode-editor-background', '#1e1e1e'),
    font: `${fontSize} ${family}`,
    series: SERIES.map(([name, fallback]) => cssVar(name, fallback)),
    warn: cssVar('--vscode-charts-yellow', '#cca700'),
    error: cssVar('--vscode-charts-red', '#f14c4c'),
  };
}

export function seriesColor(theme: ChartTheme, i: number): string {
  return theme.series[i % theme.series.length];
}

/** Series colour i as a CSS value for HTML swatches: follows theme changes by itself. */
export function seriesCssColor(i: number): string {
  const [name, fallback] = SERIES[i % SERIES.length];
  return `var(${name}, ${fallback})`;
}

let probeCtx: CanvasRenderingContext2D | null = null;

/** Any CSS colour as [r, g, b] (0–255). */
export function toRgb(color: string): [number, number, number] {
  probeCtx ??= document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  if (!probeCtx) return [128, 128, 128];
  probeCtx.clearRect(0, 0, 1, 1);
  probeCtx.fillStyle = '#000';
  probeCtx.fillStyle = color;
  probeCtx.fillRect(0, 0, 1, 1);
  const [r, g, b] = probeCtx.getImageData(0, 0, 1, 1).data;
  return [r, g, b];
}

/** The same colour with an alpha, for faded series. */
export function withAlpha(color: string, alpha: number): string {
  const [r, g, b] = toRgb(color);
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

const themeListeners = new Set<() => void>();
let themeObserver: MutationObserver | undefined;

/**
 * Calls `listener` after the user switches the colour theme (VS Code swaps the body's vscode-light /
 * vscode-dark class and the --vscode-* variables), so charts can rebuild in the new colours.
 */
export function onThemeChange(listener: () => void): () => void {
  themeListeners.add(listener);
  themeObserver ??= new MutationObserver(() => {
    for (const l of themeListeners) l();
  });
  themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id'] });
  return () => themeListeners.delete(listener);
}
