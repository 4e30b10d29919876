// Number formats that differ by language: counts ("3.2 million" / "320 万"), memory, losses.
import type { Lang } from './types';

const trim1 = (x: number) => String(Number(x.toFixed(1)));

/** A parameter or token count in words: "3.2 million"; "320 万" in Chinese; "more than 1e308" when it overflowed. */
export function formatCount(n: number, lang: Lang = 'en'): string {
  if (!Number.isFinite(n)) return lang === 'zh-cn' ? '超过 1e308' : 'more than 1e308'; // overflowed (or Infinity·0): astronomically many
  if (n >= 1e15) return n.toExponential(1);
  if (lang === 'zh-cn') {
    if (n >= 1e8) return `${trim1(n / 1e8)} 亿`;
    if (n >= 1e4) return `${trim1(n / 1e4)} 万`;
    return String(n);
  }
  if (n >= 1e9) return `${trim1(n / 1e9)} billion`;
  if (n >= 1e6) return `${trim1(n / 1e6)} million`;
  if (n >= 1e3) return `${trim1(n / 1e3)} thousand`;
  return String(n);
}

const GiB = 2 ** 30;

export function formatGiB(bytes: number, lang: Lang = 'en'): string {
  if (!Number.isFinite(bytes)) return lang === 'zh-cn' ? '超过 1e308 字节' : 'more than 1e308 bytes';
  const g = bytes / GiB;
  if (g >= 1e6) return `${g.toExponential(1)} GiB`;
  return `${Number(g.toFixed(g < 10 ? 2 : 1))} GiB`;
}

/** "≈ 3 million", but "more than 1e308" as it is. */
export function about(amount: string): string {
  return amount.startsWith('more than') || amount.startsWith('超过') ? amount : `≈ ${amount}`;
}

export function formatLoss(x: number): string {
  return Math.abs(x) >= 1e4 ? x.toExponential(2) : String(Number(x.toPrecision(4)));
}

/** "a, b or c" / "a、b 或 c". */
export function joinList(items: readonly string[], lang: Lang, conjunction?: 'or' | 'and'): string {
  const sep = lang === 'zh-cn' ? '、' : ', ';
  if (!conjunction || items.length <= 1) return items.join(sep);
  const word = lang === 'zh-cn' ? (conjunction === 'or' ? ' 或 ' : ' 和 ') : ` ${conjunction} `;
  return `${items.slice(0, -1).join(sep)}${word}${items[items.length - 1]}`;
}
