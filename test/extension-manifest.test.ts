import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES, knownLanguage, parseConfig } from '@pflint/core';
import { describe, expect, test } from 'vitest';
import { settingsForServer } from '../extension/src/settings.js';
import { sanitizeSettings } from '../packages/language-server/src/server.js';

const extensionDir = fileURLToPath(new URL('../extension/', import.meta.url));
const grammarsDir = fileURLToPath(new URL('../grammars/', import.meta.url));

interface LanguageContribution {
  readonly id: string;
  readonly filenames?: readonly string[];
  readonly filenamePatterns?: readonly string[];
  readonly extensions?: readonly string[];
  readonly configuration?: string;
}
interface GrammarContribution {
  readonly language: string;
  readonly scopeName: string;
  readonly path: string;
}
interface SettingSchema {
  readonly type: string;
  readonly enum?: readonly string[];
  readonly default?: unknown;
  readonly scope?: string;
  readonly propertyNames?: { readonly pattern: string };
  readonly additionalProperties?: { readonly enum: readonly string[] };
}
interface Manifest {
  readonly name: string;
  readonly main: string;
  readonly activationEvents: readonly string[];
  readonly publisher: string;
  readonly engines: { readonly vscode: string };
  readonly dependencies: Readonly<Record<string, string>>;
  readonly scripts: Readonly<Record<string, string>>;
  readonly contributes: {
    readonly languages: readonly LanguageContribution[];
    readonly grammars: readonly GrammarContribution[];
    readonly configuration: { readonly properties: Readonly<Record<string, SettingSchema>> };
    readonly commands: readonly { readonly command: string; readonly title: string }[];
  };
}
interface LanguageConfiguration {
  readonly comments?: { readonly lineComment?: string };
  readonly brackets?: readonly (readonly [string, string])[];
  readonly wordPattern?: string;
}
interface RawGrammar {
  readonly scopeName: string;
  readonly repository?: Readonly<Record<string, unknown>>;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const manifest = readJson<Manifest>(join(extensionDir, 'package.json'));
const { languages, grammars } = manifest.contributes;
const settings = manifest.contributes.configuration.properties;

/** Where a contributed path resolves inside an extension folder laid out as in the .vsix. */
const inExtension = (root: string, contributedPath: string): string => join(root, contributedPath);
/** The repository file a contributed grammar is copied from at package time. */
const sourceOf = (grammar: GrammarContribution): string => join(grammarsDir, basename(grammar.path));

/** Every "include" in a grammar, at any depth. */
function includesOf(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(includesOf);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === 'include' && typeof value === 'string' ? [value] : includesOf(value),
  );
}

const language = (id: string): LanguageContribution => {
  const found = languages.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`language ${id} is not contributed`);
  return found;
};

