// RFC 4180 records as objects by header name, for tests that read the bundle's CSVs: a quoted cell
// may hold commas, doubled quotes and line breaks, so splitting lines on commas miscounts.
const CELL = /("(?:[^"]|"")*"|[^",\r\n]*)(,|\r\n|$)/g;

export function csvRecords(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  for (const m of text.matchAll(CELL)) {
    const [, raw = "", end] = m;
    row.push(raw.startsWith('"') ? raw.slice(1, -1).replaceAll('""', '"') : raw);
    if (end === ",") continue;
    if (row.length > 1 || row[0]) rows.push(row);
    row = [];
    if (end === "") break;
  }
  const [header = [], ...records] = rows;
  return records.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])));
}
