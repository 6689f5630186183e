// Sorting contender ids in `<` (UTF-16 code-unit) order, finding duplicates on the way: adaptive, two strategies.

// Ids often arrive in long ascending runs (generated in sequence, or kept sorted by the caller): a natural merge
// sort on `<` then costs a few comparisons per id. Ids in no particular order go to an MSD sort on packed code
// units instead: each pass skips the segment's common prefix, packs the next few code units (+1, so that 0 marks
// the end of the string) with the item's position into one exact double, and sorts those numbers; items that tie on
// every packed unit go another pass deeper, and two equal ids meet in a tie whose window reaches past their end.

/** Packed code units + 1 stay below this while every unit after the prefix is ASCII below 127 (7 bits each). */
const NARROW_RADIX = 128;
/** Any UTF-16 code unit + 1 (17 bits each). */
const WIDE_RADIX = 131_072;
const MANTISSA_BITS = 53;
/** Segments this short are finished by insertion sort on the packed keys. */
const INSERTION_MAX = 20;
/** The merge sort extends shorter runs to this length by binary insertion. */
const MIN_RUN = 8;
/** Wins in a row by one run after which a merge searches for the end of its block. */
const GALLOP = 7;
/** Ids sampled to choose a strategy, and the most ascending runs among them for the merge sort to be chosen. */
const SAMPLE = 128;
const SAMPLE_MAX_RUNS = 8;

/** Sorts ids with scratch arrays that are kept (and only grow) across calls. */
export class IdSorter {
  private keys = new Float64Array(64);
  private tmp = new Int32Array(64);
  /** Common prefix length of the last top-level segment sorted (0 for fewer than two ids). */
  lastPrefix = 0;

  /**
   * Sorts `order[lo..hi)`, which holds positions into `ids`, by the ids in `<` order. Returns false when two of
   * the ids are equal (the order is then unspecified).
   */
  sort(ids: readonly string[], order: Int32Array, lo: number, hi: number): boolean {
    if (this.keys.length < hi) {
      this.keys = new Float64Array(hi * 2);
      this.tmp = new Int32Array(hi * 2);
    }
    this.lastPrefix = 0;
    if (hi - lo < 2) return true;
    if (runsInSample(ids, order, lo, hi) <= SAMPLE_MAX_RUNS) {
      if (!this.mergeSort(ids, order, lo, hi)) return false;
      this.lastPrefix = commonPrefixLength(ids[order[lo]!]!, ids[order[hi - 1]!]!);
      return true;
    }
    this.lastPrefix = this.prefixFrom(ids, order, lo, hi, 0);
    return this.sortSegment(ids, order, lo, hi, this.lastPrefix);
  }

  /** Natural merge sort on `<`: ascending runs (short ones extended by binary insertion), merged pairwise. */
  private mergeSort(ids: readonly string[], order: Int32Array, lo: number, hi: number): boolean {
    const bounds: number[] = [];
    for (let start = lo; start < hi; ) {
      let end = start + 1;
      let prev = ids[order[start]!]!;
      while (end < hi) {
        const next = ids[order[end]!]!;
        if (!(prev < next)) break;
        prev = next;
        end++;
      }
      const stop = Math.min(hi, Math.max(end, start + MIN_RUN));
      if (!insertIntoRun(ids, order, start, end, stop)) return false;
      bounds.push(start);
      start = stop;
    }
    bounds.push(hi);
    let src: Int32Array = order;
    let dst: Int32Array = this.tmp;
    let runs = bounds;
    while (runs.length > 2) {
      const merged: number[] = [];
      for (let r = 0; r + 1 < runs.length; r += 2) {
        const mid = runs[r + 1]!;
        const end = r + 2 < runs.length ? runs[r + 2]! : mid;
        merged.push(runs[r]!);
        if (!mergeRuns(ids, src, dst, runs[r]!, mid, end)) return false;
      }
      merged.push(hi);
      runs = merged;
      const t = src;
      src = dst;
      dst = t;
    }
    if (src !== order) for (let i = lo; i < hi; i++) order[i] = src[i]!;
    return true;
  }

