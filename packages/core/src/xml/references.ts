/*
 * Entity and character references. Only the five entities every XML
 * processor knows and numeric character references are replaced: pflint never
 * reads a DTD, so a declared entity (billion laughs) or an external one (XXE)
 * is an undefined name here, reported and left as written. That keeps the
 * decoded text no longer than its source.
 */

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const REFERENCE = /&(?:#x([0-9A-Fa-f]{1,8})|#([0-9]{1,10})|([A-Za-z_:][-\w.:]*));/y;

/** Code points XML 1.0 allows in a document (its `Char` production). */
export function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

/** Called for each bad reference with offsets relative to the decoded string's source. */
export type ReferenceProblem = (start: number, end: number, message: string) => void;

/**
 * Replaces references in `raw` (text or an attribute value without its
 * quotes). Bad references are reported with offsets into `raw` and kept
 * literally, so the rest of the value still means what it says.
 */
export function decodeReferences(raw: string, report: ReferenceProblem): string {
  let ampersand = raw.indexOf('&');
  if (ampersand < 0) return raw;
  let decoded = '';
  let copied = 0;
  while (ampersand >= 0) {
    REFERENCE.lastIndex = ampersand;
    const match = REFERENCE.exec(raw);
    let next = ampersand + 1;
    if (!match) {
      report(ampersand, ampersand + 1, "'&' must start a reference such as &amp; or &#38;");
    } else {
      const [whole, hex, decimal, name] = match;
      next = ampersand + whole.length;
      let replacement: string | undefined;
      if (name !== undefined) {
        replacement = PREDEFINED[name];
        if (replacement === undefined) {
          report(
            ampersand,
            next,
            `entity '&${name};' is not defined: pflint reads no DTD and knows only &lt; &gt; &amp; &quot; &apos;`,
          );
        }
      } else {
        const codePoint = hex !== undefined ? parseInt(hex, 16) : Number(decimal);
        if (isXmlChar(codePoint)) replacement = String.fromCodePoint(codePoint);
        else report(ampersand, next, `character reference '${whole}' names a character XML does not allow`);
      }
      if (replacement !== undefined) {
        decoded += raw.slice(copied, ampersand) + replacement;
        copied = next;
      }
    }
    ampersand = raw.indexOf('&', next);
  }
  return decoded + raw.slice(copied);
}