describe('extension/package.json', () => {
  test('identity, engine and language client as agreed for the extension', () => {
    expect(manifest.publisher).toBe('pflint');
    expect(manifest.name).toBe('pflint');
    expect(manifest.engines.vscode).toBe('^1.91.0');
    expect(manifest.dependencies['vscode-languageclient']).toMatch(/^\^11\./);
    expect(manifest.scripts['vscode:prepublish']).toContain('copy-grammars');
  });

  test('every grammar is contributed once, for a contributed language, from grammars/ with a matching scope name', () => {
    const languageIds = new Set(languages.map((contribution) => contribution.id));
    const sourceFiles = readdirSync(grammarsDir).filter((name) => name.endsWith('.tmLanguage.json'));
    expect(grammars.map((grammar) => basename(grammar.path)).sort()).toEqual(sourceFiles.sort());
    for (const grammar of grammars) {
      expect(languageIds, grammar.path).toContain(grammar.language);
      expect(grammar.path).toMatch(/^\.\/grammars\/[^/]+\.tmLanguage\.json$/);
      expect(readJson<RawGrammar>(sourceOf(grammar)).scopeName, grammar.path).toBe(grammar.scopeName);
    }
    expect(new Set(grammars.map((grammar) => grammar.scopeName)).size).toBe(grammars.length);
  });

  test('every include in the grammars names a repository entry that exists, here or in a contributed grammar', () => {
    const byScope = new Map(grammars.map((grammar) => [grammar.scopeName, readJson<RawGrammar>(sourceOf(grammar))]));
    for (const [scope, grammar] of byScope) {
      for (const include of includesOf(grammar)) {
        const [target, key] = include.startsWith('#') ? [scope, include.slice(1)] : include.split('#');
        const targetGrammar = byScope.get(target ?? '');
        expect(targetGrammar, `${scope}: include ${include}`).toBeDefined();
        if (key !== undefined && key !== '') {
          expect(Object.keys(targetGrammar?.repository ?? {}), `${scope}: include ${include}`).toContain(key);
        }
      }
    }
  });

  test('the copy script puts every grammar where the manifest points, as a .vsix needs', () => {
    const packaged = mkdtempSync(join(tmpdir(), 'pflint-extension-'));
    try {
      execFileSync(process.execPath, [join(extensionDir, 'scripts', 'copy-grammars.mjs'), packaged], { stdio: 'pipe' });
      for (const grammar of grammars) {
        const copied = inExtension(packaged, grammar.path);
        expect(readFileSync(copied, 'utf8')).toBe(readFileSync(sourceOf(grammar), 'utf8'));
      }
    } finally {
      rmSync(packaged, { recursive: true, force: true });
    }
  });

  test('every language has a grammar and a language configuration that parses', () => {
    for (const contribution of languages) {
      expect(grammars.map((grammar) => grammar.language), contribution.id).toContain(contribution.id);
      expect(contribution.configuration, contribution.id).toBeDefined();
      const configuration = readJson<LanguageConfiguration>(inExtension(extensionDir, contribution.configuration ?? ''));
      expect(configuration.comments?.lineComment, contribution.id).toBe('#');
      expect(configuration.brackets?.every((pair) => pair.length === 2), contribution.id).toBe(true);
      expect(() => new RegExp(configuration.wordPattern ?? ''), contribution.id).not.toThrow();
    }
  });

  test('file associations cover the pf, rc.conf family and jail.conf files', () => {
    expect(language('pf').filenames).toContain('pf.conf');
    expect(language('pf').extensions).toContain('.pf');
    expect(language('rcconf').filenames).toEqual(
      expect.arrayContaining(['rc.conf', 'rc.conf.local', 'loader.conf', 'sysctl.conf']),
    );
    expect(language('rcconf').filenamePatterns).toContain('**/rc.conf.d/*');
    expect(language('jailconf').filenames).toContain('jail.conf');
    // FireBrick XML is left to VS Code's own XML language.
    expect(languages.map((contribution) => contribution.id)).not.toContain('xml');
  });

  test("every file the extension associates is one the server claims, in the same language (core's knownLanguage)", () => {
    const serverLanguage: Readonly<Record<string, string>> = { pf: 'pf', rcconf: 'rcconf', jailconf: 'rcconf' };
    for (const contribution of languages) {
      // One example path per association: `**/dir/*.conf` becomes /host/dir/example.conf.
      const examples = [
        ...(contribution.filenames ?? []).map((name) => `/host/etc/${name}`),
        ...(contribution.extensions ?? []).map((extension) => `/host/etc/example${extension}`),
        ...(contribution.filenamePatterns ?? []).map((pattern) => pattern.replace('**', '/host').replace('*', 'example')),
      ];
      expect(examples.length, contribution.id).toBeGreaterThan(0);
      for (const path of examples) expect(knownLanguage(path, ''), path).toBe(serverLanguage[contribution.id]);
    }
  });

  test('every kind of file the server claims by name is associated by the extension, in the same language', () => {
    const claimed: Readonly<Record<string, string>> = {
      '/host/etc/pf.conf': 'pf',
      '/host/etc/pf.conf.local': 'pf',
      '/host/etc/rules.pf': 'pf',
      '/host/etc/pf.anchors/jails': 'pf',
      '/host/etc/pf.d/office': 'pf',
      '/host/usr/local/etc/anchors/relayd': 'pf',
      '/host/etc/rc.conf': 'rcconf',
      '/host/etc/rc.conf.d/routing': 'rcconf',
      '/host/boot/loader.conf.d/fibs.conf': 'rcconf',
      '/host/etc/sysctl.conf.local': 'rcconf',
      '/host/usr/local/etc/wireguard/wg0.conf': 'rcconf',
      '/host/etc/jail.conf': 'jailconf',
      '/host/etc/jail.conf.d/www.conf': 'jailconf',
    };
    // VS Code's rule: a pattern with a slash is matched against the whole path, one without against the base name.
    const globMatches = (pattern: string, path: string): boolean => {
      const source = pattern
        .split('**/')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
        .join('(?:.*/)?');
      return new RegExp(`^${pattern.includes('/') ? '' : '(?:.*/)?'}${source}$`).test(path);
    };
    const associated = (path: string): string[] =>
      languages
        .filter(
          (contribution) =>
            (contribution.filenames ?? []).some((name) => path.endsWith(`/${name}`)) ||
            (contribution.extensions ?? []).some((extension) => path.endsWith(extension)) ||
            (contribution.filenamePatterns ?? []).some((pattern) => globMatches(pattern, path)),
        )
        .map((contribution) => contribution.id);
    for (const [path, language] of Object.entries(claimed)) {
      expect(knownLanguage(path, ''), path).toBe(language === 'jailconf' ? 'rcconf' : language);
      expect(associated(path), path).toEqual([language]);
    }
  });

  test("pf's word pattern selects whole pfctl words and stops where pfctl's lexer does", () => {
    const configuration = readJson<LanguageConfiguration>(inExtension(extensionDir, language('pf').configuration ?? ''));
    const words = (text: string): string[] => text.match(new RegExp(configuration.wordPattern ?? '', 'g')) ?? [];
    expect(words('pass out route-to ($tun_if 2001:db8::1) from <jails_v4> port 1024:65535')).toEqual([
      'pass',
      'out',
      'route-to',
      '$tun_if',
      '2001:db8::1',
      'from',
      'jails_v4',
      'port',
      '1024:65535',
    ]);
    expect(words('10.0.0.0/8,em0:network#x')).toEqual(['10.0.0.0', '8', 'em0:network', 'x']);
  });
});

