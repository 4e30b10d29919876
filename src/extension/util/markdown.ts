// Markdown for tooltips, with workspace text (run names and messages from run.json, spec names) escaped
// so it reads as the text it is: never a link, a command link, an image, HTML, a heading or emphasis.
// Pure functions (no vscode), so they are unit-tested; callers wrap the result in a MarkdownString
// without theme icons.
import { formatLoss } from './format';

/** vscode.l10n.t's shape: an English template with {0}, {1} … and its arguments. The default fills it in English. */
export type Translate = (message: string, ...args: (string | number | boolean)[]) => string;
const english: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));

/** Backslash-escapes every ASCII punctuation character (CommonMark allows escaping all of them); newlines become line breaks. */
export function escapeMarkdown(text: string): string {
  return String(text)
    .replace(/[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g, (c) => `\\${c}`)
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line, i, lines) => line !== '' || i === 0 || i === lines.length - 1)
    .join('  \n');
}

export interface RunTooltipInput {
  id: string;
  name: string;
  status: string;
  summary?: { steps?: number; message?: string; finalLoss?: number; bestValLoss?: number };
  config?: Record<string, unknown>;
  note?: string;
  /** Where it was trained when not in RNN Lab, as shown ("PyTorch"). */
  trainedBy?: string;
}

export function runTooltipMarkdown(run: RunTooltipInput, t: Translate = english): string {
  const s = run.summary ?? { steps: 0 };
  const c = run.config ?? {};
  const e = (v: unknown): string => escapeMarkdown(String(v ?? ''));
  let md = `**${e(run.name)}** — \`${run.id.replace(/`/g, '')}\`  \n`;
  if (run.trainedBy) md += `${t('trained by {0}', e(run.trainedBy))}  \n`;
  md += `${t('status: {0} · steps {1}', e(run.status), `${e(s.steps ?? 0)}${c.steps ? `/${e(c.steps)}` : ''}`)}  \n`;
  md += `${t('final loss {0} · best val {1}', e(formatLoss(s.finalLoss)), e(formatLoss(s.bestValLoss)))}  \n`;
  if (c.cell)
    md += `${e(String(c.cell).toUpperCase())} ${e(c.hiddenSize ?? '?')}×${e(c.layers ?? '?')} · ${e(c.optimizer ?? '')} lr ${e(c.learningRate ?? '')}  \n`;
  if (s.message) md += e(s.message);
  if (run.note) md += `  \n${e(run.note)}`;
  return md;
}

export interface StatusTooltipInput {
  name: string;
  phase: string;
  step: string;
  loss: string;
  valLoss: string;
  message?: string;
  others: number;
}

export function statusTooltipMarkdown(st: StatusTooltipInput, t: Translate = english): string {
  return [
    `**${escapeMarkdown(st.name)}** — ${escapeMarkdown(st.phase)}`,
    t('step {0}', escapeMarkdown(st.step)),
    t('train loss {0} · validation loss {1}', escapeMarkdown(st.loss), escapeMarkdown(st.valLoss)),
    st.message ? `\n${escapeMarkdown(st.message)}` : '',
    st.others ? `\n${t('{0} more training', st.others)}` : '',
    `\n${t('Click to open the panel.')}`,
  ].join('  \n');
}
