// The panel's header: run name and status, step progress, the run picker when comparing, actions.
import { t, tm } from '../i18n';
import { statusText } from './run-stats';
import { endMessage } from '../../src/messages/divergence';
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
      this.title.replaceChildren(el('h2', undefined, focus.meta.name), tag(focus.meta.status, statusText(focus.meta.status)), el('span', 'muted', focus.id));
    } else {
      const names = runs.map((r, i) => {
        const s = el('span', 'run-name');
        const dot = el('span', 'swatch');
        dot.style.background = seriesColor(theme, i);
        s.append(dot, document.createTextNode(`${shortLabel(r)} (${statusText(r.meta.status)})`));
        return s;
      });
      this.title.replaceChildren(el('h2', undefined, t('panel.comparing', { n: runs.length })), ...names);
    }
    const r = focus;
    const pct = r.totalSteps ? Math.min(100, (100 * r.lastStep) / r.totalSteps) : 0;
    const bar = el('div', 'bar');
    const fill = el('div', 'fill');
    fill.style.width = `${pct}%`;
    bar.appendChild(fill);
    this.progress.replaceChildren(bar, el('span', 'muted', statsText(pickStats(runStats(r), ['step', 'loss', 'val']))));
    // Why a run ended early (the engine's remedy for a divergence, the error of a failure).
    const ended = focus.meta.status !== 'running' && focus.meta.status !== 'completed';
    const endMsg = ended ? endMessage(focus.meta.summary) : undefined;
    const why = endMsg ? tm(endMsg) : undefined;
    this.message.textContent = why ?? '';
    this.message.className = `run-message run-message-${focus.meta.status}`;
    this.message.hidden = !why;
    const resumable = !focus.running && ['stopped', 'interrupted', 'diverged'].includes(focus.meta.status);
    const key = `${runs.map((x) => x.id).join(',')}|${focus.id}|${focus.running}|${resumable}`;
    if (key === this.actionsKey) return;
    this.actionsKey = key;
    const items: HTMLElement[] = [];
    if (runs.length > 1) {
      items.push(
        el('span', 'label', t('panel.detailsFor')),
        dropdown(
          runs.map((x) => ({ value: x.id, label: shortLabel(x) })),
          focus.id,
          onFocus,
        ),
      );
    }
    items.push(button(t('panel.openSpec'), () => post({ type: 'openSpec', runId: focus.id })));
    if (focus.running) items.push(button(t('panel.stop'), () => post({ type: 'stop', runId: focus.id }), { title: t('panel.stopTitle') }));
    if (resumable) items.push(button(t('panel.resume'), () => post({ type: 'resume', runId: focus.id }), { title: t('panel.resumeTitle') }));
    this.actions.replaceChildren(...items);
  }
}
