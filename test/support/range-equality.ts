// From the module itself, not @pflint/core: the whole of core loaded here would be loaded before a test's vi.mock.
import { OffsetRange, plainRange } from '../../packages/core/src/source.js';
import { expect } from 'vitest';

// An OffsetRange keeps its positions behind prototype getters, which toEqual does not read: any two ranges of
// one file would be equal whatever their positions, and none would equal the literal of its own positions.
expect.addEqualityTesters([
  function rangeEquality(a, b, customTesters) {
    if (!(a instanceof OffsetRange) && !(b instanceof OffsetRange)) return undefined;
    const asData = (value: unknown) => (value instanceof OffsetRange ? plainRange(value) : value);
    return this.equals(asData(a), asData(b), customTesters);
  },
]);
