// JSON syntax: parse the text leniently (comments allowed, as in VS Code's JSONC) and explain every syntax error.
import { getNodePath, parseTree, printParseErrorCode, visit, type ParseError } from 'jsonc-parser';
import { msg } from '../messages/render';
import type { Message } from '../messages/types';
import type { SpecProblem } from './problem';
import { SpecDocument } from './spec-document';

/** The jsonc-parser error codes with their own catalogue entry ("syntax.<code>"). */
const EXPLAINED = new Set([
  'InvalidSymbol',
  'InvalidNumberFormat',
  'PropertyNameExpected',
  'ValueExpected',
  'ColonExpected',
  'CommaExpected',
  'CloseBraceExpected',
  'CloseBracketExpected',
  'EndOfFileExpected',
  'InvalidCommentToken',
  'UnexpectedEndOfComment',
  'UnexpectedEndOfString',
  'UnexpectedEndOfNumber',
  'InvalidUnicode',
  'InvalidEscapeCharacter',
  'InvalidCharacter',
]);

/** A jsonc-parser error code ("CommaExpected") as a catalogue message: also the task data's JSON lines. */
export function syntaxMessage(name: string): Message {
  return EXPLAINED.has(name) ? { code: `syntax.${name}` } : msg('syntax.other', { name });
}

function explain(error: ParseError, text: string): Message {
  const name = printParseErrorCode(error.error);
  const base = syntaxMessage(name);
  const found = text.substr(error.offset, Math.max(1, Math.min(error.length, 20)));
  if (error.offset >= text.length) return msg('syntax.atEnd', { what: base });
  if (name === 'UnexpectedEndOfString' || name === 'UnexpectedEndOfComment') return base;
  return msg('syntax.found', { what: base, found: found.startsWith('"') ? found : `'${found}'` });
}

/** Trailing commas are accepted (JSONC) but flagged: strict JSON readers of the run's spec snapshot reject them. */
function trailingCommaWarnings(doc: SpecDocument): SpecProblem[] {
  const out: SpecProblem[] = [];
  let pendingComma = -1;
  const closed = () => {
    if (pendingComma >= 0) out.push(doc.problemAtOffset(pendingComma, 1, msg('syntax.trailingComma'), 'warning'));
    pendingComma = -1;
  };
  const other = () => {
    pendingComma = -1;
  };
  visit(
    doc.text,
    {
      onSeparator: (ch, offset) => {
        pendingComma = ch === ',' ? offset : -1;
      },
      onObjectEnd: closed,
      onArrayEnd: closed,
      onObjectBegin: other,
      onArrayBegin: other,
      onObjectProperty: other,
      onLiteralValue: other,
    },
    { allowTrailingComma: true },
  );
  return out;
}

/** Duplicate keys: JSON.parse keeps the last silently, which hides mistakes. */
function duplicateKeyErrors(doc: SpecDocument): SpecProblem[] {
  const out: SpecProblem[] = [];
  const walk = (node: NonNullable<SpecDocument['root']>) => {
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const prop of node.children ?? []) {
        const key = prop.children?.[0];
        if (!key) continue;
        const name = String(key.value);
        if (seen.has(name)) {
          const message = msg('syntax.duplicateKey', { key: name });
          out.push(doc.problemAtOffset(key.offset, key.length, message, 'error', getNodePath(key)));
        }
        seen.add(name);
      }
    }
    for (const child of node.children ?? []) walk(child);
  };
  if (doc.root) walk(doc.root);
  return out;
}

/** fatal: the text is not JSON, so nothing more can be checked. Duplicate keys and trailing commas are not fatal. */
export function parseDocument(text: string): { doc: SpecDocument; problems: SpecProblem[]; fatal: boolean } {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const doc = new SpecDocument(text, root);
  const problems = errors.map((e) => doc.problemAtOffset(e.offset, e.length, explain(e, text)));
  if (!root && problems.length === 0) problems.push(doc.problemAtOffset(0, 0, msg('syntax.empty')));
  if (problems.length > 0) return { doc, problems, fatal: true };
  return { doc, problems: [...duplicateKeyErrors(doc), ...trailingCommaWarnings(doc)], fatal: false };
}
