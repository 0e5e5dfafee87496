import { describe, expect, it } from 'vitest';
import { formatFirebrickXml } from '../../src/format/xml.js';
import { DEFAULT_FORMAT_OPTIONS, type FormatSpan } from '../../src/format/types.js';

function format(text: string, indent = 2): string {
  const result = formatFirebrickXml('router.xml', text, { ...DEFAULT_FORMAT_OPTIONS, indent });
  if (!result.ok) throw new Error(`refused: ${result.errors.map((error) => error.message).join('; ')}`);
  return result.text;
}

describe('FireBrick XML formatting', () => {
  it('puts every element on its own line, indented by depth', () => {
    expect(format('<?xml version="1.0"?><config><interface name="LAN" port="1"><subnet ip="10.0.0.1/24"/></interface></config>')).toBe(
      '<?xml version="1.0"?>\n<config>\n  <interface name="LAN" port="1">\n    <subnet ip="10.0.0.1/24"/>\n  </interface>\n</config>\n',
    );
  });

  it('re-indents with the indent option', () => {
    expect(format('<config>\n        <route ip="0.0.0.0/0" gateway="192.0.2.1"/>\n</config>\n', 4)).toBe(
      '<config>\n    <route ip="0.0.0.0/0" gateway="192.0.2.1"/>\n</config>\n',
    );
  });

  it('keeps attribute order, quotes, references and spacing around = exactly', () => {
    const tag = `<route  gateway = '192.0.2.1'   ip="10.0.0.0/8 &amp; x"   comment="a&#x20;b" />`;
    expect(format(`<config>${tag}</config>`)).toBe(
      `<config>\n  <route gateway = '192.0.2.1' ip="10.0.0.0/8 &amp; x" comment="a&#x20;b" />\n</config>\n`,
    );
  });

  it('keeps attributes written one per line on lines of their own, one level deeper', () => {
    expect(format('<config>\n<route\n      ip="10.0.0.0/8"\n gateway="192.0.2.1"\n   /></config>')).toBe(
      '<config>\n  <route\n    ip="10.0.0.0/8"\n    gateway="192.0.2.1"\n  />\n</config>\n',
    );
  });

  it('indents with a tab per level when the indent style is tab', () => {
    const result = formatFirebrickXml('router.xml', '<config>\n  <interface name="lan"\n  port="1">\n<subnet ip="10.0.0.1/24"/></interface></config>', {
      ...DEFAULT_FORMAT_OPTIONS,
      indentStyle: 'tab',
    });
    expect(result).toEqual({ ok: true, text: '<config>\n\t<interface name="lan"\n\t\tport="1">\n\t\t<subnet ip="10.0.0.1/24"/>\n\t</interface>\n</config>\n' });
  });

  it('puts every attribute of a start tag longer than maxLineLength on a line of its own', () => {
    const options = { ...DEFAULT_FORMAT_OPTIONS, indent: 2, maxLineLength: 40 };
    const text = '<config><route name="default" ip="0.0.0.0/0" gateway="192.0.2.1"/><route ip="10.0.0.0/8"/></config>';
    const expected = '<config>\n  <route\n    name="default"\n    ip="0.0.0.0/0"\n    gateway="192.0.2.1"/>\n  <route ip="10.0.0.0/8"/>\n</config>\n';
    expect(formatFirebrickXml('router.xml', text, options)).toEqual({ ok: true, text: expected });
    expect(formatFirebrickXml('router.xml', expected, options)).toEqual({ ok: true, text: expected });
    // Exactly at the limit stays on one line: `  <route name="default" ip="0.0.0.0/0"/>` is 40 columns.
    const fits = '<config>\n  <route name="default" ip="0.0.0.0/0"/>\n</config>\n';
    expect(formatFirebrickXml('router.xml', fits, options)).toEqual({ ok: true, text: fits });
  });

  it('keeps comments where they were: own-line comments indented, trailing ones on their line', () => {
    expect(format('<!-- router -->\n<config> <!-- top -->\n<!-- own\n   line -->\n<route ip="10.0.0.0/8" gateway="192.0.2.1"/>   <!-- uplink -->\n</config>')).toBe(
      '<!-- router -->\n<config> <!-- top -->\n  <!-- own\n   line -->\n  <route ip="10.0.0.0/8" gateway="192.0.2.1"/>   <!-- uplink -->\n</config>\n',
    );
  });

  it('keeps one blank line between siblings where there were blank lines', () => {
    expect(format('<config>\n\n<a/>\n\n\n\n<b/>\n\n</config>\n')).toBe('<config>\n  <a/>\n\n  <b/>\n</config>\n');
  });

  it('keeps the content of an element that holds text as written', () => {
    const text = '<config>\n  <system>\n    <comment>  two\n   lines <b>x</b> </comment>\n  </system>\n</config>\n';
    expect(format(text)).toBe(text);
    expect(format('<config><c><![CDATA[ raw ]]></c></config>')).toBe('<config>\n  <c><![CDATA[ raw ]]></c>\n</config>\n');
  });

  it('keeps the content of an element marked xml:space="preserve" as written', () => {
    const text = '<config>\n<pre xml:space="preserve">\n      <a/>\n  <b/>\n</pre>\n</config>';
    expect(format(text)).toBe('<config>\n  <pre xml:space="preserve">\n      <a/>\n  <b/>\n</pre>\n</config>\n');
  });

  it('keeps a byte-order mark, the declaration and CRLF line endings', () => {
    expect(format('\uFEFF<?xml version="1.0"?>\r\n<config>\r\n<a/>\r\n</config>\r\n')).toBe('\uFEFF<?xml version="1.0"?>\r\n<config>\r\n  <a/>\r\n</config>\r\n');
  });

  it('is unchanged when already formatted', () => {
    const text = '<config>\n  <a x="1">\n    <b/>\n  </a>\n</config>\n';
    expect(format(text)).toBe(text);
  });

  it('formats only the lines a range touches', () => {
    const text = '<config>\n<a x="1"/>   \n        <b/>\n<c>\n<d/>\n</c>\n</config>';
    const line = (n: number): FormatSpan => {
      const start = text.split('\n').slice(0, n - 1).join('\n').length + (n > 1 ? 1 : 0);
      return { start, end: start + 1 };
    };
    const ranged = (range: FormatSpan): string => {
      const result = formatFirebrickXml('router.xml', text, { ...DEFAULT_FORMAT_OPTIONS, indent: 2, range });
      if (!result.ok) throw new Error('refused');
      return result.text;
    };
    expect(ranged(line(2))).toBe('<config>\n  <a x="1"/>\n        <b/>\n<c>\n<d/>\n</c>\n</config>');
    expect(ranged(line(5))).toBe('<config>\n<a x="1"/>   \n        <b/>\n<c>\n    <d/>\n</c>\n</config>');
    expect(ranged({ start: line(3).start, end: line(6).start + 4 })).toBe('<config>\n<a x="1"/>   \n  <b/>\n  <c>\n    <d/>\n  </c>\n</config>');
    // The last line: the end of the file is normalised with it.
    expect(ranged(line(7))).toBe('<config>\n<a x="1"/>   \n        <b/>\n<c>\n<d/>\n</c>\n</config>\n');
  });

  it('changes nothing when a range of a formatted document is formatted', () => {
    const text = '<config>\n  <a>\n    <b/>\n  </a>\n</config>\n';
    for (let start = 0; start < text.length; start += 3) {
      expect(formatFirebrickXml('r.xml', text, { ...DEFAULT_FORMAT_OPTIONS, indent: 2, range: { start, end: start + 2 } })).toEqual({ ok: true, text });
    }
  });

  it('refuses malformed XML with the parser error', () => {
    const result = formatFirebrickXml('router.xml', '<config>\n  <route ip="10.0.0.0/8">\n</config>\n', DEFAULT_FORMAT_OPTIONS);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ ruleId: 'syntax-error', range: { file: 'router.xml', start: { line: 2 } } });
  });

  it('refuses duplicate and unquoted attributes rather than dropping them', () => {
    expect(formatFirebrickXml('r.xml', '<config><a x="1" x="2"/></config>', DEFAULT_FORMAT_OPTIONS).ok).toBe(false);
    expect(formatFirebrickXml('r.xml', '<config><a x=1/></config>', DEFAULT_FORMAT_OPTIONS).ok).toBe(false);
  });
});
