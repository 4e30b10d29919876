// The configuration keys on which compared runs differ (from each run.json's config digest).
import { statusText } from './run-stats';
import { t as tr } from '../i18n';
import { seriesColor, chartTheme } from '../charts/theme';
import { shortLabel, type RunData } from '../store';
import { el, fmt, table } from './view';

function differingKeys(configs: Record<string, unknown>[]): string[] {
  const keys = new Set(configs.flatMap((c) => Object.keys(c)));
  return [...keys].filter((k) => new Set(configs.map((c) => JSON.stringify(c[k] ?? null))).size > 1).sort();
}

export function compareTable(runs: RunData[]): HTMLElement {
  const theme = chartTheme();
  const keys = differingKeys(runs.map((r) => r.meta.config));
  const head = [tr('panel.compare.run'), ...keys, tr('panel.stat.bestVal'), tr('panel.stat.status')];
  const rows = runs.map((r, i) => {
    const swatch = el('span', 'run-name');
    const dot = el('span', 'swatch');
    dot.style.background = seriesColor(theme, i);
    swatch.append(dot, document.createTextNode(shortLabel(r)));
    const best = r.valLoss.length ? Math.min(...r.valLoss.filter(Number.isFinite)) : r.meta.summary.bestValLoss;
    return [swatch, ...keys.map((k) => String(r.meta.config[k] ?? '—')), fmt(best), statusText(r.meta.status)];
  });
  const t = table(head, rows);
  if (keys.length === 0) {
    const box = el('div');
    box.append(el('p', 'muted', tr('panel.sameConfig')), t);
    return box;
  }
  return t;
}
