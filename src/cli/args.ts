// Typed reads of parsed options, with user-facing errors for bad values.
import { UserError } from '../train/errors';

export type Values = Record<string, string | boolean | undefined>;

export function requirePositional(pos: string[], what: string, usage: string): string {
  if (!pos[0]) throw new UserError(`missing ${what}\nUsage: ${usage}`);
  if (pos.length > 1) throw new UserError(`unexpected argument '${pos[1]}'\nUsage: ${usage}`);
  return pos[0];
}

export function numberOption(v: Values, key: string, opts: { integer?: boolean; min?: number } = {}): number | undefined {
  const raw = v[key];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  const ok = Number.isFinite(n) && (!opts.integer || Number.isInteger(n)) && (opts.min === undefined || n >= opts.min);
  if (!ok) {
    const kind = opts.integer ? 'an integer' : 'a number';
    throw new UserError(`--${key} must be ${kind}${opts.min !== undefined ? ` ≥ ${opts.min}` : ''} (got '${raw}')`);
  }
  return n;
}

export function stringOption(v: Values, key: string): string | undefined {
  const raw = v[key];
  return typeof raw === 'string' ? raw : undefined;
}
