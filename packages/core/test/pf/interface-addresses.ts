/** Interface addresses as `--ifaddr NAME=ADDR/LEN` gives them, for expansion tests. */
import { parseIp } from '../../src/net/ip.js';
import type { PfInterfaceAddress } from '../../src/pf/expand.js';

/** `{ em0: ['192.0.2.1/24'] }` as the `interfaces` option of an expansion. */
export function interfaceAddresses(entries: Record<string, string[]>): Map<string, PfInterfaceAddress[]> {
  return new Map(
    Object.entries(entries).map(([name, addresses]) => [
      name,
      addresses.map((text) => {
        const [address, length] = text.split('/');
        return { address: parseIp(address!)!, length: Number(length) };
      }),
    ]),
  );
}