  /** The length of the common prefix of the segment's ids, given that they share their first `known` units. */
  private prefixFrom(ids: readonly string[], order: Int32Array, lo: number, hi: number, known: number): number {
    const first = ids[order[lo]!]!;
    let p = first.length;
    for (let i = lo + 1; i < hi && p > known; i++) {
      const s = ids[order[i]!]!;
      const m = s.length < p ? s.length : p;
      let j = known;
      while (j < m && s.charCodeAt(j) === first.charCodeAt(j)) j++;
      p = j;
    }
    return p;
  }

  /** Sorts a segment whose ids share their first `prefix` units on packed keys of the next few units. */
  private sortSegment(ids: readonly string[], order: Int32Array, lo: number, hi: number, prefix: number): boolean {
    const n = hi - lo;
    if (n < 2) return true;
    let shift = 1;
    let indexBits = 0;
    while (shift < n) {
      shift *= 2;
      indexBits++;
    }
    const keys = this.keys;
    let units = Math.floor((MANTISSA_BITS - indexBits) / 7);
    let radix = NARROW_RADIX;
    if (!this.packKeys(ids, order, lo, hi, prefix, units, radix, shift)) {
      units = Math.floor((MANTISSA_BITS - indexBits) / 17);
      radix = WIDE_RADIX;
      this.packKeys(ids, order, lo, hi, prefix, units, radix, shift);
    }
    if (n <= INSERTION_MAX) insertionSort(keys, lo, hi);
    else quickSort(keys, lo, hi);
    // Positions come back from the low bits (shift is a power of two, so the arithmetic is exact; `%` on
    // doubles would be a slow library call); the high part, the packed units, is kept for finding ties.
    const tmp = this.tmp;
    for (let i = lo; i < hi; i++) tmp[i] = order[i]!;
    for (let i = lo; i < hi; i++) {
      const key = keys[i]!;
      const unitsKey = Math.floor(key / shift);
      order[i] = tmp[lo + (key - unitsKey * shift)]!;
      keys[i] = unitsKey;
    }
    // Items whose packed units tie share the window: sort them one window deeper.
    const window = prefix + units;
    let start = lo;
    let unitsKey = keys[lo]!;
    for (let i = lo + 1; i <= hi; i++) {
      const next = i < hi ? keys[i]! : -1;
      if (next === unitsKey) continue;
      if (i - start > 1) {
        // A tie on a window that reaches past an id's end means the ids are equal.
        if (ids[order[start]!]!.length < window) return false;
        const deeper = this.prefixFrom(ids, order, start, i, window);
        if (!this.sortSegment(ids, order, start, i, deeper)) return false;
      }
      start = i;
      unitsKey = next;
    }
    return true;
  }

  /** Packs `units` code units after `prefix` of each id with its position; false if a unit does not fit `radix`. */
  private packKeys(
    ids: readonly string[],
    order: Int32Array,
    lo: number,
    hi: number,
    prefix: number,
    units: number,
    radix: number,
    shift: number,
  ): boolean {
    const keys = this.keys;
    const end = prefix + units;
    for (let i = lo; i < hi; i++) {
      const s = ids[order[i]!]!;
      const len = s.length < end ? s.length : end;
      let k = 0;
      let j = prefix;
      for (; j < len; j++) {
        const c = s.charCodeAt(j) + 1;
        if (c >= radix) return false;
        k = k * radix + c;
      }
      for (; j < end; j++) k *= radix;
      keys[i] = k * shift + (i - lo);
    }
    return true;
  }
}

/** How many ascending runs the first SAMPLE ids form (ties count as breaks). */
function runsInSample(ids: readonly string[], order: Int32Array, lo: number, hi: number): number {
  const end = Math.min(hi, lo + SAMPLE);
  let runs = 1;
  let prev = ids[order[lo]!]!;
  for (let i = lo + 1; i < end; i++) {
    const next = ids[order[i]!]!;
    if (!(prev < next)) runs++;
    prev = next;
  }
  return runs;
}

function commonPrefixLength(a: string, b: string): number {
  const m = Math.min(a.length, b.length);
  let j = 0;
  while (j < m && a.charCodeAt(j) === b.charCodeAt(j)) j++;
  return j;
}

