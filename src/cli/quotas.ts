import { readFile } from 'node:fs/promises';

/**
 * `--quotas aws` (AWS's default rates) or a file of the operator's own: a JSON or YAML map of category
 * to requests per second, e.g. `UserAuthentication: 5`. The server checks the categories and rates.
 */
export async function readQuotas(value: string | undefined): Promise<'aws' | Record<string, unknown> | undefined> {
  if (value === undefined || value === '' || value === 'off') return undefined;
  if (value === 'aws') return 'aws';
  let text: string;
  try {
    text = await readFile(value, 'utf8');
  } catch {
    throw new Error(`--quotas takes aws or a JSON/YAML file of rates; cannot read ${value}`);
  }
  // Loaded only for a quota file, so that serve starts without the YAML parser.
  const { parse } = await import('yaml');
  const parsed: unknown = parse(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`--quotas ${value}: expected a map of category to requests per second`);
  return parsed as Record<string, unknown>;
}
