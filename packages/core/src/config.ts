import * as posixPath from 'node:path/posix';
import { DIALECTS, type Dialect } from './analysis.js';
import { JsonSyntaxError, parseJsonWithOffsets, type JsonValue } from './config-json.js';
import type { Finding, Severity } from './findings.js';
import type { FileSystem } from './fs.js';
import type { FormatOptions } from './format/types.js';
import type { RuleSetting } from './rules/engine.js';
import { findRule } from './rules/index.js';
import { LineIndex } from './source.js';

export const CONFIG_FILE_NAME = '.pflintrc.json';

/**
 * Where the host's files are when they are not where FreeBSD puts them.
 * Paths are relative to the host directory being checked.
 */
export interface HostLayout {
  readonly pfConf?: string;
  readonly rcConf?: readonly string[];
  readonly loaderConf?: readonly string[];
  readonly sysctlConf?: readonly string[];
  readonly jailConf?: readonly string[];
}

export interface PflintConfig {
  /** The file this came from; undefined for the built-in defaults. */
  readonly file?: string;
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly dialect?: Dialect;
  readonly host: HostLayout;
  /** Directories searched for pf `include` files, absolute (resolved against the config file's directory). */
  readonly includePaths: readonly string[];
  /** Formatter settings given in the file; the rest comes from .editorconfig or the defaults. */
  readonly format?: Partial<FormatOptions>;
}

export const DEFAULT_CONFIG: PflintConfig = { rules: {}, host: {}, includePaths: [] };

export interface LoadedConfig {
  readonly config: PflintConfig;
  /** `config-error` findings, located in the config file. */
  readonly findings: readonly Finding[];
}

const SETTINGS: readonly RuleSetting[] = ['off', 'info', 'warning', 'error'];
const LAYOUT_LISTS = ['rcConf', 'loaderConf', 'sysctlConf', 'jailConf'] as const;
/** Allowed `format` numbers: an indent wider than 16 or a line limit outside 20..1000 is a typo, not a style. */
const FORMAT_LIMITS = { indent: [0, 16], maxLineLength: [20, 1000] } as const;

