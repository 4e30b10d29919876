// The panel's language: the host names it in the `init` message (VS Code's display language), and
// every text the panel shows comes from the catalogues in src/messages (bundled into the webview).
import type { MessageCode } from '../src/messages/catalog';
import { msg, render } from '../src/messages/render';
import type { Lang, Localized, Message, MessageArg } from '../src/messages/types';

let lang: Lang = 'en';

export function setLang(l: Lang | undefined): void {
  lang = l === 'zh-cn' ? 'zh-cn' : 'en';
  document.documentElement.lang = lang === 'zh-cn' ? 'zh-CN' : 'en';
}

export function getLang(): Lang {
  return lang;
}

/** The catalogue's text for a code in the panel's language. */
export function t(code: MessageCode, args?: Readonly<Record<string, MessageArg>>): string {
  return render(msg(code, args), lang);
}

/** A catalogue message (a divergence, a run error) in the panel's language. */
export function tm(m: Message): string {
  return render(m, lang);
}

/** "2 layers" / "2 层": a count with its noun, for a placeholder. */
export function count(n: number | string, one: string, many: string, zh: string): Localized {
  return { en: `${n} ${Number(n) === 1 ? one : many}`, 'zh-cn': `${n} ${zh}` };
}

/** A sweep series' label as the worker records it ("LSTM-64 (this spec)", "Transformer-64 (twin)"), in the panel's language. */
export function seriesLabel(label: string): string {
  return label.replace(/ \(this spec\)$/, t('panel.sweep.thisSpec')).replace(/ \(twin\)$/, t('panel.sweep.twin'));
}
