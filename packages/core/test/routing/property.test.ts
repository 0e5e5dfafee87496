import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ADDRESS_BITS,
  RoutingTables,
  prefixContains,
  prefixCovers,
  prefixOf,
  type AddressFamily,
  type IpAddress,
  type Route,
} from '@pflint/core';

/**
 * Random tables checked against a linear scan. Prefixes are drawn near a few
 * shared bases so that nesting, ties and misses all happen often; destinations
 * are drawn the same way plus fully random ones.
 */
const BASES: Record<AddressFamily, bigint[]> = {
  inet: [0x0a000000n, 0xc0000200n, 0xffffffffn, 0n],
  inet6: [0x20010db8n << 96n, 0x2a069801001c1000n << 64n, (1n << 128n) - 1n, 0n],
};

function addressArbitrary(family: AddressFamily): fc.Arbitrary<IpAddress> {
  const bits = ADDRESS_BITS[family];
  const random = fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n });
  const nearBase = fc.tuple(fc.constantFrom(...BASES[family]), fc.bigInt({ min: 0n, max: (1n << 12n) - 1n }), fc.integer({ min: 0, max: bits - 12 }))
    .map(([base, noise, shift]) => (base ^ (noise << BigInt(shift))) & ((1n << BigInt(bits)) - 1n));
  return fc.oneof(random, nearBase, nearBase).map((value) => ({ family, value }));
}

const familyArbitrary = fc.constantFrom<AddressFamily>('inet', 'inet6');

const routeArbitrary: fc.Arbitrary<Route> = familyArbitrary.chain((family) =>
  fc.record({
    table: fc.integer({ min: 0, max: 2 }),
    address: addressArbitrary(family),
    // Few distinct lengths make equal prefixes (and so localpref ties) common.
    length: fc.oneof(fc.integer({ min: 0, max: ADDRESS_BITS[family] }), fc.constantFrom(0, 8, 24, ADDRESS_BITS[family])),
    localpref: fc.integer({ min: 0, max: 2 }),
    line: fc.nat(),
  }).map(({ table, address, length, localpref, line }): Route => {
    const position = { line, column: 1, offset: 0 };
    return {
      table,
      prefix: prefixOf(address, length),
      target: { kind: 'interface', interface: `if${line}` },
      localpref,
      origin: 'static',
      source: { file: 'random.conf', start: position, end: position },
    };
  }),
);

const destinationArbitrary = familyArbitrary.chain(addressArbitrary);

function bruteForceLookup(routes: readonly Route[], table: number, destination: IpAddress): Route[] {
  const matching = routes.filter((route) => route.table === table && prefixContains(route.prefix, destination));
  if (matching.length === 0) return [];
  const longest = Math.max(...matching.map((route) => route.prefix.length));
  const atLongest = matching.filter((route) => route.prefix.length === longest);
  const best = Math.max(...atLongest.map((route) => route.localpref));
  return atLongest.filter((route) => route.localpref === best);
}

describe('routing engine against a brute-force oracle', () => {
  it('lookup returns exactly the linear scan’s best routes, in input order', () => {
    fc.assert(
      fc.property(fc.array(routeArbitrary, { maxLength: 60 }), fc.array(destinationArbitrary, { minLength: 1, maxLength: 20 }), (routes, destinations) => {
        const tables = RoutingTables.fromRoutes(routes);
        for (const destination of destinations) {
          for (const table of [0, 1, 2]) {
            const expected = bruteForceLookup(routes, table, destination);
            const actual = tables.lookup(table, destination);
            expect(actual.routes).toEqual(expected);
            expect(actual.tie !== undefined).toBe(expected.length > 1);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('lookup finds routes whose prefix contains a destination taken from a route', () => {
    fc.assert(
      fc.property(fc.array(routeArbitrary, { minLength: 1, maxLength: 60 }), fc.nat(), fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (routes, pick, hostBits) => {
        const chosen = routes[pick % routes.length]!;
        const { family, network, length } = chosen.prefix;
        const hostMask = (1n << BigInt(ADDRESS_BITS[family] - length)) - 1n;
        const destination = { family, value: network | (hostBits & hostMask) };
        const actual = RoutingTables.fromRoutes(routes).lookup(chosen.table, destination);
        expect(actual.routes).toEqual(bruteForceLookup(routes, chosen.table, destination));
        expect(actual.routes.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('covering, within, exact prefix and default routes agree with a linear scan', () => {
    fc.assert(
      fc.property(fc.array(routeArbitrary, { maxLength: 60 }), routeArbitrary, (routes, probe) => {
        const tables = RoutingTables.fromRoutes(routes);
        const inTable = routes.filter((route) => route.table === probe.table);
        const key = (route: Route) => routes.indexOf(route);
        const sortKeys = (list: readonly Route[]) => list.map(key).sort((a, b) => a - b);
        expect(sortKeys(tables.routesCovering(probe.table, probe.prefix))).toEqual(
          sortKeys(inTable.filter((route) => prefixCovers(route.prefix, probe.prefix))),
        );
        expect(sortKeys(tables.routesWithin(probe.table, probe.prefix))).toEqual(
          sortKeys(inTable.filter((route) => prefixCovers(probe.prefix, route.prefix))),
        );
        expect(sortKeys(tables.routes(probe.table))).toEqual(sortKeys(inTable));
        const samePrefix = (route: Route) => route.prefix.family === probe.prefix.family && route.prefix.network === probe.prefix.network && route.prefix.length === probe.prefix.length;
        expect(sortKeys(tables.routesFor(probe.table, probe.prefix))).toEqual(sortKeys(inTable.filter(samePrefix)));
        const defaultPrefix = { family: probe.prefix.family, network: 0n, length: 0 };
        expect(sortKeys(tables.defaultRoutes(probe.table, probe.prefix.family))).toEqual(
          sortKeys(inTable.filter((route) => route.prefix.family === defaultPrefix.family && route.prefix.length === 0)),
        );
      }),
      { numRuns: 300 },
    );
  });
});
