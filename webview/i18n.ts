// The panel's language: the host names it in the `init` message (VS Code's display language), and
// every text the panel shows comes from the catalogues in src/messages (bundled into the webview).
import type { MessageCode } from '../src/messages/catalog';
import { msg, render } from '../src/messages/render';
import { seriesName, type SeriesIdentity } from '../src/messages/sweep-series';
import type { Lang, Localized, Message, MessageArg } from '../src/messages/types';

let lang: Lang = 'en';

export function setLang(l: Lang | undefined): void {
  lang = l === 'zh-cn' ? 'zh-cn' : 'en';
  if (typeof document !== 'undefined') document.documentElement.lang = lang === 'zh-cn' ? 'zh-CN' : 'en'; // (no document in the unit tests)
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

/** A sweep series' name ("LSTM-64 (this spec)", "Transformer-64（孪生）") in the panel's language. */
export function seriesLabel(s: SeriesIdentity): string {
  return tm(seriesName(s));
}
