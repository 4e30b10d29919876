// The CLI's language: Simplified Chinese when LC_ALL / LC_MESSAGES / LANG start with "zh" (zh_CN.UTF-8 …)
// or with `--lang zh-cn`; English otherwise or with `--lang en`. `--json` output is not translated.
import { langFromEnv, parseLang } from '../messages/lang';
import type { MessageCode } from '../messages/catalog';
import { msg, render } from '../messages/render';
import type { Lang, Message, MessageArg } from '../messages/types';
import { UserError } from '../messages/errors';

let current: Lang = langFromEnv(process.env);

export function cliLang(): Lang {
  return current;
}

/** The catalogue's text for a code, in the CLI's language. */
export function tr(code: MessageCode, args?: Readonly<Record<string, MessageArg>>): string {
  return render(msg(code, args), current);
}

/** A message (a spec problem's, an error's) in the CLI's language. */
export function renderCli(m: Message): string {
  return render(m, current);
}

/** Takes `--lang X` / `--lang=X` out of argv (anywhere) and sets the language from it. */
export function takeLangOption(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    let value: string | undefined;
    if (a === '--lang') value = argv[++i] ?? '';
    else if (a.startsWith('--lang=')) value = a.slice('--lang='.length);
    else {
      out.push(a);
      continue;
    }
    const lang = parseLang(value);
    if (!lang) throw new UserError(msg('cli.badLang', { value }));
    current = lang;
  }
  return out;
}
