// A binary max-heap of contender indices keyed by a value the caller refreshes lazily (keys only ever fall).

import type { Contender } from './contender.js';
import { compareTieBreak } from './contender.js';

export class ContenderHeap {
  private readonly items: number[] = [];

  constructor(
    private readonly contenders: readonly Contender[],
    private readonly keys: Float64Array,
  ) {}

  get size(): number {
    return this.items.length;
  }

  /** Index of the top contender, or −1 when empty. */
  peek(): number {
    return this.items.length > 0 ? this.items[0]! : -1;
  }

  /** Index of the i-th slot (children of the root are slots 1 and 2), or −1. */
  at(slot: number): number {
    return slot < this.items.length ? this.items[slot]! : -1;
  }

  /** Builds the heap from indices in O(n). */
  buildFrom(indices: readonly number[]): void {
    this.items.length = 0;
    for (const i of indices) this.items.push(i);
    for (let slot = (this.items.length >> 1) - 1; slot >= 0; slot--) this.siftDown(slot);
  }

  push(index: number): void {
    this.items.push(index);
    this.siftUp(this.items.length - 1);
  }

  pop(): number {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** Restores the heap after the root's key fell. */
  rootKeyFell(): void {
    this.siftDown(0);
  }

  /** Takes every index out, leaving the heap empty. */
  drain(): number[] {
    const all = this.items.slice();
    this.items.length = 0;
    return all;
  }

  /** True when contender a ranks before contender b: higher key, then the auction's tie-break. */
  private before(a: number, b: number): boolean {
    const ka = this.keys[a]!;
    const kb = this.keys[b]!;
    if (ka !== kb) return ka > kb;
    return compareTieBreak(this.contenders[a]!, this.contenders[b]!) < 0;
  }

  private siftUp(slot: number): void {
    const items = this.items;
    const item = items[slot]!;
    while (slot > 0) {
      const parent = (slot - 1) >> 1;
      if (!this.before(item, items[parent]!)) break;
      items[slot] = items[parent]!;
      slot = parent;
    }
    items[slot] = item;
  }

  private siftDown(slot: number): void {
    const items = this.items;
    const n = items.length;
    const item = items[slot]!;
    for (;;) {
      let child = 2 * slot + 1;
      if (child >= n) break;
      if (child + 1 < n && this.before(items[child + 1]!, items[child]!)) child += 1;
      if (!this.before(items[child]!, item)) break;
      items[slot] = items[child]!;
      slot = child;
    }
    items[slot] = item;
  }
}
