import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildFreeBsdHostFromDirectory } from '../../src/host/builder.js';
import { memoryFileSystem } from '../../src/fs.js';
import { parseJailConf } from '../../src/jail/parser.js';
import { parseRcConf } from '../../src/rcconf/parser.js';
import { RcVariables } from '../../src/rcconf/variables.js';
import { parseKeyValueFile } from '../../src/sysctl/keyvalue.js';
import { parseWgQuick } from '../../src/wireguard/wg-quick.js';

/** Text made mostly of the characters these languages care about, so the parsers' edge cases are reached often. */
const configText = fc
  .array(
    fc.oneof(
      fc.constantFrom('"', "'", '`', '$', '${', '$(', ')', '\\', '\n', ' ', '#', '=', '+=', ';', '{', '}', ',', '[Peer]', '[Interface]', '/*', '*/', '//'),
      fc.constantFrom('ifconfig_em0', 'ifconfig_bridge0_name', 'cloned_interfaces', 'static_routes', 'route_a', 'inet', 'inet6', 'fib', 'tunnelfib', 'tunnel', '-fib'),
      fc.constantFrom('10.0.0.1/24', 'fe80::1%em0', 'default', '-net', '-interface', 'bridge0', 'epair0', 'addm', 'vnet', 'exec.prestart', 'PostUp', 'route add'),
      fc.constantFrom('ifconfig_DEFAULT', 'network_interfaces', 'NOAUTO', 'ifconfig_em0_alias0', 'ifconfig_em0_aliases', 'ipv6_prefix_em0', 'vlans_em0', 'ifconfig_em0.1', '10.0.0.1-9', '2001:db8::1-ff/64', '2001:db8:1:2'),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

describe('bad input never throws', () => {
  it('from any parser', () => {
    fc.assert(
      fc.property(configText, (text) => {
        new RcVariables([parseRcConf('rc.conf', text)]);
        parseJailConf('jail.conf', text);
        parseKeyValueFile('loader.conf', text);
        parseWgQuick('wg0.conf', text);
      }),
      { numRuns: 300 },
    );
  });

  it('from the host builder, and every finding has a location', () => {
    fc.assert(
      fc.property(configText, configText, configText, (rc, jail, wg) => {
        const fs = memoryFileSystem({ '/h/etc/rc.conf': rc, '/h/etc/jail.conf': jail, '/h/usr/local/etc/wireguard/wg0.conf': wg, '/h/boot/loader.conf': 'net.fibs="2"\n' });
        const model = buildFreeBsdHostFromDirectory(fs, '/h');
        for (const finding of model.findings) {
          expect(finding.range.start.line).toBeGreaterThanOrEqual(1);
          expect(finding.ruleId).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
        }
      }),
      { numRuns: 150 },
    );
  });
});
