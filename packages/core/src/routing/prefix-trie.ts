import { ADDRESS_BITS, type AddressFamily, type IpPrefix } from '../net/ip.js';

/**
 * One node of the path-compressed trie. A node either holds values (a prefix
 * something was stored under) or is a pure branching point with two children;
 * chains of one-child nodes without values never exist, which keeps a lookup
 * to at most one step per distinct stored prefix on the way down.
 */
interface TrieNode<T> {
  network: bigint;
  length: number;
  /** `addressBits - length` as a bigint, and the network shifted by it: containment is then one shift and a compare. */
  shift: bigint;
  key: bigint;
  values: T[];
  children: [TrieNode<T> | undefined, TrieNode<T> | undefined];
}

/** A stored prefix and everything stored under it, in insertion order. */
export interface TrieEntry<T> {
  readonly prefix: IpPrefix;
  readonly values: readonly T[];
}

/**
 * A binary path-compressed (PATRICIA-style) trie of prefixes of one address
 * family, keyed on the bigint network numbers of net/ip.ts. Several values may
 * share a prefix. Lookups walk one root-to-leaf path, so their cost depends on
 * the prefix length, not on the number of stored prefixes.
 */
export class PrefixTrie<T> {
  private root: TrieNode<T> | undefined;
  private readonly bits: number;
  /** `branchShifts[p]` moves the bit just below the first `p` bits to the bottom; built once, not per step. */
  private readonly branchShifts: bigint[];

  constructor(readonly family: AddressFamily) {
    this.bits = ADDRESS_BITS[family];
    this.branchShifts = Array.from({ length: this.bits }, (_, position) => BigInt(this.bits - 1 - position));
  }

  insert(prefix: IpPrefix, value: T): void {
    this.assertFamily(prefix.family);
    if (!this.root) {
      this.root = this.node(prefix.network, prefix.length, [value]);
      return;
    }
    let parent: TrieNode<T> | undefined;
    let node = this.root;
    for (;;) {
      const common = this.commonLength(node.network, node.length, prefix.network, prefix.length);
      if (common < node.length) {
        // The new prefix diverges above `node` (or sits above it): splice in a node at the fork.
        let replacement: TrieNode<T>;
        if (common === prefix.length) {
          replacement = this.node(prefix.network, prefix.length, [value]);
          replacement.children[this.bitAt(node.network, common)] = node;
        } else {
          replacement = this.node(prefix.network & this.mask(common), common, []);
          replacement.children[this.bitAt(node.network, common)] = node;
          replacement.children[this.bitAt(prefix.network, common)] = this.node(prefix.network, prefix.length, [value]);
        }
        if (!parent) this.root = replacement;
        else parent.children[this.bitAt(replacement.network, parent.length)] = replacement;
        return;
      }
      if (node.length === prefix.length) {
        node.values.push(value);
        return;
      }
      const side = this.bitAt(prefix.network, node.length);
      const child = node.children[side];
      if (!child) {
        node.children[side] = this.node(prefix.network, prefix.length, [value]);
        return;
      }
      parent = node;
      node = child;
    }
  }

  /** Every stored prefix containing `address`, longest first. */
  matches(address: bigint): TrieEntry<T>[] {
    const found: TrieEntry<T>[] = [];
    let node = this.root;
    while (node && this.nodeContains(node, address)) {
      if (node.values.length > 0) found.push(this.entry(node));
      if (node.length === this.bits) break;
      node = node.children[this.bitAt(address, node.length)];
    }
    return found.reverse();
  }

  /** The longest stored prefix containing `address`. */
  longestMatch(address: bigint): TrieEntry<T> | undefined {
    let best: TrieNode<T> | undefined;
    let node = this.root;
    while (node && this.nodeContains(node, address)) {
      if (node.values.length > 0) best = node;
      if (node.length === this.bits) break;
      node = node.children[this.bitAt(address, node.length)];
    }
    return best && this.entry(best);
  }

