// ajv errors -> SpecProblems in plain English, each anchored to the offending text.
import type { ErrorObject } from 'ajv';
import { describeExpectation, describeValue, quoteList } from './describe';
import { nearest } from './edit-distance';
import { pointerToPath, type JsonPath } from './json-path';
import type { SpecProblem } from './problem';
import { taskKeysByKind, type SchemaNode } from './schema';
import type { SpecDocument } from './spec-document';

/** Keywords whose failure is fully explained by "must be <expectation> (got <value>)". */
const VALUE_KEYWORDS = new Set(['type', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'enum', 'const']);

function firstSentence(text: string | undefined): string {
  if (!text) return '';
  const match = /^(.*?[.!?])(\s|$)/.exec(text);
  return (match ? match[1] : text).replace(/\.$/, '');
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** The task kind in the data at a path like ["task"], if the error sits inside a task. */
function taskKindAt(path: JsonPath, data: unknown): string | undefined {
  if (path.length !== 1 || path[0] !== 'task') return undefined;
  const task = (data as { task?: { kind?: unknown } } | undefined)?.task;
  return typeof task?.kind === 'string' ? task.kind : undefined;
}

function valueMessage(e: ErrorObject, path: JsonPath): string {
  const schema = (e.parentSchema ?? {}) as SchemaNode;
  const got = describeValue(e.data);
  if (path.length === 0) return `the spec must be a JSON object (got ${got})`;
  let message = `must be ${describeExpectation(schema)} (got ${got})`;
  if (schema.enum && typeof e.data === 'string') {
    const suggestion = nearest(e.data, schema.enum.map(String));
    if (suggestion) message += ` — did you mean ${JSON.stringify(suggestion)}?`;
  }
  return message;
}

function unknownKeyMessage(e: ErrorObject, parent: JsonPath, key: string, data: unknown): string {
  const allowed = Object.keys(((e.parentSchema ?? {}) as SchemaNode).properties ?? {});
  const suggestion = nearest(key, allowed);
  const kind = taskKindAt(parent, data);
  const where = kind ? ` for a "${kind}" task` : '';
  if (suggestion) return `unknown key '${key}'${where} — did you mean '${suggestion}'?`;
  let message = `unknown key '${key}'${where}; allowed here: ${allowed.join(', ')}`;
  if (kind) {
    const owners = [...taskKeysByKind()].filter(([, keys]) => keys.includes(key)).map(([k]) => k);
    if (owners.length > 0) message += ` ('${key}' is a key of ${quoteList(owners, 'and')} tasks)`;
  }
  return message;
}

function missingKeyMessage(e: ErrorObject, parent: JsonPath, key: string, data: unknown): string {
  const property = ((e.parentSchema ?? {}) as SchemaNode).properties?.[key];
  const kind = taskKindAt(parent, data);
  const what = firstSentence(property?.description);
  return `missing required key '${key}'${kind ? ` for a "${kind}" task` : ''}${what ? ` — ${lowerFirst(what)}` : ''}`;
}

/** For objects like clip that take exactly one of their keys; undefined when unknown keys explain the count. */
function oneOfKeysMessage(e: ErrorObject): string | undefined {
  const known = Object.keys(((e.parentSchema ?? {}) as SchemaNode).properties ?? {});
  const given = e.data && typeof e.data === 'object' ? Object.keys(e.data) : [];
  const givenKnown = given.filter((k) => known.includes(k));
  if (givenKnown.length === 1 || givenKnown.length < given.length) return undefined;
  const got = givenKnown.length === 0 ? 'none' : givenKnown.map((k) => `'${k}'`).join(' and ');
  return `must give exactly one of ${quoteList(known.map((k) => `'${k}'`)).replace(/"/g, '')} (got ${got})`;
}

function toProblem(e: ErrorObject, doc: SpecDocument, data: unknown): SpecProblem | undefined {
  const path = pointerToPath(e.instancePath, data);
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'if') return undefined; // the failing "then" reports its own errors
  if (VALUE_KEYWORDS.has(e.keyword)) return doc.problemAt(path, 'value', valueMessage(e, path));
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      return doc.problemAt([...path, key], 'key', unknownKeyMessage(e, path, key, data));
    }
    case 'required': {
      const key = String(params.missingProperty);
      return doc.problemAt([...path, key], 'owner', missingKeyMessage(e, path, key, data));
    }
    case 'minProperties':
    case 'maxProperties': {
      const message = oneOfKeysMessage(e);
      return message === undefined ? undefined : doc.problemAt(path, 'value', message);
    }
    case 'minItems':
      return doc.problemAt(path, 'value', `must list at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'} (got ${describeValue(e.data)})`);
    case 'uniqueItems': {
      const later = Math.max(Number(params.i), Number(params.j));
      const earlier = Math.min(Number(params.i), Number(params.j));
      const value = describeValue((e.data as unknown[])[later]);
      return doc.problemAt([...path, later], 'value', `repeats item ${earlier} (${value}); each item may appear only once`);
    }
    default:
      return doc.problemAt(path, 'value', e.message ?? `failed the schema's ${e.keyword} check`);
  }
}

export function schemaProblems(errors: readonly ErrorObject[], doc: SpecDocument, data: unknown): SpecProblem[] {
  return errors.map((e) => toProblem(e, doc, data)).filter((p): p is SpecProblem => p !== undefined);
}
