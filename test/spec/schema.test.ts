import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSpec } from '../../src/spec/parse';
import { deref, rnnSchema, specValidator, taskKeysByKind, taskKinds, type SchemaNode } from '../../src/spec/schema';

type EditorSchema = SchemaNode & {
  markdownDescription?: string;
  enumDescriptions?: string[];
  markdownEnumDescriptions?: string[];
  additionalProperties?: boolean;
  defaultSnippets?: { label?: string; body: unknown }[];
};

/** Every property schema in the document, with its dotted location. */
function allProperties(node: EditorSchema | undefined, at: string, out: [string, EditorSchema][] = []): [string, EditorSchema][] {
  if (!node) return out;
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const resolved = deref(child) as EditorSchema;
    out.push([`${at}${key}`, resolved]);
    allProperties(resolved, `${at}${key}.`, out);
    if (resolved.items) allProperties(resolved.items as EditorSchema, `${at}${key}[].`, out);
  }
  for (const branch of node.allOf ?? []) allProperties(branch.then as EditorSchema, at, out);
  return out;
}

/** "${1:data/input.txt}" -> "data/input.txt": what a snippet inserts once the user accepts its placeholders. */
function fillPlaceholders(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value).replace(/\$\{\d+:([^}]*)\}/g, '$1'));
}

describe('schema/rnn.schema.json', () => {
  const properties = allProperties(rnnSchema as EditorSchema, '');

  it('compiles in ajv strict mode', () => assert.equal(typeof specValidator(), 'function'));

  it('documents every property for hover (description and markdownDescription)', () => {
    assert.ok(properties.length > 30);
    const undocumented = properties.filter(([, s]) => !s.description || !s.markdownDescription).map(([p]) => p);
    assert.deepEqual(undocumented, []);
  });

  it('explains every enum value (enumDescriptions and markdownEnumDescriptions)', () => {
    const enums = properties.filter(([, s]) => s.enum);
    assert.ok(enums.length >= 8);
    for (const [path, s] of enums) {
      assert.equal(s.enumDescriptions?.length, s.enum?.length, `${path} enumDescriptions`);
      assert.equal(s.markdownEnumDescriptions?.length, s.enum?.length, `${path} markdownEnumDescriptions`);
    }
  });

  it('closes every object to unknown keys', () => {
    const objects = properties.filter(([, s]) => s.type === 'object' && s.properties);
    for (const [path, s] of objects) if (path !== 'task') assert.equal(s.additionalProperties, false, path);
    for (const branch of rnnSchema.properties?.task?.allOf ?? []) assert.equal((branch.then as EditorSchema).additionalProperties, false);
  });

  it('has a branch for every task kind, each accepting "kind"', () => {
    const byKind = taskKeysByKind();
    assert.deepEqual([...byKind.keys()], taskKinds());
    assert.deepEqual(byKind.get('copy'), ['kind', 'symbols', 'length', 'delay']);
    for (const keys of byKind.values()) assert.ok(keys.includes('kind'));
  });

  it('every snippet inserts a spec that parses', () => {
    const root = rnnSchema as EditorSchema;
    for (const snippet of root.defaultSnippets ?? []) {
      const { problems } = parseSpec(JSON.stringify(fillPlaceholders(snippet.body)));
      assert.deepEqual(problems, [], snippet.label);
    }
    const task = rnnSchema.properties?.task as EditorSchema;
    assert.equal(task.defaultSnippets?.length, taskKinds().length);
    for (const snippet of task.defaultSnippets ?? []) {
      const { problems } = parseSpec(JSON.stringify({ task: fillPlaceholders(snippet.body) }));
      assert.deepEqual(problems, [], snippet.label);
    }
  });

  it('every default satisfies its own schema', () => {
    for (const [path, s] of properties) {
      if (s.default === undefined || s.type === 'object') continue;
      const type = typeof s.default === 'number' ? (Number.isInteger(s.default) ? ['integer', 'number'] : ['number']) : [typeof s.default];
      assert.ok(type.includes(String(s.type)), `${path}: default ${String(s.default)} vs type ${String(s.type)}`);
      if (s.enum) assert.ok(s.enum.includes(s.default), path);
    }
  });
});
