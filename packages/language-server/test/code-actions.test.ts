import { describe, expect, it } from 'vitest';
import type { TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { disableForFile, disableForStatement } from '../src/code-actions.js';

function apply(text: string, edit: TextEdit | undefined): string {
  return TextDocument.applyEdits(TextDocument.create('file:///h/etc/pf.conf', 'pf', 1, text), edit ? [edit] : []);
}

function doc(text: string): TextDocument {
  return TextDocument.create('file:///h/etc/pf.conf', 'pf', 1, text);
}

describe('disable comments', () => {
  it('goes above the first line of a statement continued with backslashes, with its indentation', () => {
    const text = 'anchor "a" {\n  pass in on gif0 \\\n    from any \\\n    to any\n}\n';
    expect(apply(text, disableForStatement(doc(text), 'pf', 'missing-reply-to', 4))).toBe(
      'anchor "a" {\n  # pflint disable=missing-reply-to\n  pass in on gif0 \\\n    from any \\\n    to any\n}\n',
    );
  });

  it('does not climb past a line whose backslash is escaped', () => {
    const text = 'a = "x\\\\"\npass in all\n';
    expect(apply(text, disableForStatement(doc(text), 'pf', 'r', 2))).toBe('a = "x\\\\"\n# pflint disable=r\npass in all\n');
  });

  it('adds the rule to a directive already above the statement', () => {
    const text = 'block all\n# pflint disable=unused-macro\npass in on gif0\n';
    expect(apply(text, disableForStatement(doc(text), 'pf', 'missing-reply-to', 3))).toBe(
      'block all\n# pflint disable=unused-macro,missing-reply-to\npass in on gif0\n',
    );
  });

  it('offers nothing when the statement already suppresses the rule', () => {
    const text = '# pflint disable=missing-reply-to\npass in on gif0\n';
    expect(disableForStatement(doc(text), 'pf', 'missing-reply-to', 2)).toBeUndefined();
  });

  it('goes above a pf brace list that spans lines, not inside it', () => {
    const text = 'pass in proto tcp to port {\n  22, 80\n}\n';
    expect(apply(text, disableForStatement(doc(text), 'pf', 'r', 2))).toBe('# pflint disable=r\npass in proto tcp to port {\n  22, 80\n}\n');
  });

  it('uses XML comments in FireBrick files, after the XML declaration for the whole file', () => {
    const text = '<?xml version="1.0"?>\n<config>\n  <route ip="0.0.0.0/0" gateway="192.0.2.1"/>\n</config>\n';
    expect(apply(text, disableForStatement(doc(text), 'firebrick', 'route-loop', 3))).toBe(
      '<?xml version="1.0"?>\n<config>\n  <!-- pflint disable=route-loop -->\n  <route ip="0.0.0.0/0" gateway="192.0.2.1"/>\n</config>\n',
    );
    expect(apply(text, disableForFile(doc(text), 'firebrick', 'route-loop'))).toBe(
      '<?xml version="1.0"?>\n<!-- pflint disable-file=route-loop -->\n<config>\n  <route ip="0.0.0.0/0" gateway="192.0.2.1"/>\n</config>\n',
    );
  });

  it('puts a file directive on the first line of pf.conf and rc.conf files', () => {
    expect(apply('pass\n', disableForFile(doc('pass\n'), 'rcconf', 'route-unused'))).toBe('# pflint disable-file=route-unused\npass\n');
  });
});

describe('disable comments in the rc.conf family', () => {
  const rcDoc = (text: string): TextDocument => TextDocument.create('file:///h/etc/rc.conf', 'rcconf', 1, text);
  const applyRc = (text: string, edit: TextEdit | undefined): string => TextDocument.applyEdits(rcDoc(text), edit ? [edit] : []);

  it('never lands inside a multi-line quoted value: it goes above the assignment', () => {
    const text = 'hostname="a"\nifconfig_bridge0="addm vtnet0\n  addm epair0a\n  up"\ngateway_enable="YES"\n';
    expect(applyRc(text, disableForStatement(rcDoc(text), 'rcconf', 'offload-on-forwarding', 3))).toBe(
      'hostname="a"\n# pflint disable=offload-on-forwarding\nifconfig_bridge0="addm vtnet0\n  addm epair0a\n  up"\ngateway_enable="YES"\n',
    );
  });

  it('is not misled by quotes in comments, escaped quotes or single quotes around double ones', () => {
    const text = "# don't \"trip\nmsg='say \"hi'\nx=\"a\\\"b\"\ngateway_enable=\"YES\"\n";
    expect(applyRc(text, disableForStatement(rcDoc(text), 'rcconf', 'gateway-not-enabled', 4))).toBe(
      "# don't \"trip\nmsg='say \"hi'\nx=\"a\\\"b\"\n# pflint disable=gateway-not-enabled\ngateway_enable=\"YES\"\n",
    );
  });
});
