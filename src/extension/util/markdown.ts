// Markdown for tooltips, with workspace text (run names and messages from run.json, spec names) escaped
// so it reads as the text it is: never a link, a command link, an image, HTML, a heading or emphasis.
// Pure functions (no vscode), so they are unit-tested; callers wrap the result in a MarkdownString
// without theme icons.
import { formatLoss } from './format';

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

export function runTooltipMarkdown(run: RunTooltipInput): string {
  const s = run.summary ?? { steps: 0 };
  const c = run.config ?? {};
  const e = (v: unknown): string => escapeMarkdown(String(v ?? ''));
  let md = `**${e(run.name)}** — \`${run.id.replace(/`/g, '')}\`  \n`;
  if (run.trainedBy) md += `trained by ${e(run.trainedBy)}  \n`;
  md += `status: ${e(run.status)} · steps ${e(s.steps ?? 0)}${c.steps ? `/${e(c.steps)}` : ''}  \n`;
  md += `final loss ${e(formatLoss(s.finalLoss))} · best val ${e(formatLoss(s.bestValLoss))}  \n`;
  if (c.cell) md += `${e(String(c.cell).toUpperCase())} ${e(c.hiddenSize ?? '?')}×${e(c.layers ?? '?')} · ${e(c.optimizer ?? '')} lr ${e(c.learningRate ?? '')}  \n`;
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

export function statusTooltipMarkdown(st: StatusTooltipInput): string {
  return [
    `**${escapeMarkdown(st.name)}** — ${escapeMarkdown(st.phase)}`,
    `step ${escapeMarkdown(st.step)}`,
    `train loss ${escapeMarkdown(st.loss)} · validation loss ${escapeMarkdown(st.valLoss)}`,
    st.message ? `\n${escapeMarkdown(st.message)}` : '',
    st.others ? `\n${st.others} more training` : '',
    '\nClick to open the panel.',
  ].join('  \n');
}
