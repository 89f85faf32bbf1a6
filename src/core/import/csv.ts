import { createRequire } from 'node:module';
import type * as CsvParse from 'csv-parse/sync';

// Loaded by the first import job, not at start.
const require = createRequire(import.meta.url);
let csv: typeof CsvParse | undefined;

/**
 * RFC 4180 CSV, as Cognito's import reads it: comma-separated, fields optionally in double quotes
 * (a quote inside doubled), CRLF or LF line ends, a byte-order mark ignored, blank lines skipped.
 * Rows may differ in length: the import reports such a row as that row's error, not the file's.
 */
export function parseCsv(text: string): string[][] {
  csv ??= require('csv-parse/sync') as typeof CsvParse;
  return csv.parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
}
