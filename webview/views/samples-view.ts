// Samples from a text model (char-lm / word-lm): temperature, length and a prime; the text is shown
// escaped (set as text, control characters spelled out), newest first.
import { t } from '../i18n';
import { post } from '../vscode-api';
import { escapeSample } from '../model/escape';
import { button, progressRing, setDisabled, textField } from '../toolkit';
import { el, slider, type PanelView, type ViewContext } from './view';

let nextRequest = 1;

export class SamplesView implements PanelView {
  readonly tab = 'samples' as const;
  readonly element = el('section', 'view samples-view');
  private readonly results = el('div', 'samples');
  private readonly busy = progressRing();
  private readonly sampleButton: HTMLElement;
  private ctx?: ViewContext;
  private prime = '';
  private readonly waiting = new Map<number, number>(); // request -> temperature

  constructor(initial: { temperature: number; length: number }) {
    const toolbar = el('div', 'toolbar');
    const temperature = slider(t('panel.label.temperature'), { min: 0.05, max: 2, step: 0.05, value: initial.temperature }, (v) => {
      temperature.value.textContent = v.toFixed(2);
      this.ctx?.setState({ temperature: v });
    });
    const label = temperature.label;
    let length = initial.length;
    this.sampleButton = button(t('panel.label.sample'), () => this.request(Number(temperature.input.value), length), { appearance: 'primary' });
    this.busy.style.display = 'none';
    toolbar.append(
      label,
      textField({ value: String(length), size: 6, label: t('panel.label.length') }, (v) => {
        const n = Math.round(Number(v));
        if (n > 0) ((length = Math.min(20000, n)), this.ctx?.setState({ sampleLength: length }));
      }),
      textField({ value: '', placeholder: t('panel.samples.prime'), label: t('panel.samples.primeLabel') }, (v) => (this.prime = v)),
      this.sampleButton,
      this.busy,
    );
    this.element.append(toolbar, el('p', 'muted', t('panel.samples.tempNote')), this.results);
  }

  render(ctx: ViewContext): void {
    this.ctx = ctx;
    if (!ctx.focus.meta.textModel) {
      this.element.replaceChildren(el('p', 'muted', t('panel.samples.textOnly')));
    }
  }

  private request(temperature: number, length: number): void {
    const run = this.ctx?.focus;
    if (!run) return;
    const requestId = nextRequest++;
    this.waiting.set(requestId, temperature);
    this.setBusy(true);
    post({ type: 'sample', requestId, runId: run.id, temperature, length, prime: this.prime || undefined });
  }

  /** The host's answer to a request. */
  receive(requestId: number, text?: string, error?: string): void {
    const temperature = this.waiting.get(requestId);
    if (temperature === undefined) return;
    this.waiting.delete(requestId);
    this.setBusy(this.waiting.size > 0);
    const box = el('div', 'sample');
    box.append(
      el('div', 'sample-head', `${t('panel.samples.head', { temp: temperature.toFixed(2) })}${error ? t('panel.samples.failed') : ''}`),
      el('pre', error ? 'error' : undefined, error ?? escapeSample(text ?? '')),
    );
    this.results.prepend(box);
    this.ctx?.rendered({ runs: 1, items: (text ?? '').length, note: error ? 'error' : 'sample' });
  }

  private setBusy(on: boolean): void {
    this.busy.style.display = on ? '' : 'none';
    setDisabled(this.sampleButton, on);
  }
}
