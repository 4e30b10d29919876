// render(message, lang): the catalogue's template for the message's code, with its arguments put in.
// Placeholders: `{name}`, or `{name:format}` with format one of count, approxCount, gib, approxGib,
// loss, list, or, and. A code missing from a catalogue falls back to English, then to the code itself.
import { EN, type MessageCode } from './catalog';
import { about, formatCount, formatGiB, formatLoss, joinList } from './format';
import type { Lang, Localized, Message, MessageArg } from './types';
import { ZH_CN } from './zh-cn';

const CATALOGUES: Readonly<Record<Lang, Readonly<Record<string, string>>>> = { en: EN, 'zh-cn': ZH_CN };

/** A message with a code from the catalogue (the type checks the code). */
export function msg(code: MessageCode, args?: Readonly<Record<string, MessageArg>>): Message<MessageCode> {
  return args ? { code, args } : { code };
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z]+))?\}/g;

function isMessage(a: MessageArg): a is Message {
  return typeof a === 'object' && a !== null && !Array.isArray(a) && 'code' in a;
}
function isLocalized(a: MessageArg): a is Localized {
  return typeof a === 'object' && a !== null && !Array.isArray(a) && 'en' in a;
}

function formatArg(a: MessageArg | undefined, format: string | undefined, lang: Lang): string {
  if (a === undefined) return '';
  if (Array.isArray(a)) {
    const items = a as readonly string[];
    return format === 'or' || format === 'and' ? joinList(items, lang, format) : joinList(items, lang);
  }
  if (isMessage(a as MessageArg)) return render(a as Message, lang);
  if (isLocalized(a as MessageArg)) return (a as Localized)[lang] || (a as Localized).en;
  if (typeof a === 'number') {
    switch (format) {
      case 'count':
        return formatCount(a, lang);
      case 'approxCount':
        return about(formatCount(a, lang));
      case 'gib':
        return formatGiB(a, lang);
      case 'approxGib':
        return about(formatGiB(a, lang));
      case 'loss':
        return formatLoss(a);
      default:
        return String(a);
    }
  }
  return String(a);
}

/** Fills a template's placeholders from args. */
function fill(template: string, args: Readonly<Record<string, MessageArg>> | undefined, lang: Lang): string {
  return template.replace(PLACEHOLDER, (_m, name: string, format: string | undefined) => formatArg(args?.[name], format, lang));
}

export function render(message: Message, lang: Lang = 'en'): string {
  const template = CATALOGUES[lang][message.code] ?? EN[message.code as MessageCode] ?? message.code;
  return fill(template, message.args, lang);
}

/** The placeholder names of a template (for tests: both languages must use the same set). */
export function placeholders(template: string): Set<string> {
  return new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]));
}
