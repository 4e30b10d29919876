// Every use of @vscode/webview-ui-toolkit lives here (the toolkit is deprecated upstream: one module
// to replace). The rest of the panel builds controls only through these helpers.
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDivider,
  vsCodeDropdown,
  vsCodeOption,
  vsCodePanels,
  vsCodePanelTab,
  vsCodePanelView,
  vsCodeProgressRing,
  vsCodeTextField,
} from '@vscode/webview-ui-toolkit';

provideVSCodeDesignSystem().register(
  vsCodeButton(),
  vsCodeCheckbox(),
  vsCodeDivider(),
  vsCodeDropdown(),
  vsCodeOption(),
  vsCodePanels(),
  vsCodePanelTab(),
  vsCodePanelView(),
  vsCodeProgressRing(),
  vsCodeTextField(),
);

type Appearance = 'primary' | 'secondary' | 'icon';

export function button(label: string, onClick: () => void, opts: { appearance?: Appearance; title?: string } = {}): HTMLElement {
  const b = document.createElement('vscode-button');
  b.setAttribute('appearance', opts.appearance ?? 'secondary');
  if (opts.title) b.title = opts.title;
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

export function setDisabled(control: HTMLElement, disabled: boolean): void {
  control.toggleAttribute('disabled', disabled);
}

export function checkbox(label: string, checked: boolean, onChange: (checked: boolean) => void): HTMLElement {
  const c = document.createElement('vscode-checkbox') as HTMLElement & { checked: boolean };
  c.textContent = label;
  if (checked) c.setAttribute('checked', '');
  c.addEventListener('change', () => onChange(c.checked));
  return c;
}

export interface Choice<T extends string> {
  value: T;
  label: string;
}

export function dropdown<T extends string>(choices: Choice<T>[], value: T, onChange: (value: T) => void): HTMLElement {
  const d = document.createElement('vscode-dropdown') as HTMLElement & { value: string };
  for (const c of choices) {
    const o = document.createElement('vscode-option');
    o.setAttribute('value', c.value);
    o.textContent = c.label;
    if (c.value === value) o.setAttribute('selected', '');
    d.appendChild(o);
  }
  d.addEventListener('change', () => onChange(d.value as T));
  return d;
}

export function textField(opts: { value: string; placeholder?: string; size?: number; label?: string }, onInput: (value: string) => void): HTMLElement {
  const t = document.createElement('vscode-text-field') as HTMLElement & { value: string };
  t.setAttribute('value', opts.value);
  if (opts.placeholder) t.setAttribute('placeholder', opts.placeholder);
  if (opts.size) t.setAttribute('size', String(opts.size));
  if (opts.label) t.textContent = opts.label;
  t.addEventListener('input', () => onInput(t.value));
  return t;
}

/** A status tag. Not vscode-tag: its template sets a style attribute, which the panel's CSP blocks. */
export function tag(text: string, label = text): HTMLElement {
  const t = document.createElement('span');
  t.className = `tag tag-${text}`;
  t.textContent = label;
  return t;
}

export function progressRing(): HTMLElement {
  return document.createElement('vscode-progress-ring');
}

export interface TabItem<T extends string> {
  id: T;
  label: string;
  content: HTMLElement;
}

/** Tabs (vscode-panels): onChange fires with the newly shown tab's id. */
export function tabs<T extends string>(items: TabItem<T>[], active: T, onChange: (id: T) => void): { element: HTMLElement; select(id: T): void } {
  const panels = document.createElement('vscode-panels') as HTMLElement & { activeid: string };
  for (const it of items) {
    const tab = document.createElement('vscode-panel-tab');
    tab.id = `tab-${it.id}`;
    tab.textContent = it.label;
    panels.appendChild(tab);
  }
  for (const it of items) {
    const view = document.createElement('vscode-panel-view');
    view.id = `view-${it.id}`;
    view.appendChild(it.content);
    panels.appendChild(view);
  }
  panels.setAttribute('activeid', `tab-${active}`);
  let current = active;
  panels.addEventListener('change', () => {
    const id = String(panels.activeid ?? '').replace(/^tab-/, '') as T;
    if (id && id !== current) {
      current = id;
      onChange(id);
    }
  });
  return {
    element: panels,
    select: (id) => {
      panels.activeid = `tab-${id}`;
      panels.setAttribute('activeid', `tab-${id}`);
    },
  };
}