describe('extension settings agree with what core accepts in .pflintrc.json', () => {
  test('the five settings exist with their scopes', () => {
    expect(Object.keys(settings).sort()).toEqual(['pflint.dialect', 'pflint.firebrick.files', 'pflint.host.root', 'pflint.rules', 'pflint.trace.server']);
    expect(settings['pflint.firebrick.files']?.type).toBe('array');
    expect(settings['pflint.trace.server']?.enum).toEqual(['off', 'messages', 'verbose']);
    expect(settings['pflint.trace.server']?.scope).toBe('window');
    expect(settings['pflint.host.root']?.type).toBe('string');
  });

  test('every dialect the setting offers is accepted by core, and core rejects one it does not offer', () => {
    const dialects = settings['pflint.dialect']?.enum ?? [];
    expect(dialects).toEqual(['freebsd', 'openbsd']);
    for (const dialect of dialects) {
      expect(parseConfig('.pflintrc.json', JSON.stringify({ dialect })).findings).toEqual([]);
    }
    expect(parseConfig('.pflintrc.json', JSON.stringify({ dialect: 'netbsd' })).findings).not.toEqual([]);
  });

  test('every severity the rules setting offers is accepted by core, and every rule id fits its key pattern', () => {
    const rules = settings['pflint.rules'];
    const severities = rules?.additionalProperties?.enum ?? [];
    expect(severities.length).toBeGreaterThan(0);
    const someRule = RULES[0]?.meta.id ?? 'syntax-error';
    for (const severity of severities) {
      expect(parseConfig('.pflintrc.json', JSON.stringify({ rules: { [someRule]: severity } })).findings).toEqual([]);
    }
    expect(parseConfig('.pflintrc.json', JSON.stringify({ rules: { [someRule]: 'fatal' } })).findings).not.toEqual([]);
    const keyPattern = new RegExp(rules?.propertyNames?.pattern ?? '');
    for (const rule of RULES) expect(rule.meta.id, rule.meta.id).toMatch(keyPattern);
    expect('Route_To').not.toMatch(keyPattern);
  });
});

describe('the extension client agrees with its manifest and with the server', () => {
  const clientSource = readFileSync(join(extensionDir, 'src', 'extension.ts'), 'utf8');

  test('it starts from the bundle the build writes, on every contributed language and on XML (FireBrick)', () => {
    expect(manifest.main).toBe('./dist/extension.js');
    expect(readFileSync(join(extensionDir, 'scripts', 'build.mjs'), 'utf8')).toContain("outfile: join(distFolder, 'extension.js')");
    expect([...manifest.activationEvents].sort()).toEqual([...languages.map((contribution) => `onLanguage:${contribution.id}`), 'onLanguage:xml'].sort());
    expect(manifest.scripts['vscode:prepublish']).toContain('scripts/build.mjs');
  });

  test('every command the client registers is contributed with a title, and nothing else is', () => {
    const registered = [...clientSource.matchAll(/registerCommand\('([^']+)'/g)].map((match) => match[1]);
    expect(registered.length).toBeGreaterThan(0);
    expect(manifest.contributes.commands.map((command) => command.command).sort()).toEqual(registered.sort());
    for (const command of manifest.contributes.commands) expect(command.title, command.command).not.toBe('');
  });

  test("the settings it hands the server are read from contributed keys and survive the server's sanitizing", () => {
    const values: Record<string, unknown> = { dialect: 'openbsd', rules: { 'unused-macro': 'off' }, 'host.root': 'hosts/radon', 'firebrick.files': ['routers/*.xml', ' ', 3] };
    const read: string[] = [];
    const handed = settingsForServer((key) => {
      read.push(key);
      return values[key];
    });
    const clientOnly = ['pflint.trace.server'];
    expect(read.map((key) => `pflint.${key}`).sort()).toEqual(Object.keys(settings).filter((key) => !clientOnly.includes(key)).sort());
    expect(sanitizeSettings(handed)).toEqual({ dialect: 'openbsd', rules: { 'unused-macro': 'off' }, hostRoot: 'hosts/radon', firebrickFiles: ['routers/*.xml'] });
  });

  test('unset settings hand the server nothing, not empty values', () => {
    expect(sanitizeSettings(settingsForServer(() => undefined))).toEqual({});
  });
});
