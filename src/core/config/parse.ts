// Which parser a config file needs, by its name.
import { parseJsonSource } from './parseJson';
import { parseYamlSource } from './parseYaml';
import type { ParsedSource } from './source';

export type ConfigFormat = 'json' | 'jsonc' | 'yaml';

export function configFormatOf(fileName: string): ConfigFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.jsonc')) return 'jsonc';
  return 'json';
}

export function parseConfigSource(text: string, fileName: string): ParsedSource {
  const format = configFormatOf(fileName);
  return format === 'yaml' ? parseYamlSource(text) : parseJsonSource(text, format === 'jsonc');
}
