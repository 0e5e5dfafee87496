import { describe, expect, it } from 'vitest';
import { formatRcConf } from '../../src/format/rcconf.js';
import { DEFAULT_FORMAT_OPTIONS, type FormatSpan } from '../../src/format/types.js';

function format(text: string, file = 'etc/rc.conf', range?: FormatSpan): string {
  const result = formatRcConf(file, text, { ...DEFAULT_FORMAT_OPTIONS, ...(range ? { range } : {}) });
  if (!result.ok) throw new Error(`refused: ${result.errors.map((error) => error.message).join('; ')}`);
  return result.text;
}

describe('rc.conf formatting', () => {
  it('quotes plain words and single-quoted values that double quotes keep literally', () => {
    expect(format(`a=plain\nb='two words'\nc="kept"\nd=\ne=10.0.0.1/24\n`)).toBe(`a="plain"\nb="two words"\nc="kept"\nd=""\ne="10.0.0.1/24"\n`);
  });

  it('leaves values whose meaning quoting would change', () => {
    const text = [
      'a=$b',
      'c=~/x',
      'd=x\\ y',
      "e='$HOME'",
      "f='say \"hi\"'",
      "g='back\\slash'",
      'h="x"\'y\'',
      'i=`hostname`',
      'j=$(hostname)',
      'k=${a}b',
      "l='two",
      "lines'",
      '',
    ].join('\n');
    expect(format(text)).toBe(text);
  });

  it('keeps a value written over a backslash-newline', () => {
    const text = 'a=x\\\ny\n';
    expect(format(text)).toBe(text);
  });

  it('removes trailing blanks outside quotes and keeps them inside', () => {
    expect(format('a="x"   \n# note  \nb="y  \nz"\t\n')).toBe('a="x"\n# note\nb="y  \nz"\n');
  });

  it('keeps a backslash-escaped blank at the end of a line', () => {
    const text = 'a=x\\ \n';
    expect(format(text)).toBe(text);
  });

  it('collapses blank-line runs, drops blank lines at both ends, and ends with one newline', () => {
    expect(format('\n\na="1"\n\n\n\nb="2"\n  \n\n')).toBe('a="1"\n\nb="2"\n');
    expect(format('a="1"')).toBe('a="1"\n');
    expect(format('')).toBe('');
  });

  it('keeps blank lines inside a quoted value', () => {
    const text = 'a="x\n\n\ny"\n';
    expect(format(text)).toBe(text);
  });

  it('keeps comments, own-line and trailing, in place', () => {
    expect(format('# top\na=1   # why\n  # indented note\nb="2"\n')).toBe('# top\na="1"   # why\n# indented note\nb="2"\n');
  });

  it('unindents plain assignment files but keeps the indentation of files with commands', () => {
    expect(format('  a=1\n\tb=2\n')).toBe('a="1"\nb="2"\n');
    const withIf = 'if [ -f /x ]; then\n  a=1\nfi\n';
    expect(format(withIf)).toBe('if [ -f /x ]; then\n  a="1"\nfi\n');
  });

  it('never unindents a line continued from the one before', () => {
    // `a=1\` + `  # c`: without the blanks the `#` would join the word and stop being a comment.
    expect(format('a=1\\\n  # c\n')).toBe('a="1"\\\n  # c\n');
  });

  it('keeps CRLF line endings', () => {
    expect(format('a=1  \r\n\r\n\r\nb=2\r\n')).toBe('a="1"\r\n\r\nb="2"\r\n');
  });

  it('refuses a file with a syntax error and names it', () => {
    const result = formatRcConf('etc/rc.conf', 'a=1\nb="open\n', DEFAULT_FORMAT_OPTIONS);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ ruleId: 'syntax-error', range: { file: 'etc/rc.conf', start: { line: 2, column: 3 } } });
  });

  it('changes only the lines a range touches', () => {
    const text = 'a=1  \nb=2  \nc=3  \n';
    const second = text.indexOf('b');
    expect(format(text, 'etc/rc.conf', { start: second, end: second + 1 })).toBe('a=1  \nb="2"\nc=3  \n');
    // A selection of the whole second line ends where the third begins: the third is not part of it.
    expect(format(text, 'etc/rc.conf', { start: second, end: text.indexOf('c') })).toBe('a=1  \nb="2"\nc=3  \n');
  });

  it('formats rc.conf.local and rc.conf.d files as sh', () => {
    expect(format('a=1\n', 'etc/rc.conf.d/netif')).toBe('a="1"\n');
    expect(format('a=1\n', 'etc/rc.conf.local')).toBe('a="1"\n');
  });
});

describe('loader.conf formatting', () => {
  it('writes name="value" for quoted values and plain words', () => {
    expect(format('net.fibs=2\nif_gif_load = "YES"  # tunnels\n', 'boot/loader.conf')).toBe('net.fibs="2"\nif_gif_load="YES"  # tunnels\n');
  });

  it('leaves values the loader would not read as one word', () => {
    const text = 'kern.x=a b\nkern.y=/boot/z\nkern.z=_x\n';
    expect(format(text, 'boot/loader.conf')).toBe(text);
  });

  it('refuses a malformed line', () => {
    expect(formatRcConf('boot/loader.conf', 'net.fibs\n', DEFAULT_FORMAT_OPTIONS).ok).toBe(false);
  });
});

describe('sysctl.conf and wg-quick formatting', () => {
  it('keeps sysctl.conf words and spacing, only blanks at the edges change', () => {
    expect(format('  net.fibs = 2   \n\n\nnet.inet.ip.forwarding=1\n', 'etc/sysctl.conf')).toBe('net.fibs = 2\n\nnet.inet.ip.forwarding=1\n');
  });

  it('keeps wg-quick sections and values', () => {
    const text = '[Interface]\nAddress = 10.0.0.1/24\n\n[Peer]\nAllowedIPs = 0.0.0.0/0\n';
    expect(format(`${text}\n\n`, 'usr/local/etc/wireguard/wg0.conf')).toBe(text);
  });
});

describe('jail.conf formatting', () => {
  it('indents parameters inside blocks and keeps globals at the margin', () => {
    const text = '   exec.clean;\nweb {\nhost.hostname = "web";\n        # inside\n  vnet;\n    }\n';
    expect(format(text, 'etc/jail.conf')).toBe('exec.clean;\nweb {\n    host.hostname = "web";\n    # inside\n    vnet;\n}\n');
  });

  it('uses the indent option and keeps multi-line strings and comments', () => {
    const text = 'web {\n exec.start = "a\n   b";\n /* one\n    two */\n}\n';
    const result = formatRcConf('etc/jail.conf', text, { ...DEFAULT_FORMAT_OPTIONS, indent: 2 });
    expect(result).toEqual({ ok: true, text: 'web {\n  exec.start = "a\n   b";\n  /* one\n    two */\n}\n' });
  });

  it('indents with a tab per level when the indent style is tab', () => {
    const result = formatRcConf('etc/jail.conf', 'web {\n  vnet;\n    # c\n}\n', { ...DEFAULT_FORMAT_OPTIONS, indentStyle: 'tab' });
    expect(result).toEqual({ ok: true, text: 'web {\n\tvnet;\n\t# c\n}\n' });
  });

  it('refuses a block that is not closed', () => {
    expect(formatRcConf('etc/jail.conf', 'web {\n vnet;\n', DEFAULT_FORMAT_OPTIONS).ok).toBe(false);
  });
});