/** The nearest .pflintrc.json in `start` (a directory) or any directory above it. */
export function findConfigFile(fs: FileSystem, start: string): string | undefined {
  let directory = posixPath.normalize(start);
  while (true) {
    const candidate = posixPath.join(directory, CONFIG_FILE_NAME);
    if (fs.readFile(candidate) !== undefined) return candidate;
    const parent = posixPath.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/**
 * Reads and validates a configuration file's text. Never throws: every problem
 * is a `config-error` finding at its line and column, and whatever is valid is
 * still used (a bad rule entry does not discard the others). Unknown rule ids
 * are a warning, everything else an error.
 */
export function parseConfig(file: string, text: string): LoadedConfig {
  const lines = new LineIndex(text);
  const findings: Finding[] = [];
  const report = (start: number, end: number, message: string, severity: Severity = 'error'): void => {
    findings.push({ ruleId: 'config-error', severity, message, range: lines.range(file, start, end) });
  };

  let root: JsonValue;
  try {
    root = parseJsonWithOffsets(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    report(error.offset, Math.min(error.offset + 1, text.length), `not valid JSON: ${error.message}`);
    return { config: { ...DEFAULT_CONFIG, file }, findings };
  }
  if (root.kind !== 'object') {
    report(root.start, root.end, 'the configuration must be a JSON object');
    return { config: { ...DEFAULT_CONFIG, file }, findings };
  }

  const rules: Record<string, RuleSetting> = {};
  let dialect: Dialect | undefined;
  const host: { pfConf?: string } & { -readonly [K in (typeof LAYOUT_LISTS)[number]]?: string[] } = {};
  const includePaths: string[] = [];
  const format: { -readonly [K in keyof FormatOptions]?: FormatOptions[K] } = {};
  const directory = posixPath.dirname(file);

  const strings = (value: JsonValue, what: string): string[] => {
    if (value.kind === 'string') return [value.value];
    if (value.kind === 'array') {
      const result: string[] = [];
      for (const item of value.items) {
        if (item.kind === 'string') result.push(item.value);
        else report(item.start, item.end, `${what}: expected a path string`);
      }
      return result;
    }
    report(value.start, value.end, `${what}: expected a path or a list of paths`);
    return [];
  };

  for (const member of root.members) {
    const { value } = member;
    switch (member.key) {
      case '$schema':
        if (value.kind !== 'string') report(value.start, value.end, '"$schema" must be a string');
        break;
      case 'dialect':
        if (value.kind === 'string' && (DIALECTS as readonly string[]).includes(value.value)) dialect = value.value as Dialect;
        else report(value.start, value.end, `"dialect" must be one of ${DIALECTS.map((d) => `"${d}"`).join(', ')}`);
        break;
      case 'rules':
        if (value.kind !== 'object') {
          report(value.start, value.end, '"rules" must be an object mapping rule ids to a severity');
          break;
        }
        for (const entry of value.members) {
          const setting = entry.value;
          if (!findRule(entry.key)) {
            report(entry.keyStart, entry.keyEnd, `unknown rule "${entry.key}" (see \`pflint rules\`)`, 'warning');
          }
          if (setting.kind === 'string' && (SETTINGS as readonly string[]).includes(setting.value)) {
            rules[entry.key] = setting.value as RuleSetting;
          } else {
            report(setting.start, setting.end, `rule "${entry.key}": expected one of ${SETTINGS.map((s) => `"${s}"`).join(', ')}`);
          }
        }
        break;
      case 'host':
        if (value.kind !== 'object') {
          report(value.start, value.end, '"host" must be an object (pfConf, rcConf, loaderConf, sysctlConf, jailConf)');
          break;
        }
        for (const entry of value.members) {
          if (entry.key === 'pfConf') {
            if (entry.value.kind === 'string') host.pfConf = entry.value.value;
            else report(entry.value.start, entry.value.end, '"host.pfConf" must be a path string');
          } else if ((LAYOUT_LISTS as readonly string[]).includes(entry.key)) {
            host[entry.key as (typeof LAYOUT_LISTS)[number]] = strings(entry.value, `"host.${entry.key}"`);
          } else {
            report(entry.keyStart, entry.keyEnd, `unknown key "host.${entry.key}" (expected pfConf, ${LAYOUT_LISTS.join(', ')})`);
          }
        }
        break;
      case 'include':
        for (const path of strings(value, '"include"')) includePaths.push(posixPath.resolve(directory, path));
        break;
      case 'format':
        if (value.kind !== 'object') {
          report(value.start, value.end, '"format" must be an object (indent, indentStyle, maxLineLength, align)');
          break;
        }
        for (const entry of value.members) {
          const setting = entry.value;
          if (entry.key === 'indent' || entry.key === 'maxLineLength') {
            const [low, high] = FORMAT_LIMITS[entry.key];
            if (setting.kind === 'number' && Number.isInteger(setting.value) && setting.value >= low && setting.value <= high) format[entry.key] = setting.value;
            else report(setting.start, setting.end, `"format.${entry.key}" must be a whole number from ${low} to ${high}`);
          } else if (entry.key === 'align') {
            if (setting.kind === 'boolean') format.align = setting.value;
            else report(setting.start, setting.end, '"format.align" must be true or false');
          } else if (entry.key === 'indentStyle') {
            if (setting.kind === 'string' && (setting.value === 'space' || setting.value === 'tab')) format.indentStyle = setting.value;
            else report(setting.start, setting.end, '"format.indentStyle" must be "space" or "tab"');
          } else {
            report(entry.keyStart, entry.keyEnd, `unknown key "format.${entry.key}" (expected indent, indentStyle, maxLineLength, align)`);
          }
        }
        break;
      default:
        report(member.keyStart, member.keyEnd, `unknown key "${member.key}" (expected rules, dialect, host, include, format)`);
    }
  }
  const formatGiven = Object.keys(format).length > 0;
  return { config: { file, rules, ...(dialect ? { dialect } : {}), host, includePaths, ...(formatGiven ? { format } : {}) }, findings };
}

/**
 * The configuration for a target: `explicit` (from --config) if given, else
 * the nearest .pflintrc.json upward from `start`, else the defaults. An
 * explicit file that cannot be read is a finding at its path.
 */
export function loadConfig(fs: FileSystem, options: { readonly explicit?: string; readonly start: string }): LoadedConfig {
  const file = options.explicit ?? findConfigFile(fs, options.start);
  if (file === undefined) return { config: DEFAULT_CONFIG, findings: [] };
  const text = fs.readFile(file);
  if (text === undefined) {
    const origin = { line: 1, column: 1, offset: 0 };
    return {
      config: DEFAULT_CONFIG,
      findings: [
        { ruleId: 'config-error', severity: 'error', message: `cannot read ${file}`, range: { file, start: origin, end: origin } },
      ],
    };
  }
  return parseConfig(file, text);
}
