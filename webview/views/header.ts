// The panel's header: run name and status, step progress, the run picker when comparing, actions.
import { seriesColor, chartTheme } from '../charts/theme';
import { shortLabel, type RunData } from '../store';
import { button, dropdown, tag } from '../toolkit';
import { post } from '../vscode-api';
import { pickStats, runStats, statsText } from './run-stats';
import { el } from './view';

export class Header {
  readonly element = el('header', 'panel-header');
  private readonly title = el('div', 'title');
  private readonly progress = el('div', 'progress');
  private readonly actions = el('div', 'actions');
  private readonly message = el('p', 'run-message');
  private actionsKey = '';

  constructor() {
    this.element.append(this.title, this.progress, this.actions, this.message);
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
      el('span', 'muted', statsText(pickStats(runStats(r), ['step', 'loss', 'val']))),
    );
    // Why a run ended early (the engine's remedy for a divergence, the error of a failure).
    const why = focus.meta.status !== 'running' && focus.meta.status !== 'completed' ? focus.meta.summary.message : undefined;
    this.message.textContent = why ?? '';
    this.message.className = `run-message run-message-${focus.meta.status}`;
    this.message.hidden = !why;
    const resumable = !focus.running && ['stopped', 'interrupted', 'diverged'].includes(focus.meta.status);
    const key = `${runs.map((x) => x.id).join(',')}|${focus.id}|${focus.running}|${resumable}`;
    if (key === this.actionsKey) return;
    this.actionsKey = key;
    const items: HTMLElement[] = [];
    if (runs.length > 1) {
      items.push(el('span', 'label', 'Details for'), dropdown(runs.map((x) => ({ value: x.id, label: shortLabel(x) })), focus.id, onFocus));
    }
    items.push(button('Open Spec', () => post({ type: 'openSpec', runId: focus.id })));
    if (focus.running) items.push(button('Stop', () => post({ type: 'stop', runId: focus.id }), { title: 'Stop training; the run keeps its last checkpoint' }));
    if (resumable) items.push(button('Resume', () => post({ type: 'resume', runId: focus.id }), { title: 'Continue this run in its folder from its last checkpoint, as if it had not stopped' }));
    this.actions.replaceChildren(...items);
  }
}
