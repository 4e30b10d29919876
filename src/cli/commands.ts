// The command table: one module per command under ./commands/.
import type { Values } from './args';
import { bench } from './commands/bench';
import { exportCommand } from './commands/export';
import { grads } from './commands/grads';
import { gradcheck } from './commands/gradcheck';
import { runs } from './commands/runs';
import { sample } from './commands/sample';
import { train } from './commands/train';
import { validate } from './commands/validate';

export interface Command {
  args: string;
  summary: string;
  help?: string;
  options: Record<string, { type: 'string' | 'boolean'; short?: string }>;
  run(positionals: string[], values: Values): Promise<number>;
}

export const commands: Record<string, Command> = { train, validate, runs, sample, grads, gradcheck, bench, export: exportCommand };
