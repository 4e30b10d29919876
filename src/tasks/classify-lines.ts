// Reads a classify task's JSON Lines: {"input": string | number[] | number[][], "label": string}.
// Every line must have the same kind of input (and vectors the same size); errors name file:line.
import type { Message } from '../messages/types';
import { msg } from '../messages/render';
import { parse as parseLenient, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { syntaxMessage } from '../spec/syntax-problems';
import { snippetAt } from './snippet';
import { TaskDataError } from './task-data-error';

type ClassifyInputKind = 'text' | 'scalars' | 'vectors';

export interface ClassifyLine {
  line: number; // 1-based
  input: string | number[] | number[][];
  label: string;
}

export interface ClassifyLines {
  kind: ClassifyInputKind;
  /** Values per step: 1 for scalars, the vector size for vectors; 0 for text. */
  featureSize: number;
  lines: ClassifyLine[];
}

const KIND_NAMES: Record<ClassifyInputKind, Message> = {
  text: msg('data.kind.text'),
  scalars: msg('data.kind.scalars'),
  vectors: msg('data.kind.vectors'),
};

export function parseClassifyLines(text: string, file: string): ClassifyLines {
  const lines: ClassifyLine[] = [];
  let kind: ClassifyInputKind | undefined;
  let featureSize = 0;
  let firstLine = 0;
  const rows = text.split(/\r?\n/);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const raw = row.trim();
    if (raw === '') continue;
    const line = i + 1;
    const at = { file, line };
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      // Not V8's message: it quotes the line. Where it goes wrong, and a short marked snippet.
      const lead = row.length - row.trimStart().length;
      const { offset, why } = jsonErrorAt(raw);
      throw new TaskDataError(msg('data.badJson', { column: lead + offset + 1, why, snippet: snippetAt(raw, offset) }), at);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new TaskDataError(msg('data.expectedObject'), at);
    }
    const record = value as Record<string, unknown>;
    if (!('input' in record)) throw new TaskDataError(msg('data.inputMissing'), at);
    if (!('label' in record)) throw new TaskDataError(msg('data.labelMissing'), at);
    const label = record.label;
    if (typeof label !== 'string' && !(typeof label === 'number' && Number.isFinite(label))) {
      throw new TaskDataError(msg('data.labelNotString'), at);
    }
    if (String(label) === '') throw new TaskDataError(msg('data.labelEmpty'), at);

    const input = record.input;
    const thisKind = inputKindOf(input, at);
    const thisSize = thisKind === 'vectors' ? (input as number[][])[0].length : thisKind === 'scalars' ? 1 : 0;
    if (kind === undefined) {
      kind = thisKind;
      featureSize = thisSize;
      firstLine = line;
    } else if (thisKind !== kind) {
      throw new TaskDataError(msg('data.kindMismatch', { kind: KIND_NAMES[thisKind], line: firstLine ?? 0, first: KIND_NAMES[kind] }), at);
    } else if (thisSize !== featureSize) {
      throw new TaskDataError(msg('data.sizeMismatch', { size: thisSize, line: firstLine ?? 0, first: featureSize ?? 0 }), at);
    }
    lines.push({ line, input: input as ClassifyLine['input'], label: String(label) });
  }
  if (kind === undefined) throw new TaskDataError(msg('data.noExamples'), { file });
  return { kind, featureSize, lines };
}

/** Where strict JSON parsing of `text` fails first, and why (jsonc-parser with JSON's rules). */
function jsonErrorAt(text: string): { offset: number; why: Message } {
  const errors: ParseError[] = [];
  parseLenient(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return { offset: 0, why: msg('data.jsonUnparseable') };
  const code = printParseErrorCode(first.error);
  // A line holds one strict JSON value: the spec's wording (the end of the file, comments as JSONC) does not fit.
  const why: Message =
    code === 'EndOfFileExpected' ? msg('data.jsonTrailing') : code === 'InvalidCommentToken' ? msg('data.jsonNoComments') : syntaxMessage(code);
  return { offset: first.offset, why };
}

function inputKindOf(input: unknown, at: { file: string; line: number }): ClassifyInputKind {
  if (typeof input === 'string') {
    if (input.length === 0) throw new TaskDataError(msg('data.inputEmpty'), at);
    return 'text';
  }
  if (Array.isArray(input)) {
    if (input.length === 0) throw new TaskDataError(msg('data.inputEmpty'), at);
    if (input.every((v) => typeof v === 'number')) return 'scalars';
    if (input.every((v) => Array.isArray(v))) {
      const size = (input[0] as unknown[]).length;
      if (size === 0) throw new TaskDataError(msg('data.emptyVector'), at);
      input.forEach((v: unknown[], t) => {
        if (v.length !== size) {
          throw new TaskDataError(msg('data.vectorSizes', { size, step: t + 1, n: v.length }), at);
        }
        if (!v.every((x) => typeof x === 'number')) throw new TaskDataError(msg('data.notNumber', { step: t + 1 }), at);
      });
      return 'vectors';
    }
  }
  throw new TaskDataError(msg('data.inputKind'), at);
}