/** Extends the ascending run order[start..end) to order[start..stop) by binary insertion; false on a duplicate. */
function insertIntoRun(ids: readonly string[], order: Int32Array, start: number, end: number, stop: number): boolean {
  for (let k = end; k < stop; k++) {
    const item = order[k]!;
    const id = ids[item]!;
    let a = start;
    let b = k;
    while (a < b) {
      const m = (a + b) >> 1;
      if (ids[order[m]!]! < id) a = m + 1;
      else b = m;
    }
    if (a < k && ids[order[a]!]! === id) return false;
    for (let q = k; q > a; q--) order[q] = order[q - 1]!;
    order[a] = item;
  }
  return true;
}

/**
 * Merges the ascending runs src[lo..mid) and src[mid..hi) into dst[lo..hi); false when two ids are equal. After
 * GALLOP wins in a row by one run, the rest of its block is found by exponential search and copied at once, as in
 * TimSort: runs of generated ids interleave in long blocks.
 */
function mergeRuns(ids: readonly string[], src: Int32Array, dst: Int32Array, lo: number, mid: number, hi: number): boolean {
  let x = lo;
  let y = mid;
  let o = lo;
  let winsX = 0;
  let winsY = 0;
  while (x < mid && y < hi) {
    const idX = ids[src[x]!]!;
    const idY = ids[src[y]!]!;
    if (idX < idY) {
      dst[o++] = src[x++]!;
      winsY = 0;
      if (++winsX >= GALLOP && x < mid) {
        const end = firstNotBelow(ids, src, x, mid, idY);
        if (end < mid && ids[src[end]!]! === idY) return false;
        while (x < end) dst[o++] = src[x++]!;
        winsX = 0;
      }
    } else if (idY < idX) {
      dst[o++] = src[y++]!;
      winsX = 0;
      if (++winsY >= GALLOP && y < hi) {
        const end = firstNotBelow(ids, src, y, hi, idX);
        if (end < hi && ids[src[end]!]! === idX) return false;
        while (y < end) dst[o++] = src[y++]!;
        winsY = 0;
      }
    } else return false;
  }
  while (x < mid) dst[o++] = src[x++]!;
  while (y < hi) dst[o++] = src[y++]!;
  return true;
}

/** The first index in the ascending src[from..to) whose id is not below `id` (to if none): exponential, then binary. */
function firstNotBelow(ids: readonly string[], src: Int32Array, from: number, to: number, id: string): number {
  let below = from - 1;
  let step = 1;
  let probe = from;
  while (probe < to && ids[src[probe]!]! < id) {
    below = probe;
    probe = from + step;
    step *= 2;
  }
  let a = below + 1;
  let b = probe < to ? probe : to;
  while (a < b) {
    const m = (a + b) >> 1;
    if (ids[src[m]!]! < id) a = m + 1;
    else b = m;
  }
  return a;
}

function insertionSort(a: Float64Array, lo: number, hi: number): void {
  for (let i = lo + 1; i < hi; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= lo && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

/** Quicksort on distinct keys, median of three; deep recursion (adversarial input) falls back to the native sort. */
function quickSort(a: Float64Array, lo: number, hi: number): void {
  let depth = 0;
  for (let n = hi - lo; n > 1; n >>= 1) depth += 2;
  quickSortRange(a, lo, hi, depth);
}

function quickSortRange(a: Float64Array, lo: number, hi: number, depth: number): void {
  while (hi - lo > INSERTION_MAX) {
    if (depth-- === 0) {
      a.subarray(lo, hi).sort();
      return;
    }
    const x = a[lo]!;
    const y = a[(lo + hi) >> 1]!;
    const z = a[hi - 1]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi - 1;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    // Recurse into the smaller side, loop on the larger.
    if (j + 1 - lo < hi - i) {
      quickSortRange(a, lo, j + 1, depth);
      lo = i;
    } else {
      quickSortRange(a, i, hi, depth);
      hi = j + 1;
    }
  }
  insertionSort(a, lo, hi);
}
