// Which language a front end speaks: from a locale string (VS Code's "zh-cn", a POSIX "zh_CN.UTF-8"),
// or from the environment as a CLI reads it.
import type { Lang } from './types';

/** "zh", "zh-cn", "zh_CN.UTF-8", "zh-Hans" → zh-cn; anything else (or nothing) → en. */
export function langOf(locale: string | undefined): Lang {
  return locale !== undefined && /^zh([-_.@]|$)/i.test(locale.trim()) ? 'zh-cn' : 'en';
}

/** POSIX order: LC_ALL overrides LC_MESSAGES overrides LANG; the first one that is set decides. */
export function langFromEnv(env: Readonly<Record<string, string | undefined>>): Lang {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const v = env[name];
    if (v) return langOf(v);
  }
  return 'en';
}

/** `--lang` values: en, zh-cn (also zh, zh_CN …); undefined for anything else. */
export function parseLang(value: string): Lang | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'en' || v.startsWith('en-') || v.startsWith('en_')) return 'en';
  return langOf(v) === 'zh-cn' ? 'zh-cn' : undefined;
}
