// JSON syntax: parse the text leniently (comments allowed, as in VS Code's JSONC) and explain every syntax error.
import { getNodePath, parseTree, printParseErrorCode, visit, type ParseError } from 'jsonc-parser';
import type { SpecProblem } from './problem';
import { SpecDocument } from './spec-document';

const EXPLANATIONS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value (a string, number, true, false, null, object or array)',
  ColonExpected: "expected a colon ':' after the property name",
  CommaExpected: 'expected a comma',
  CloseBraceExpected: "expected '}' to close the object",
  CloseBracketExpected: "expected ']' to close the array",
  EndOfFileExpected: 'expected the end of the file after the spec object',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: "unterminated comment (missing '*/')",
  UnexpectedEndOfString: 'unterminated string (missing closing ")',
  UnexpectedEndOfNumber: 'incomplete number',
  InvalidUnicode: 'invalid \\u escape in a string',
  InvalidEscapeCharacter: 'invalid escape sequence in a string',
  InvalidCharacter: 'invalid character in a string (control characters must be escaped)',
};

function explain(error: ParseError, text: string): string {
  const name = printParseErrorCode(error.error);
  const base = EXPLANATIONS[name] ?? name;
  const found = text.substr(error.offset, Math.max(1, Math.min(error.length, 20)));
  if (error.offset >= text.length) return `${base} (reached the end of the file)`;
  if (name === 'UnexpectedEndOfString' || name === 'UnexpectedEndOfComment') return base;
  return `${base}, found ${found.startsWith('"') ? found : `'${found}'`}`;
}

/** Trailing commas are accepted (JSONC) but flagged: strict JSON readers of the run's spec snapshot reject them. */
function trailingCommaWarnings(doc: SpecDocument): SpecProblem[] {
  const out: SpecProblem[] = [];
  let pendingComma = -1;
  const closed = () => {
    if (pendingComma >= 0) out.push(doc.problemAtOffset(pendingComma, 1, 'trailing comma (accepted, but not valid in strict JSON)', 'warning'));
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
          const message = `duplicate key '${name}' (it may be given only once)`;
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
  if (!root && problems.length === 0) problems.push(doc.problemAtOffset(0, 0, 'the file is empty; a spec is a JSON object like { "task": { "kind": "adding" } }'));
  if (problems.length > 0) return { doc, problems, fatal: true };
  return { doc, problems: [...duplicateKeyErrors(doc), ...trailingCommaWarnings(doc)], fatal: false };
}
