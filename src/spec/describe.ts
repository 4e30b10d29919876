// Descriptions of JSON values ("got …") and of what a schema node expects ("must be …"), as messages.
import { msg, render } from '../messages/render';
import type { Localized, Message } from '../messages/types';
import type { SchemaNode } from './schema';

/** How a found value reads in a message: 0, "lstn", "64" (a string), an object, an empty array, null. */
export function describeValue(value: unknown): Message {
  if (value === undefined) return msg('value.nothing');
  if (value === null) return msg('value.null');
  if (Array.isArray(value)) return value.length === 0 ? msg('value.emptyArray') : msg('value.array');
  if (typeof value === 'object') return msg('value.object');
  if (typeof value === 'string') {
    const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
    return value.trim() !== '' && !Number.isNaN(Number(value)) ? msg('value.numericString', { text: shown }) : msg('value.literal', { text: shown });
  }
  if (typeof value === 'boolean') return msg('value.literal', { text: String(value) });
  return msg('value.literal', { text: JSON.stringify(value) ?? String(value) });
}

/** The values JSON-quoted, for a list argument: ['"rnn"', '"lstm"']. */
export function quoted(values: readonly unknown[]): string[] {
  return values.map((v) => JSON.stringify(v));
}

function bounds(schema: SchemaNode): Message | undefined {
  const parts: Message[] = [];
  if (schema.minimum !== undefined) parts.push(msg('expect.bound.ge', { n: schema.minimum }));
  if (schema.exclusiveMinimum !== undefined) parts.push(msg('expect.bound.gt', { n: schema.exclusiveMinimum }));
  if (schema.maximum !== undefined) parts.push(msg('expect.bound.le', { n: schema.maximum }));
  if (schema.exclusiveMaximum !== undefined) parts.push(msg('expect.bound.lt', { n: schema.exclusiveMaximum }));
  if (parts.length === 0) return undefined;
  return parts.reduce((a, b) => msg('expect.bound.join', { a, b }));
}

/** An array's item, as "an array of <item>s" reads it: the item's expectation without its article. */
function itemOf(items: SchemaNode | undefined): Localized {
  if (!items) return { en: 'value', 'zh-cn': '值' };
  const m = describeExpectation(items);
  return { en: render(m, 'en').replace(/^an? (non-empty )?/, ''), 'zh-cn': render(m, 'zh-cn') };
}

/** What a schema node accepts: "an integer ≥ 1", "a number > 0 and ≤ 0.5", "one of "rnn", "lstm" or "gru"". */
export function describeExpectation(schema: SchemaNode): Message {
  if (schema.enum) return msg('expect.oneOf', { values: quoted(schema.enum) });
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const limits = bounds(schema);
  switch (type) {
    case 'integer':
      if (schema.minimum === 0 && schema.maximum === undefined) return msg('expect.wholeNumber');
      return limits ? msg('expect.integerBounded', { bounds: limits }) : msg('expect.integer');
    case 'number':
      return limits ? msg('expect.numberBounded', { bounds: limits }) : msg('expect.number');
    case 'string':
      return schema.minLength ? msg('expect.nonEmptyString') : msg('expect.string');
    case 'boolean':
      return msg('expect.boolean');
    case 'array':
      return msg(schema.minItems ? 'expect.nonEmptyArrayOf' : 'expect.arrayOf', { item: itemOf(schema.items) });
    case 'object': {
      const keys = Object.keys(schema.properties ?? {});
      return keys.length > 0 && keys.length <= 3 ? msg('expect.objectWith', { keys: keys.map((k) => `'${k}'`) }) : msg('expect.object');
    }
    default:
      return msg('expect.valid');
  }
}
