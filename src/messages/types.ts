// Messages as data: a code from the catalogue and its arguments. Front ends render them in the
// user's language (render.ts); nothing below the front ends builds a sentence for the user.

/** The languages with a catalogue. */
export type Lang = 'en' | 'zh-cn';

/** A text already given in both languages (e.g. a schema description and its translation). */
export interface Localized {
  en: string;
  'zh-cn': string;
}

/**
 * An argument: a number or string (shown as is, or through a format: `{n:count}`), a list of strings
 * (`{keys:list}`, `{keys:or}`, `{keys:and}`), a nested message (rendered in the same language), or a
 * text given in both languages.
 */
export type MessageArg = string | number | readonly string[] | Message | Localized;

export interface Message<C extends string = string> {
  code: C;
  args?: Readonly<Record<string, MessageArg>>;
}
