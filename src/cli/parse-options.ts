// A command's arguments, read with node:util's parseArgs and checked here, so that a wrong option is
// a catalogue message (in the CLI's language) naming the option, not Node's English sentence.
import { parseArgs } from 'node:util';
import { UserError } from '../messages/errors';
import { msg } from '../messages/render';
import type { Message } from '../messages/types';
import type { Command } from './commands';
import type { Values } from './args';

export function parseCommandArgs(name: string, cmd: Command, args: string[]): { positionals: string[]; values: Values } {
  const options = cmd.options;
  // Not strict: every token comes back, and the checks below say what is wrong in our words.
  const { positionals, values, tokens } = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const type = Object.hasOwn(options, token.name) ? options[token.name]!.type : undefined;
    let problem: Message | undefined;
    if (type === undefined) problem = msg('cli.unknownOption', { option: token.rawName });
    else if (type === 'string' && token.value === undefined) problem = msg('cli.optionNeedsValue', { option: token.rawName });
    else if (type === 'boolean' && token.inlineValue) problem = msg('cli.optionTakesNoValue', { option: token.rawName });
    if (problem) throw new UserError(msg('cli.optionError', { text: problem, name, args: cmd.args }));
  }
  return { positionals, values: values as Values };
}
