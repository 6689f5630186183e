// Sweep grids: the Cartesian product of setting values, each point's key, id and seed, shards and walk-forward folds.

export type GridValue = number | string | boolean | null;

export interface GridAxis {
  /** A dotted setting key: `risk.auction_swap_threshold`, `sim.fee_bps` or `seed`. */
  readonly key: string;
  readonly values: readonly GridValue[];
}

export interface GridPoint {
  /** Position in the grid's own order: the first axis varies slowest. */
  readonly index: number;
  /** Stable across runs and machines: the id of the point's folder. */
  readonly id: string;
  /** `key=value` pairs in axis order, values as JSON: the point's identity. */
  readonly key: string;
  readonly values: ReadonlyArray<{ readonly key: string; readonly value: GridValue }>;
  /** Derived from the scenario seed and the point's key, so a point reproduces alone. */
  readonly seed: number;
}

/** cyrb53: a fast, well-mixed 53-bit string hash; enough for folder ids and seeds (not for security). */
export function hash53(text: string, salt = 0): number {
  let h1 = 0xdeadbeef ^ salt;
  let h2 = 0x41c6ce57 ^ salt;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The canonical key of a point: `key=value` pairs in axis order, values as JSON. */
export function pointKeyOf(values: ReadonlyArray<{ readonly key: string; readonly value: GridValue }>): string {
  return values.map((v) => `${v.key}=${JSON.stringify(v.value)}`).join(';');
}

/** Every point of the grid, first axis slowest; a grid with no axes has the one point of the scenario itself. */
export function expandGrid(axes: readonly GridAxis[], scenarioSeed: number): GridPoint[] {
  let combos: Array<Array<{ key: string; value: GridValue }>> = [[]];
  for (const axis of axes) {
    const next: typeof combos = [];
    for (const combo of combos) for (const value of axis.values) next.push([...combo, { key: axis.key, value }]);
    combos = next;
  }
  return combos.map((values, index) => {
    const key = pointKeyOf(values);
    const seedOverride = values.find((v) => v.key === 'seed');
    const seed = typeof seedOverride?.value === 'number' ? seedOverride.value : hash53(`${scenarioSeed}|${key}`) % 2_147_483_647;
    return { index, id: `p${String(index).padStart(4, '0')}-${hash53(key).toString(36)}`, key, values, seed };
  });
}

/** `i/n` (1-based i): the shard's points are those whose index ≡ i − 1 (mod n). */
export function pointsOfShard(points: readonly GridPoint[], shard: { readonly index: number; readonly count: number }): GridPoint[] {
  return points.filter((p) => p.index % shard.count === shard.index - 1);
}

export interface TimeFold {
  readonly index: number;
  readonly startMs: number;
  /** Exclusive, except for the last fold, which ends at the data's last bar inclusive. */
  readonly endMs: number;
}

/** `count` consecutive folds of equal duration covering [firstMs, lastMs]. */
export function timeFolds(firstMs: number, lastMs: number, count: number): TimeFold[] {
  const span = lastMs - firstMs;
  const folds: TimeFold[] = [];
  for (let i = 0; i < count; i++) {
    const startMs = firstMs + Math.floor((span * i) / count);
    const endMs = i === count - 1 ? lastMs + 1 : firstMs + Math.floor((span * (i + 1)) / count);
    folds.push({ index: i, startMs, endMs });
  }
  return folds;
}
