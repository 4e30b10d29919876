// char-lm: next-character prediction over a text file. Vocabulary = the sorted unique characters
// (code points) of the file; "\r\n" is read as "\n". The text is read once and kept only as ids.
import type { Spec } from '../spec/types';
import type { Task, TaskIO } from './task';
import { languageModelTask } from './language-model';
import { readDataFile } from './read-data-file';
import { validationOf } from './training-settings';
import { visibleChar } from './step-labels';
import { forEachChar, textCodec } from './text-codec';

type CharLmSpec = Extract<Spec['task'], { kind: 'char-lm' }>;

export function createCharLmTask(spec: Spec, task: CharLmSpec, path: string, io: TaskIO): Task {
  const validation = validationOf(task.validation);
  const { ids, vocab } = encodeCharFile(io, path, task.file);
  const { encode, decode } = textCodec('char-lm', vocab);

  return languageModelTask(
    { kind: 'char-lm', file: task.file, unit: 'characters', ids, vocab, encode, decode, stepLabel: (id) => visibleChar(vocab[id]) },
    spec,
    validation,
  );
}

/** The file's characters as ids into the sorted vocabulary. The string is dropped on return. */
function encodeCharFile(io: TaskIO, path: string, file: string): { ids: Uint16Array | Int32Array; vocab: string[] } {
  const text = readDataFile(io, path, file);
  return encodeChars(text);
}

/** Sorted unique characters of `text` and the text as ids ("\r\n" counts as "\n"). */
function encodeChars(text: string): { ids: Uint16Array | Int32Array; vocab: string[] } {
  const seen = new Set<number>();
  let n = 0;
  forEachChar(text, (cp) => {
    seen.add(cp);
    n++;
  });
  const vocab = [...seen].map((cp) => String.fromCodePoint(cp)).sort();
  const idOf = new Map<number, number>();
  vocab.forEach((ch, id) => idOf.set(ch.codePointAt(0)!, id));
  const ids = vocab.length <= 0x10000 ? new Uint16Array(n) : new Int32Array(n);
  let i = 0;
  forEachChar(text, (cp) => {
    ids[i++] = idOf.get(cp)!;
  });
  return { ids, vocab };
}
