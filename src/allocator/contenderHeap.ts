// A binary max-heap of contenders keyed by a value the caller refreshes lazily (keys only ever fall).

import type { ContenderTable } from './contender.js';

/**
 * Contenders in a typed array reused across calls. The sift steps are those of the first implementation, so the
 * same operations give the same layout (which the order of correlation calls can show).
 */
export class ContenderHeap {
  private items = new Int32Array(64);
  size = 0;
  private table: ContenderTable;
  private keys: Float64Array;

  constructor(table: ContenderTable, keys: Float64Array) {
    this.table = table;
    this.keys = keys;
  }

  /** Empties the heap for a call over `table` with these keys and room for `capacity` contenders. */
  reset(table: ContenderTable, keys: Float64Array, capacity: number): void {
    this.table = table;
    this.keys = keys;
    if (this.items.length < capacity) this.items = new Int32Array(capacity);
    this.size = 0;
  }

  /** The top contender, or −1 when empty. */
  peek(): number {
    return this.size > 0 ? this.items[0]! : -1;
  }

  /** The contender at heap position `pos` (the root's children are at 1 and 2), or −1. */
  at(pos: number): number {
    return pos < this.size ? this.items[pos]! : -1;
  }

  /** The contender at heap position `pos` < size (to drain in heap order). */
  itemAt(pos: number): number {
    return this.items[pos]!;
  }

  /** Appends a contender without restoring the heap; call heapify() after the last. */
  append(c: number): void {
    this.items[this.size++] = c;
  }

  /** Builds the heap from the appended contenders in O(n). */
  heapify(): void {
    for (let pos = (this.size >> 1) - 1; pos >= 0; pos--) this.siftDown(pos);
  }

  push(c: number): void {
    this.items[this.size++] = c;
    this.siftUp(this.size - 1);
  }

  pop(): number {
    const items = this.items;
    const top = items[0]!;
    const last = items[--this.size]!;
    if (this.size > 0) {
      items[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** Restores the heap after the root's key fell. */
  rootKeyFell(): void {
    this.siftDown(0);
  }

  clear(): void {
    this.size = 0;
  }

  /**
   * On equal keys, whether contender a ranks before b by the auction's tie-break (see compareTieBreak). The sifts
   * compare keys inline and call this only on ties: `k1 > k2 || (k1 === k2 && tie)` is `k1 !== k2 ? k1 > k2 : tie`,
   * NaN included.
   */
  private tieBefore(a: number, b: number): boolean {
    const t = this.table;
    const ageA = t.age[a]!;
    const ageB = t.age[b]!;
    if (ageA !== ageB) return ageA > ageB;
    const marginA = t.margin[a]!;
    const marginB = t.margin[b]!;
    if (marginA !== marginB) return marginA < marginB;
    return t.ids[a]! < t.ids[b]!;
  }

  private siftUp(pos: number): void {
    const items = this.items;
    const keys = this.keys;
    const item = items[pos]!;
    const key = keys[item]!;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const p = items[parent]!;
      const pk = keys[p]!;
      if (!(key > pk || (key === pk && this.tieBefore(item, p)))) break;
      items[pos] = p;
      pos = parent;
    }
    items[pos] = item;
  }

  private siftDown(pos: number): void {
    const items = this.items;
    const keys = this.keys;
    const n = this.size;
    const item = items[pos]!;
    const key = keys[item]!;
    for (;;) {
      let child = 2 * pos + 1;
      if (child >= n) break;
      let c = items[child]!;
      let ck = keys[c]!;
      if (child + 1 < n) {
        const r = items[child + 1]!;
        const rk = keys[r]!;
        if (rk > ck || (rk === ck && this.tieBefore(r, c))) {
          child += 1;
          c = r;
          ck = rk;
        }
      }
      if (!(ck > key || (ck === key && this.tieBefore(c, item)))) break;
      items[pos] = c;
      pos = child;
    }
    items[pos] = item;
  }
}
