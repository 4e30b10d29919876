// Samples from a text model (char-lm / word-lm): temperature, length and a prime; the text is shown
// escaped (set as text, control characters spelled out), newest first.
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
    const temperature = slider('Temperature', { min: 0.05, max: 2, step: 0.05, value: initial.temperature }, (v) => {
      temperature.value.textContent = v.toFixed(2);
      this.ctx?.setState({ temperature: v });
    });
    const label = temperature.label;
    let length = initial.length;
    this.sampleButton = button('Sample', () => this.request(Number(temperature.input.value), length), { appearance: 'primary' });
    this.busy.style.display = 'none';
    toolbar.append(
      label,
      textField({ value: String(length), size: 6, label: 'Length' }, (v) => {
        const n = Math.round(Number(v));
        if (n > 0) (length = Math.min(20000, n)), this.ctx?.setState({ sampleLength: length });
      }),
      textField({ value: '', placeholder: 'prime text (optional)', label: 'Prime' }, (v) => (this.prime = v)),
      this.sampleButton,
      this.busy,
    );
    this.element.append(
      toolbar,
      el('p', 'muted', 'Low temperature picks the likeliest next token (repetitive); high temperature flattens the distribution (varied, less coherent).'),
      this.results,
    );
  }

  render(ctx: ViewContext): void {
    this.ctx = ctx;
    if (!ctx.focus.meta.textModel) {
      this.element.replaceChildren(el('p', 'muted', 'Sampling is for text models (char-lm and word-lm tasks).'));
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
    box.append(el('div', 'sample-head', `temperature ${temperature.toFixed(2)}${error ? ' · failed' : ''}`), el('pre', error ? 'error' : undefined, error ?? escapeSample(text ?? '')));
    this.results.prepend(box);
    this.ctx?.rendered({ runs: 1, items: (text ?? '').length, note: error ? 'error' : 'sample' });
  }

  private setBusy(on: boolean): void {
    this.busy.style.display = on ? '' : 'none';
    setDisabled(this.sampleButton, on);
  }
}
