import { parse } from 'csv-parse/sync';

/**
 * RFC 4180 CSV, as Cognito's import reads it: comma-separated, fields optionally in double quotes
 * (a quote inside doubled), CRLF or LF line ends, a byte-order mark ignored, blank lines skipped.
 * Rows may differ in length: the import reports such a row as that row's error, not the file's.
 */
export function parseCsv(text: string): string[][] {
  return parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
}
