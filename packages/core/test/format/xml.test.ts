import { describe, expect, it } from 'vitest';
import { formatFirebrickXml } from '../../src/format/xml.js';
import { DEFAULT_FORMAT_OPTIONS } from '../../src/format/types.js';

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
