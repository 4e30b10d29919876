// rnn-lab: the engine, headless. Exit codes: 0 success, 1 user error, 2 internal error.
import { msg } from '../messages/render';
import { UserError } from '../messages/errors';
import { HELP_ZH_CN } from './help-zh-cn';
import { cliLang, renderCli, takeLangOption, tr } from './lang';
import { parseCommandArgs } from './parse-options';
import { reportError } from './report-error';
import { commands, type Command } from './commands';
import { installNodeThreads } from '../node/threads';

/** The top-level help, in the CLI's language (each command's summary from the catalogue). */
function usage(): string {
  const list = Object.entries(commands)
    .map(([name, c]) => `  ${name} ${c.args}\n      ${summaryOf(name, c)}`)
    .join('\n');
  return tr('cli.usage', { commands: list });
}

function summaryOf(name: string, c: Command): string {
  return renderCli({ code: `cli.summary.${name}`, args: {} }) || c.summary;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = takeLangOption(argv);
  const USAGE = usage();
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 1;
  }
  if (name === '--version') {
    console.log(process.env.RNN_LAB_VERSION ?? '0.1.0');
    return 0;
  }
  const cmd: Command | undefined = commands[name];
  if (!cmd) throw new UserError(msg('error.unknownCommand', { name, usage: USAGE }));
  if (rest.includes('--help') || rest.includes('-h')) {
    const help = cliLang() === 'zh-cn' ? (HELP_ZH_CN[name] ?? cmd.help) : cmd.help;
    console.log(`${tr('cli.commandUsage', { name, args: cmd.args })}\n\n${summaryOf(name, cmd)}\n\n${help ?? ''}`.trimEnd());
    return 0;
  }
  const parsed = parseCommandArgs(name, cmd, rest);
  return cmd.run(parsed.positionals, parsed.values);
}

// `rnn-lab runs | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
installNodeThreads(); // the default; train and bench take --threads N
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const { code, text } = reportError(e);
    console.error(text);
    process.exitCode = code;
  },
);
