// A small CSV reader: comma-separated fields, optional double quotes ("" inside quotes is a quote).
// Each field keeps its 1-based character column so errors can point at file:line:column.

export interface CsvField {
  text: string;
  column: number;
}

export function parseCsvLine(line: string): CsvField[] {
  const fields: CsvField[] = [];
  let i = 0;
  for (;;) {
    const column = i + 1;
    let text = '';
    // Leading spaces before a quoted field are allowed.
    let j = i;
    while (line[j] === ' ') j++;
    if (line[j] === '"') {
      j++;
      for (;;) {
        if (j >= line.length) break;
        if (line[j] === '"') {
          if (line[j + 1] === '"') {
            text += '"';
            j += 2;
            continue;
          }
          j++;
          break;
        }
        text += line[j++];
      }
      while (j < line.length && line[j] !== ',') j++; // ignore anything after the closing quote
    } else {
      j = line.indexOf(',', i);
      if (j < 0) j = line.length;
      text = line.slice(i, j);
    }
    fields.push({ text, column });
    if (j >= line.length) return fields;
    i = j + 1;
  }
}
