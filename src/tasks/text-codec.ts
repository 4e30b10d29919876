// Text <-> token ids for the text tasks, rebuilt from a vocabulary alone (e.g. a run's vocab.json), so
// sampling needs no data file. char-lm: one id per character; "\r\n" reads as "\n"; a character the
// vocabulary lacks is an error (TaskDataError naming it). word-lm: tokens as in ./word-tokens.ts; a
// token the vocabulary lacks reads as "<unk>"; decode joins with the usual spacing around punctuation.
import { msg } from '../messages/render';
import { TaskDataError } from './task-data-error';
import { joinWordTokens, wordTokens } from './word-tokens';

export const UNK = '<unk>';

export interface TextCodec {
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
  /** A prime that is always in the vocabulary: a newline when the text has one. */
  defaultPrime: string;
}

/**
 * `kind` is 'char-lm' or 'word-lm'. For word-lm, `lowercase` (default: true when no vocabulary entry
 * has an upper-case letter) lower-cases a prime text before lookup.
 */
export function textCodec(kind: string, vocab: readonly string[], options: { lowercase?: boolean } = {}): TextCodec {
  if (kind === 'char-lm') return charCodec(vocab);
  if (kind === 'word-lm') {
    const lowercase = options.lowercase ?? !vocab.some((t) => t !== UNK && t !== t.toLowerCase());
    return wordCodec(vocab, lowercase);
  }
  throw new TaskDataError(msg('data.noTextEncoding', { kind }));
}

function charCodec(vocab: readonly string[]): TextCodec {
  const idOf = new Map<number, number>();
  vocab.forEach((ch, id) => idOf.set(ch.codePointAt(0)!, id));
  return {
    encode(text) {
      const out: number[] = [];
      const unknown = new Set<string>();
      forEachChar(text, (cp) => {
        const id = idOf.get(cp);
        if (id === undefined) unknown.add(String.fromCodePoint(cp));
        else out.push(id);
      });
      if (unknown.size > 0) {
        const list = [...unknown].map((c) => JSON.stringify(c)).join(', ');
        throw new TaskDataError(msg('data.unknownChars', { list }));
      }
      return out;
    },
    decode: (ids) => ids.map((id) => vocab[id] ?? '\uFFFD').join(''),
    defaultPrime: vocab.includes('\n') ? '\n' : (vocab[0] ?? ''),
  };
}

function wordCodec(vocab: readonly string[], lowercase: boolean): TextCodec {
  const idOf = new Map<string, number>();
  vocab.forEach((t, id) => idOf.set(t, id));
  const unk = idOf.get(UNK) ?? 0;
  return {
    encode: (text) => wordTokens(text, lowercase).map((t) => idOf.get(t) ?? unk),
    decode: (ids) => joinWordTokens(ids.map((id) => vocab[id] ?? UNK)),
    defaultPrime: vocab.includes('\n') ? '\n' : vocab.includes('.') ? '.' : (vocab.find((t) => t !== UNK) ?? ''),
  };
}

/** Calls `fn` with each code point of `text`, skipping the "\r" of "\r\n". */
export function forEachChar(text: string, fn: (codePoint: number) => void): void {
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    if (cp === 13 && text.charCodeAt(i) === 10) continue;
    fn(cp);
  }
}
