// Spec text -> a fully typed Spec with defaults, or every problem at once (syntax, schema, data file, sizes).
import type { Message } from '../messages/types';
import { dataFileOf, dataFileProblems } from './data-file-check';
import { modelProblems } from './model-checks';
import { hasErrors, sortAndDedupe, type SpecProblem } from './problem';
import { resolveDataPath } from './data-path';
import { specValidator } from './schema';
import { schemaProblems } from './schema-problems';
import { parseDocument } from './syntax-problems';
import { applyTaskDefaults } from './task-defaults';
import type { Spec } from './types';

export type { SpecProblem } from './problem';
export { formatProblems } from './format-problems';

export interface ParseSpecOptions {
  /** Folder of the spec file; task.file is resolved against it. Without it the data file is not checked. */
  specDir?: string;
  /** True when absPath is an existing regular file. Without it the data file is not checked. */
  fileExists?: (absPath: string) => boolean;
  /** How to join specDir and a relative task.file (default: "/"-joining with "."/".." folded). */
  resolvePath?: (specDir: string, rel: string) => string;
  /** Why an existing data file may not be read (outside the workspace), or undefined; default: no such check. */
  dataOutside?: (absPath: string) => Message | undefined;
  /** Spec.name when the spec has none (callers pass the file name without ".rnn.json"); default "untitled". */
  defaultName?: string;
}

export interface ParseSpecResult {
  /** Present only when there is no error (warnings allowed). */
  spec?: Spec;
  /** Errors and warnings, sorted by position. */
  problems: SpecProblem[];
}

function done(problems: SpecProblem[], spec?: Spec): ParseSpecResult {
  const sorted = sortAndDedupe(problems);
  return hasErrors(sorted) ? { problems: sorted } : { spec, problems: sorted };
}

export function parseSpec(text: string, opts: ParseSpecOptions = {}): ParseSpecResult {
  const { doc, problems, fatal } = parseDocument(text);
  if (fatal) return done(problems);

  const raw = doc.value();
  const data = structuredClone(raw) as Record<string, unknown>;
  const validate = specValidator();
  if (!validate(data)) problems.push(...schemaProblems(validate.errors ?? [], doc, data));

  const resolvePath = opts.resolvePath ?? resolveDataPath;
  if (opts.specDir !== undefined && opts.fileExists) {
    problems.push(...dataFileProblems(raw, doc, { specDir: opts.specDir, fileExists: opts.fileExists, resolvePath, dataOutside: opts.dataOutside }));
  }
  if (hasErrors(problems)) return done(problems);

  const spec = data as unknown as Spec & { $schema?: string; name?: string };
  delete spec.$schema;
  spec.name ??= opts.defaultName ?? 'untitled';
  applyTaskDefaults(spec);
  if (opts.specDir !== undefined) {
    const dataFile = dataFileOf(spec, opts.specDir, resolvePath);
    if (dataFile !== undefined) spec.dataFile = dataFile;
  }
  problems.push(...modelProblems(spec, raw, doc));
  return done(problems, spec);
}
