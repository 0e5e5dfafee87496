import { describe, expect, it } from 'vitest';
import { xmlCursorContext } from '../../src/xml/cursor.js';

/** The context at the `|` of `marked`. */
function contextAt(marked: string): ReturnType<typeof xmlCursorContext> {
  const offset = marked.indexOf('|');
  return xmlCursorContext(marked.replace('|', ''), offset);
}

describe('xmlCursorContext', () => {
  it('is an element name right after < and while the name is typed', () => {
    expect(contextAt('<config>\n  <|')).toEqual({ kind: 'element-name', typedStart: 12 });
    expect(contextAt('<config>\n  <rou|')).toEqual({ kind: 'element-name', typedStart: 12 });
    expect(contextAt('<config>\n  <rou|te ip="1"/>\n</config>')).toEqual({ kind: 'element-name', typedStart: 12 });
  });

  it('is an attribute name after the element name or a complete value and a blank, with the attributes already written', () => {
    expect(contextAt('<route |')).toEqual({ kind: 'attribute-name', element: 'route', written: [], typedStart: 7 });
    expect(contextAt('<route ip="10.0.0.0/8" ga|')).toEqual({ kind: 'attribute-name', element: 'route', written: ['ip'], typedStart: 23 });
    expect(contextAt('<route ip="10.0.0.0/8"\n    table="2" |')).toEqual({ kind: 'attribute-name', element: 'route', written: ['ip', 'table'], typedStart: 37 });
  });

  it('is an attribute value inside its quotes, also a list of several items', () => {
    expect(contextAt('<rule target-interface="l|')).toEqual({ kind: 'attribute-value', element: 'rule', attribute: 'target-interface', valueStart: 24 });
    expect(contextAt("<rule source-ip='10.0.0.1 g|")).toEqual({ kind: 'attribute-value', element: 'rule', attribute: 'source-ip', valueStart: 17 });
  });

  it('is nothing in text, comments, end tags, after = and right after a value or a closed tag', () => {
    for (const marked of [
      '<config>te|',
      '<config>\n<!-- <rou|',
      '<config></con|',
      '<route ip=|',
      '<route ip="1"|',
      '<route ip="1"/>|',
      '<route>|',
      '|',
    ]) {
      expect(contextAt(marked), marked).toBeUndefined();
    }
  });

  it('reads a tag left open before the next one as the lexer does: the new tag is where the cursor is', () => {
    expect(contextAt('<route ip="1"\n<subnet |')).toEqual({ kind: 'attribute-name', element: 'subnet', written: [], typedStart: 22 });
  });
});
