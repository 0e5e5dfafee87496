import { describe, expect, it } from 'vitest';
import type { DocumentSymbol } from 'vscode-languageserver';
import { rcDocumentSymbols } from '../src/rc-outline.js';

function outline(symbols: readonly DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((symbol) => [`${'  '.repeat(depth)}${symbol.name} ${symbol.range.start.line}-${symbol.range.end.line}`, ...outline(symbol.children ?? [], depth + 1)]);
}

describe('outline of a wg-quick file', () => {
  it('puts each key under its own section, repeated [Peer] sections apart, keys before any section at the top', () => {
    const text = 'ListenPort = 1\n[Interface]\nAddress = 10.0.0.1/24\n[Peer]\nPublicKey = a\nAllowedIPs = 0.0.0.0/0\n[Peer]\nPublicKey = b\n';
    expect(outline(rcDocumentSymbols('/h/usr/local/etc/wireguard/wg0.conf', text))).toEqual([
      'ListenPort 0-0',
      'Interface 1-2',
      '  Address 2-2',
      'Peer 3-5',
      '  PublicKey 4-4',
      '  AllowedIPs 5-5',
      'Peer 6-7',
      '  PublicKey 7-7',
    ]);
  });
});
