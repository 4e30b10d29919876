// A message read back from a file (run.json's summary.msg): accepted only if it has the shape of one,
// a code the catalogue knows and arguments of the kinds render() formats, nested at most a few deep,
// so that a damaged or hostile file can neither break rendering nor show the user anything but text.
import { EN } from './catalog';
import type { Message, MessageArg } from './types';

const MAX_DEPTH = 4;

export function asMessage(value: unknown, depth = 0): Message | undefined {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { code, args } = value as { code?: unknown; args?: unknown };
  if (typeof code !== 'string' || !Object.hasOwn(EN, code)) return undefined;
  if (args === undefined) return { code };
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return undefined;
  const out: Record<string, MessageArg> = {};
  for (const [name, arg] of Object.entries(args)) {
    const ok = asArg(arg, depth);
    if (ok === undefined) return undefined;
    out[name] = ok;
  }
  return { code, args: out };
}

function asArg(arg: unknown, depth: number): MessageArg | undefined {
  if (typeof arg === 'string' || (typeof arg === 'number' && Number.isFinite(arg))) return arg;
  if (Array.isArray(arg)) return arg.every((x) => typeof x === 'string') ? (arg as string[]) : undefined;
  if (typeof arg === 'object' && arg !== null && 'en' in arg) {
    const { en, 'zh-cn': zh } = arg as { en?: unknown; 'zh-cn'?: unknown };
    return typeof en === 'string' && typeof zh === 'string' ? { en, 'zh-cn': zh } : undefined;
  }
  return asMessage(arg, depth + 1);
}
