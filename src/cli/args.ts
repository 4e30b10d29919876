// Typed reads of parsed options, with user-facing errors for bad values.
import { msg } from '../messages/render';
import { UserError } from '../messages/errors';

export type Values = Record<string, string | boolean | undefined>;

/** What a command's one positional names: a spec file or a recorded run. */
const POSITIONAL = { spec: 'cli.arg.spec', run: 'cli.arg.run' } as const;

export function requirePositional(pos: string[], what: keyof typeof POSITIONAL, usage: string): string {
  if (!pos[0]) throw new UserError(msg('error.missingArg', { what: msg(POSITIONAL[what]), usage }));
  if (pos.length > 1) throw new UserError(msg('error.unexpectedArg', { arg: pos[1], usage }));
  return pos[0];
}

export function numberOption(v: Values, key: string, opts: { integer?: boolean; min?: number } = {}): number | undefined {
  const raw = v[key];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  const ok = Number.isFinite(n) && (!opts.integer || Number.isInteger(n)) && (opts.min === undefined || n >= opts.min);
  if (!ok) {
    const code = opts.integer
      ? opts.min !== undefined
        ? 'cli.mustBeIntegerMin'
        : 'cli.mustBeInteger'
      : opts.min !== undefined
        ? 'cli.mustBeNumberMin'
        : 'cli.mustBeNumber';
    throw new UserError(msg(code, { key, min: opts.min ?? 0, raw: String(raw) }));
  }
  return n;
}

export function stringOption(v: Values, key: string): string | undefined {
  const raw = v[key];
  return typeof raw === 'string' ? raw : undefined;
}
