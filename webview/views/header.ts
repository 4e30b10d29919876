// The panel's header: run name and status, step progress, the run picker when comparing, actions.
import { seriesColor, chartTheme } from '../charts/theme';
import { shortLabel, type RunData } from '../store';
import { button, dropdown, tag } from '../toolkit';
import { post } from '../vscode-api';
import { el, fmt, fmtInt } from './view';

export class Header {
  readonly element = el('header', 'panel-header');
  private readonly title = el('div', 'title');
  private readonly progress = el('div', 'progress');
  private readonly actions = el('div', 'actions');
  private actionsKey = '';

  constructor() {
    this.element.append(this.title, this.progress, this.actions);
  }

  render(runs: RunData[], focus: RunData, onFocus: (id: string) => void): void {
    const theme = chartTheme();
    if (runs.length === 1) {
      this.title.replaceChildren(el('h2', undefined, focus.meta.name), tag(focus.meta.status), el('span', 'muted', focus.id));
    } else {
      const names = runs.map((r, i) => {
        const s = el('span', 'run-name');
        const dot = el('span', 'swatch');
        dot.style.background = seriesColor(theme, i);
        s.append(dot, document.createTextNode(`${shortLabel(r)} (${r.meta.status})`));
        return s;
      });
      this.title.replaceChildren(el('h2', undefined, `Comparing ${runs.length} runs`), ...names);
    }
    const r = focus;
    const pct = r.totalSteps ? Math.min(100, (100 * r.lastStep) / r.totalSteps) : 0;
    const bar = el('div', 'bar');
    const fill = el('div', 'fill');
    fill.style.width = `${pct}%`;
    bar.appendChild(fill);
    this.progress.replaceChildren(
      bar,
      el('span', 'muted', `step ${fmtInt(r.lastStep)}${r.totalSteps ? ` / ${fmtInt(r.totalSteps)}` : ''} · loss ${fmt(r.loss.at(-1))} · val ${fmt(r.valLoss.at(-1))}`),
    );
    const key = `${runs.map((x) => x.id).join(',')}|${focus.id}|${focus.running}`;
    if (key === this.actionsKey) return;
    this.actionsKey = key;
    const items: HTMLElement[] = [];
    if (runs.length > 1) {
      items.push(el('span', 'label', 'Details for'), dropdown(runs.map((x) => ({ value: x.id, label: shortLabel(x) })), focus.id, onFocus));
    }
    items.push(button('Open Spec', () => post({ type: 'openSpec', runId: focus.id })));
    if (focus.running) items.push(button('Stop', () => post({ type: 'stop', runId: focus.id }), { title: 'Stop training; the run keeps its last checkpoint' }));
    this.actions.replaceChildren(...items);
  }
}
