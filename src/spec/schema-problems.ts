// ajv errors -> SpecProblems (catalogue messages), each anchored to the offending text.
import type { ErrorObject } from 'ajv';
import { msg } from '../messages/render';
import type { Localized, Message } from '../messages/types';
import { translateSchemaText } from './schema-translation';
import { describeExpectation, describeValue, quoted } from './describe';
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

function valueMessage(e: ErrorObject, path: JsonPath): Message {
  const schema = (e.parentSchema ?? {}) as SchemaNode;
  const got = describeValue(e.data);
  if (path.length === 0) return msg('spec.notObject', { got });
  const expected = describeExpectation(schema);
  if (schema.enum && typeof e.data === 'string') {
    const suggestion = nearest(e.data, schema.enum.map(String));
    if (suggestion) return msg('spec.mustBeSuggest', { expected, got, suggestion: JSON.stringify(suggestion) });
  }
  return msg('spec.mustBe', { expected, got });
}

function unknownKeyMessage(e: ErrorObject, parent: JsonPath, key: string, data: unknown): Message {
  const allowed = Object.keys(((e.parentSchema ?? {}) as SchemaNode).properties ?? {});
  const suggestion = nearest(key, allowed);
  const kind = taskKindAt(parent, data);
  if (suggestion) return kind ? msg('spec.unknownKeyForKindSuggest', { key, kind, suggestion }) : msg('spec.unknownKeySuggest', { key, suggestion });
  if (!kind) return msg('spec.unknownKey', { key, allowed });
  const owners = [...taskKeysByKind()].filter(([, keys]) => keys.includes(key)).map(([k]) => k);
  if (owners.length > 0) return msg('spec.unknownKeyForKindOwners', { key, kind, allowed, owners: quoted(owners) });
  return msg('spec.unknownKeyForKind', { key, kind, allowed });
}

/** The first sentence of a key's schema description, in both languages (the Chinese from the schema's translation table). */
function whatOf(description: string | undefined): Localized | undefined {
  const what = firstSentence(description);
  if (!what) return undefined;
  const zh = description ? firstSentence(translateSchemaText(description)) : '';
  return { en: lowerFirst(what), 'zh-cn': zh && zh !== what ? zh : lowerFirst(what) };
}

function missingKeyMessage(e: ErrorObject, parent: JsonPath, key: string, data: unknown): Message {
  const property = ((e.parentSchema ?? {}) as SchemaNode).properties?.[key];
  const kind = taskKindAt(parent, data);
  const what = whatOf(property?.description);
  if (kind) return what ? msg('spec.missingKeyForKindWhat', { key, kind, what }) : msg('spec.missingKeyForKind', { key, kind });
  return what ? msg('spec.missingKeyWhat', { key, what }) : msg('spec.missingKey', { key });
}

/** For objects like clip that take exactly one of their keys; undefined when unknown keys explain the count. */
function oneOfKeysMessage(e: ErrorObject): Message | undefined {
  const known = Object.keys(((e.parentSchema ?? {}) as SchemaNode).properties ?? {});
  const given = e.data && typeof e.data === 'object' ? Object.keys(e.data) : [];
  const givenKnown = given.filter((k) => known.includes(k));
  if (givenKnown.length === 1 || givenKnown.length < given.length) return undefined;
  const keys = known.map((k) => `'${k}'`);
  return givenKnown.length === 0 ? msg('spec.exactlyOneOfNone', { keys }) : msg('spec.exactlyOneOf', { keys, got: givenKnown.map((k) => `'${k}'`) });
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
      return doc.problemAt(
        path,
        'value',
        msg(params.limit === 1 ? 'spec.minItemsOne' : 'spec.minItems', { limit: Number(params.limit), got: describeValue(e.data) }),
      );
    case 'uniqueItems': {
      const later = Math.max(Number(params.i), Number(params.j));
      const earlier = Math.min(Number(params.i), Number(params.j));
      const value = describeValue((e.data as unknown[])[later]);
      return doc.problemAt([...path, later], 'value', msg('spec.uniqueItems', { earlier, value }));
    }
    default:
      return doc.problemAt(path, 'value', e.message ? msg('spec.schemaOther', { text: e.message }) : msg('spec.schemaKeyword', { keyword: e.keyword }));
  }
}

export function schemaProblems(errors: readonly ErrorObject[], doc: SpecDocument, data: unknown): SpecProblem[] {
  return errors.map((e) => toProblem(e, doc, data)).filter((p): p is SpecProblem => p !== undefined);
}
