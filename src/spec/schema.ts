// The spec's JSON Schema (schema/rnn.schema.json, the single source of truth) and its compiled ajv validator.
import Ajv, { type ValidateFunction } from 'ajv';
import schemaJson from '../../schema/rnn.schema.json';

/** A JSON Schema node, loosely typed: enough to read descriptions, enums and bounds for messages. */
export interface SchemaNode {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  minItems?: number;
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  allOf?: SchemaNode[];
  if?: SchemaNode;
  then?: SchemaNode;
  $ref?: string;
  default?: unknown;
}

export const rnnSchema = schemaJson as unknown as SchemaNode & { definitions: Record<string, SchemaNode> };

/** Keywords VS Code's JSON language service reads; ajv must know them to stay in strict mode. */
const EDITOR_KEYWORDS = ['markdownDescription', 'enumDescriptions', 'markdownEnumDescriptions', 'defaultSnippets'];

let cached: ValidateFunction | undefined;

/** Validates and fills in schema defaults in place (call it on a clone). Compiled once per process. */
export function specValidator(): ValidateFunction {
  if (!cached) {
    const ajv = new Ajv({ allErrors: true, verbose: true, useDefaults: true, strict: true, strictTypes: false, logger: false });
    ajv.addVocabulary(EDITOR_KEYWORDS);
    cached = ajv.compile(schemaJson);
  }
  return cached;
}

/** Follows a local "#/definitions/x" reference. */
export function deref(node: SchemaNode | undefined): SchemaNode | undefined {
  if (!node?.$ref) return node;
  const name = node.$ref.replace(/^#\/definitions\//, '');
  return rnnSchema.definitions[name];
}

/** The task kinds, in schema order. */
export function taskKinds(): string[] {
  return (rnnSchema.definitions.taskKind.enum ?? []).map(String);
}

/** Keys a task of each kind accepts, read from the schema's if/then branches. */
export function taskKeysByKind(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const branch of rnnSchema.properties?.task?.allOf ?? []) {
    const kind = branch.if?.properties?.kind?.const;
    if (typeof kind === 'string' && branch.then?.properties) out.set(kind, Object.keys(branch.then.properties));
  }
  return out;
}
