// word-lm: next-token prediction over words and punctuation marks (./word-tokens.ts). Vocabulary:
// `vocabSize` ids including "<unk>": id 0 = "<unk>", then the vocabSize-1 most frequent tokens of the
// training part (most frequent first, ties in code-unit order). Any other token, in the held-out part
// or in a prime text, reads as <unk>. `lowercase` lower-cases every token first.
import { msg } from '../messages/render';
import type { Spec } from '../spec/types';
import type { Task, TaskIO } from './task';
import { TaskDataError } from './task-data-error';
import { languageModelTask } from './language-model';
import { readDataFile } from './read-data-file';
import { positiveInteger, validationOf } from './training-settings';
import { visibleToken } from './step-labels';
import { forEachWordToken } from './word-tokens';
import { textCodec, UNK } from './text-codec';

type WordLmSpec = Extract<Spec['task'], { kind: 'word-lm' }>;

export function createWordLmTask(spec: Spec, task: WordLmSpec, path: string, io: TaskIO): Task {
  const validation = validationOf(task.validation);
  const vocabSize = positiveInteger(task.vocabSize, 'task.vocabSize', 2);
  const lowercase = task.lowercase ?? true;
  const { ids, vocab } = encodeWordFile(io, path, task.file, { vocabSize, lowercase, validation });
  const { encode, decode } = textCodec('word-lm', vocab, { lowercase });

  return languageModelTask(
    { kind: 'word-lm', file: task.file, unit: 'tokens', ids, vocab, encode, decode, stepLabel: (id) => visibleToken(vocab[id]) },
    spec,
    validation,
  );
}

function encodeWordFile(
  io: TaskIO,
  path: string,
  file: string,
  options: { vocabSize: number; lowercase: boolean; validation: number },
): { ids: Int32Array; vocab: string[] } {
  const text = readDataFile(io, path, file);
  const encoded = encodeWords(text, options);
  if (encoded.ids.length === 0) throw new TaskDataError(msg('data.noWords'), { file });
  return encoded;
}

/** Tokenises `text` and maps it to ids of the capped vocabulary (vocabSize ids with <unk>), counted over the training part only. */
function encodeWords(text: string, options: { vocabSize: number; lowercase: boolean; validation: number }): { ids: Int32Array; vocab: string[] } {
  // Pass 1: distinct tokens (provisional ids) and the token count; pass 2: the provisional id stream.
  const provisional = new Map<string, number>();
  let n = 0;
  const norm = options.lowercase ? (t: string) => t.toLowerCase() : (t: string) => t;
  forEachWordToken(text, (t) => {
    const k = norm(t);
    if (!provisional.has(k)) provisional.set(k, provisional.size);
    n++;
  });
  const ids = new Int32Array(n);
  let i = 0;
  forEachWordToken(text, (t) => {
    ids[i++] = provisional.get(norm(t))!;
  });

  const tokens = [...provisional.keys()];
  const counts = new Int32Array(tokens.length);
  const trainItems = n - Math.floor(n * options.validation);
  for (let j = 0; j < trainItems; j++) counts[ids[j]]++;
  const kept = tokens
    .map((_, p) => p)
    .filter((p) => counts[p] > 0)
    .sort((a, b) => counts[b] - counts[a] || (tokens[a] < tokens[b] ? -1 : tokens[a] > tokens[b] ? 1 : 0))
    .slice(0, options.vocabSize - 1);
  const finalId = new Int32Array(tokens.length); // 0 = <unk>
  kept.forEach((p, k) => (finalId[p] = k + 1));
  for (let j = 0; j < n; j++) ids[j] = finalId[ids[j]];
  return { ids, vocab: [UNK, ...kept.map((p) => tokens[p])] };
}
