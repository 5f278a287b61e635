// Every `rnnGradients.*` setting: its default, its validity rule and a typed getter that falls back to the
// default on an invalid value and tells the user once, naming the setting. Pure (the reader and the warning
// are handed in), so the rules are unit-tested; settings.ts binds it to VS Code.
import { DEFAULT_THRESHOLD, thresholdProblem } from '../core/analysis/threshold';
import { DEFAULT_MAX_BYTES, DEFAULT_MEMORY_BUDGET } from '../core/formats/limits';
import { SETTINGS_SECTION } from './ids';

/** A setting's value as used, and what was wrong with the value as written (if anything). */
export interface Checked<T> {
  readonly value: T;
  readonly problem?: string;
}

export interface SettingRule<T> {
  readonly key: string;
  readonly defaultValue: T;
  /** `raw` is what VS Code returns (undefined when unset); never throws. */
  check(raw: unknown): Checked<T>;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
}

/** A list of glob patterns: entries that are not non-empty strings are dropped (and reported). */
function globList(
  key: string,
  defaultValue: readonly string[],
  emptyMeansDefault: boolean,
): SettingRule<readonly string[]> {
  return {
    key,
    defaultValue,
    check(raw) {
      if (raw === undefined || raw === null) return { value: defaultValue };
      if (!Array.isArray(raw))
        return { value: defaultValue, problem: `expected a list of glob patterns, got ${describe(raw)}` };
      const valid = raw.filter((g): g is string => typeof g === 'string' && g.trim() !== '');
      const dropped = raw.filter((g) => !valid.includes(g));
      if (valid.length === 0 && emptyMeansDefault) {
        return {
          value: defaultValue,
          ...(dropped.length ? { problem: `no usable glob pattern in ${describe(raw)}` } : {}),
        };
      }
      return {
        value: valid,
        ...(dropped.length ? { problem: `ignored ${dropped.map(describe).join(', ')}: not a glob pattern` } : {}),
      };
    },
  };
}

function positiveNumber(key: string, defaultValue: number, unit: string): SettingRule<number> {
  return {
    key,
    defaultValue,
    check(raw) {
      if (raw === undefined || raw === null) return { value: defaultValue };
      if (typeof raw === 'number' && Number.isFinite(raw) && raw > 0) return { value: raw };
      return { value: defaultValue, problem: `expected a number of ${unit} above 0, got ${describe(raw)}` };
    },
  };
}

export const DEFAULT_WEIGHTS_GLOBS: readonly string[] = [
  '**/*.json',
  '**/*.safetensors',
  '**/*.npy',
  '**/*.npz',
  '**/*.pt',
  '**/*.pth',
  '**/*.ckpt',
  '**/pytorch_model*.bin',
  '**/*.onnx',
  '**/*.h5',
  '**/*.keras',
];

export const SETTING_RULES = {
  /** More training-config globs, besides the built-in `*.rnn.*` patterns. */
  configGlobs: globList('configGlobs', [], false),
  /** The files offered as weights (JSON only when it names a recurrent matrix); an empty list means the default. */
  weightsGlobs: globList('weightsGlobs', DEFAULT_WEIGHTS_GLOBS, true),
  /** The gradient horizon's threshold, in (0, 1). */
  threshold: {
    key: 'threshold',
    defaultValue: DEFAULT_THRESHOLD,
    check(raw: unknown): Checked<number> {
      if (raw === undefined || raw === null) return { value: DEFAULT_THRESHOLD };
      const problem = thresholdProblem(raw);
      return problem ? { value: DEFAULT_THRESHOLD, problem } : { value: raw as number };
    },
  } satisfies SettingRule<number>,
  /** Weights files larger than this are refused with a message. */
  maxWeightsFileMB: positiveNumber('maxWeightsFileMB', DEFAULT_MAX_BYTES / 1024 ** 2, 'megabytes'),
  /** What reading one weights file (its decoded tensors, an archive's inflated members) may allocate. */
  maxMemoryMB: positiveNumber('maxMemoryMB', DEFAULT_MEMORY_BUDGET / 1024 ** 2, 'megabytes'),
} as const;

export type SettingKey = keyof typeof SETTING_RULES;
type ValueOf<K extends SettingKey> = (typeof SETTING_RULES)[K]['defaultValue'];

/** `rnnGradients.<key>`, as the user sees it in the Settings editor and settings.json. */
export function settingId(key: SettingKey): string {
  return `${SETTINGS_SECTION}.${key}`;
}

/** Reads settings through `read` and reports each invalid value once through `warn`, until it changes. */
export class SettingsReader {
  private readonly warned = new Set<string>();

  constructor(
    private readonly read: (key: string) => unknown,
    private readonly warn: (message: string) => void,
  ) {}

  get<K extends SettingKey>(key: K): ValueOf<K> {
    const rule = SETTING_RULES[key] as SettingRule<ValueOf<K>>;
    const raw = this.read(rule.key);
    const { value, problem } = rule.check(raw);
    if (problem) {
      const once = `${key}=${describe(raw)}`;
      if (!this.warned.has(once)) {
        this.warned.add(once);
        this.warn(`Setting ${settingId(key)}: ${problem}. Using ${describe(value)} instead.`);
      }
    }
    return value;
  }

  get threshold(): number {
    return this.get('threshold');
  }

  get configGlobs(): readonly string[] {
    return this.get('configGlobs');
  }

  get weightsGlobs(): readonly string[] {
    return this.get('weightsGlobs');
  }

  get maxWeightsFileBytes(): number {
    return this.get('maxWeightsFileMB') * 1024 * 1024;
  }

  get maxMemoryBytes(): number {
    return this.get('maxMemoryMB') * 1024 * 1024;
  }
}
