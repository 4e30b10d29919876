// The display language of VS Code as the catalogues know it (src/messages): zh-cn for any Chinese
// display language, en otherwise. Host messages themselves go through vscode.l10n.t (l10n/bundle.l10n.*.json).
import * as vscode from 'vscode';
import { renderError } from '../../messages/errors';
import { langOf } from '../../messages/lang';
import { render } from '../../messages/render';
import type { Lang, Message } from '../../messages/types';

/** RNN_LAB_LANG overrides the display language (tests: the catalogue lookup with the language forced). */
export function uiLang(): Lang {
  return langOf(process.env.RNN_LAB_LANG || vscode.env.language);
}

/** A catalogue message (a spec problem, a run error, a divergence) in the display language. */
export function renderUi(m: Message): string {
  return render(m, uiLang());
}

/** An error's message in the display language (a coded error's catalogue message, else its text). */
export function errorText(e: unknown): string {
  return renderError(e, uiLang());
}
