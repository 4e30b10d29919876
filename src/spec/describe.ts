// Plain-English descriptions of JSON values ("got …") and of what a schema node expects ("must be …").
import type { SchemaNode } from './schema';

/** How a found value reads in a message: 0, "lstn", "64" (a string), an object, an empty array, null. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
    return value.trim() !== '' && !Number.isNaN(Number(value)) ? `${shown}, a string` : shown;
  }
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? String(value);
}

function quoteList(values: readonly unknown[], conjunction = 'or'): string {
  const quoted = values.map((v) => JSON.stringify(v));
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} ${conjunction} ${quoted[quoted.length - 1]}`;
}

function bounds(schema: SchemaNode): string {
  const parts: string[] = [];
  if (schema.minimum !== undefined) parts.push(`≥ ${schema.minimum}`);
  if (schema.exclusiveMinimum !== undefined) parts.push(`> ${schema.exclusiveMinimum}`);
  if (schema.maximum !== undefined) parts.push(`≤ ${schema.maximum}`);
  if (schema.exclusiveMaximum !== undefined) parts.push(`< ${schema.exclusiveMaximum}`);
  return parts.join(' and ');
}

/** What a schema node accepts: "an integer ≥ 1", "a number > 0 and ≤ 0.5", "one of "rnn", "lstm" or "gru"". */
export function describeExpectation(schema: SchemaNode): string {
  if (schema.enum) return `one of ${quoteList(schema.enum)}`;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const limits = bounds(schema);
  switch (type) {
    case 'integer':
      if (schema.minimum === 0 && schema.maximum === undefined) return 'a whole number ≥ 0';
      return `an integer${limits ? ` ${limits}` : ''}`;
    case 'number':
      return `a number${limits ? ` ${limits}` : ''}`;
    case 'string':
      return schema.minLength ? 'a non-empty string' : 'a string';
    case 'boolean':
      return 'true or false';
    case 'array': {
      const item = schema.items ? describeExpectation(schema.items).replace(/^an? (non-empty )?/, '') : 'value';
      return schema.minItems ? `a non-empty array of ${item}s` : `an array of ${item}s`;
    }
    case 'object': {
      const keys = Object.keys(schema.properties ?? {});
      return keys.length > 0 && keys.length <= 3 ? `an object with ${quoteList(keys.map((k) => k), 'or')}`.replace(/"/g, "'") : 'an object';
    }
    default:
      return 'a valid value';
  }
}

export { quoteList };
