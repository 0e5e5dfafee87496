/** Random edits of pf.conf text for property tests: pieces of pf syntax inserted, characters deleted, stretches repeated. */
import fc from 'fast-check';

/** Pieces of pf.conf syntax, the awkward ones included (continuations, quotes, macros, braces). */
export const PF_FRAGMENTS = [
  'pass', 'block', 'match', 'in', 'out', 'on', 'em0', 'from', 'to', 'any', 'all', 'port', 'proto', 'tcp', 'keep',
  'state', 'anchor', 'nat', 'rdr', '->', 'table', '<t>', '{', '}', '(', ')', ',', '/', '!', '=', '<', '>', '-',
  '10.0.0.1', '10/8', '80:90', '$m', 'm = "em0"', '"q"', "'s'", '#c', '\\\n', '\n', ' ', '\t', 'include "x"',
  'set', 'timeout', 'scrub', 'route-to', 'queue', 'ether', 'label', 'flags', 'S/SA', 'max-src-conn-rate', '15/5',
];

export type PfTextEdit =
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number };

export const pfTextEdit: fc.Arbitrary<PfTextEdit> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...PF_FRAGMENTS) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
);

/** `text` with `edit` applied (its place taken modulo the text's length). */
export function withEdit(text: string, edit: PfTextEdit): string {
  const at = text.length === 0 ? 0 : edit.at % text.length;
  if (edit.kind === 'delete') return text.slice(0, at) + text.slice(at + edit.length);
  if (edit.kind === 'insert') return text.slice(0, at) + edit.text + text.slice(at);
  return text.slice(0, at) + text.slice(at, at + edit.length) + text.slice(at);
}
