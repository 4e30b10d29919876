// The schema's hover texts in Simplified Chinese: schema/rnn.schema.zh-cn.table.json maps each English
// description (description, markdownDescription, enumDescriptions, …) to its translation.
// scripts/build-schema-zh-cn.mjs writes schema/rnn.schema.zh-cn.json from it; spec problems that quote
// a description (a missing key's "what it is") use it too.
import table from '../../schema/rnn.schema.zh-cn.table.json';

const TABLE = table as Readonly<Record<string, string>>;

/** The Chinese of an English schema text; the English itself when the table has none. */
export function translateSchemaText(en: string): string {
  return TABLE[en] ?? en;
}
