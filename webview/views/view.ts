// What every tab of the panel implements, and what it gets to draw with.
import type { PanelState, PanelTab, RenderedDetail } from '../../src/protocol/panel';
import type { RunData } from '../store';

export interface ViewContext {
  runs: RunData[];
  /** The run the single-run views show (the first, or the one picked when comparing). */
  focus: RunData;
  state: PanelState;
  setState(patch: Partial<PanelState>): void;
  rendered(detail: Omit<RenderedDetail, 'tab'>): void;
}

export interface PanelView {
  readonly tab: PanelTab;
  readonly element: HTMLElement;
  render(ctx: ViewContext): void;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function fmt(x: number | undefined | null, digits = 4): string {
  if (x === undefined || x === null || !Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(2);
  return x.toFixed(a < 1 ? digits : Math.max(1, digits - 1));
}

export function fmtInt(n: number): string {
  return n.toLocaleString('en-US');
}

export function table(head: string[], rows: (string | Node)[][], className = 'data'): HTMLTableElement {
  const t = el('table', className);
  const thead = t.createTHead().insertRow();
  for (const h of head) thead.appendChild(el('th', undefined, h));
  const body = t.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    for (const c of r) {
      const td = tr.insertCell();
      if (typeof c === 'string') td.textContent = c;
      else td.appendChild(c);
    }
  }
  return t;
}

/** A labelled range input with its value shown beside it; `value` is the span to update from state. */
export function slider(
  label: string,
  range: { min: number; max: number; step: number; value: number },
  onInput: (value: number) => void,
): { label: HTMLLabelElement; input: HTMLInputElement; value: HTMLSpanElement } {
  const input = el('input');
  input.type = 'range';
  input.min = String(range.min);
  input.max = String(range.max);
  input.step = String(range.step);
  input.value = String(range.value);
  input.setAttribute('aria-label', label);
  input.addEventListener('input', () => onInput(Number(input.value)));
  const value = el('span', 'value', range.value.toFixed(2));
  const wrapper = el('label', 'slider', `${label} `);
  wrapper.append(input, value);
  return { label: wrapper, input, value };
}
