// JSON paths as segment arrays, their dotted display form, and conversion from JSON Pointers (ajv's instancePath).

export type JsonPath = (string | number)[];

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** ["model", "hiddenSize"] -> "model.hiddenSize"; ["task", "columns", 0] -> "task.columns[0]"; [] -> "". */
export function pathToString(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** "/task/columns/0" -> ["task", "columns", 0]; a segment is a number only where the data holds an array. */
export function pointerToPath(pointer: string, data: unknown): JsonPath {
  if (pointer === '') return [];
  const path: JsonPath = [];
  let cursor: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cursor) && /^\d+$/.test(seg)) {
      const index = Number(seg);
      path.push(index);
      cursor = cursor[index];
    } else {
      path.push(seg);
      cursor = cursor !== null && typeof cursor === 'object' ? (cursor as Record<string, unknown>)[seg] : undefined;
    }
  }
  return path;
}