  /** What is stored under exactly `prefix`: one path down, at most one step per stored prefix on the way. */
  exact(prefix: IpPrefix): TrieEntry<T> | undefined {
    this.assertFamily(prefix.family);
    let node = this.root;
    while (node && node.length < prefix.length && this.nodeContains(node, prefix.network)) {
      node = node.children[this.bitAt(prefix.network, node.length)];
    }
    if (!node || node.length !== prefix.length || node.values.length === 0 || !this.nodeContains(node, prefix.network)) return undefined;
    return this.entry(node);
  }

  /** Stored prefixes that cover `prefix` (equal or shorter), longest first. */
  covering(prefix: IpPrefix): TrieEntry<T>[] {
    this.assertFamily(prefix.family);
    const found: TrieEntry<T>[] = [];
    let node = this.root;
    while (node && node.length <= prefix.length && this.nodeContains(node, prefix.network)) {
      if (node.values.length > 0) found.push(this.entry(node));
      if (node.length === prefix.length) break;
      node = node.children[this.bitAt(prefix.network, node.length)];
    }
    return found.reverse();
  }

  /** Stored prefixes inside `prefix` (equal or longer), in address order, shorter first on ties. */
  within(prefix: IpPrefix): TrieEntry<T>[] {
    this.assertFamily(prefix.family);
    let node = this.root;
    while (node && node.length < prefix.length) {
      if (!this.nodeContains(node, prefix.network)) return [];
      node = node.children[this.bitAt(prefix.network, node.length)];
    }
    if (!node) return [];
    const shift = BigInt(this.bits - prefix.length);
    if (node.network >> shift !== prefix.network >> shift) return [];
    const found: TrieEntry<T>[] = [];
    this.collect(node, found);
    return found;
  }

  /** Every stored prefix in address order, shorter first on ties. */
  entries(): TrieEntry<T>[] {
    const found: TrieEntry<T>[] = [];
    if (this.root) this.collect(this.root, found);
    return found;
  }

  private collect(start: TrieNode<T>, into: TrieEntry<T>[]): void {
    // Explicit stack: a trie of /128s can be 128 levels deep.
    const stack: TrieNode<T>[] = [start];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.values.length > 0) into.push(this.entry(node));
      if (node.children[1]) stack.push(node.children[1]);
      if (node.children[0]) stack.push(node.children[0]);
    }
  }

  private entry(node: TrieNode<T>): TrieEntry<T> {
    return { prefix: { family: this.family, network: node.network, length: node.length }, values: node.values };
  }

  private node(network: bigint, length: number, values: T[]): TrieNode<T> {
    const shift = BigInt(this.bits - length);
    return { network, length, shift, key: network >> shift, values, children: [undefined, undefined] };
  }

  private nodeContains(node: TrieNode<T>, address: bigint): boolean {
    return address >> node.shift === node.key;
  }

  /** The bit of `value` just below the first `position` bits (0 = most significant). */
  private bitAt(value: bigint, position: number): 0 | 1 {
    return (value >> this.branchShifts[position]!) & 1n ? 1 : 0;
  }

  private mask(length: number): bigint {
    const all = (1n << BigInt(this.bits)) - 1n;
    return all ^ ((1n << BigInt(this.bits - length)) - 1n);
  }

  /** Length of the longest prefix shared by two prefixes. */
  private commonLength(a: bigint, aLength: number, b: bigint, bLength: number): number {
    const limit = Math.min(aLength, bLength);
    const difference = a ^ b;
    if (difference === 0n) return limit;
    const firstDifferentBit = this.bits - difference.toString(2).length;
    return Math.min(limit, firstDifferentBit);
  }

  private assertFamily(family: AddressFamily): void {
    if (family !== this.family) throw new TypeError(`PrefixTrie(${this.family}) given an ${family} prefix`);
  }
}
