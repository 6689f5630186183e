// Small-integer ids, per call, for normalised symbols and clusters, so that tallies are typed arrays, not Maps.

// The maps from names to entries persist across calls (a memo of pure functions: normalisation and naming), and an
// entry's id is reassigned the first time a call meets it (its stamp), so ids run 0, 1, 2, ... within each call.
// Entries are indices into typed arrays (a Map lookup then yields a small integer, not an object to chase).

/** Names remembered per allocator; the memo is cleared between calls when it grows past this. */
const MEMO_LIMIT = 100_000;
/** A call remembers this many of its clusters for a scan with `===` before the Map (calls have few clusters). */
const RECENT_CLUSTERS = 8;

/** Per-call ids for names: entries with a stamp (the call that numbered them) and the id that call gave them. */
class Numbering {
  private stamps = new Int32Array(64);
  private ids = new Int32Array(64);
  count = 0;

  constructor(private readonly names: string[]) {}

  /** This call's id of entry k (stamp: the call's number). */
  idOf(k: number, stamp: number): number {
    if (this.stamps[k] === stamp) return this.ids[k]!;
    this.stamps[k] = stamp;
    const id = this.count++;
    this.ids[k] = id;
    return id;
  }

  /** A new entry for a name; its index. */
  add(name: string): number {
    const k = this.names.length;
    if (k >= this.stamps.length) {
      const stamps = new Int32Array(k * 2);
      const ids = new Int32Array(k * 2);
      stamps.set(this.stamps);
      ids.set(this.ids);
      this.stamps = stamps;
      this.ids = ids;
    }
    this.names.push(name);
    this.stamps[k] = 0;
    return k;
  }

  clear(): void {
    this.names.length = 0;
  }
}

export class Interner {
  /** Raw symbol → the entry of its normalised symbol (aliases share one). */
  private readonly rawSymbols = new Map<string, number>();
  private readonly normalSymbols = new Map<string, number>();
  private readonly symbolEntryNames: string[] = [];
  private readonly symbolNumbering = new Numbering(this.symbolEntryNames);
  private readonly clusters = new Map<string, number>();
  private readonly clusterNumbering = new Numbering([]);
  private readonly recentClusters: string[] = [];
  private readonly recentClusterIds = new Int32Array(RECENT_CLUSTERS);
  private stamp = 0;
  /** Bumped whenever the memo is cleared, which renumbers entries: an entry remembered elsewhere is valid only as long. */
  generation = 0;
  /** This call's symbol ids → normalised symbols. */
  readonly symbolNames: string[] = [];

  constructor(private readonly normalize: (symbol: string) => string) {}

  get symbolCount(): number {
    return this.symbolNumbering.count;
  }

  get clusterCount(): number {
    return this.clusterNumbering.count;
  }

  /** Starts a call: ids count from 0 again. */
  begin(): void {
    if (this.rawSymbols.size >= MEMO_LIMIT || this.clusters.size >= MEMO_LIMIT) {
      this.rawSymbols.clear();
      this.normalSymbols.clear();
      this.clusters.clear();
      this.symbolNumbering.clear();
      this.clusterNumbering.clear();
      this.generation += 1;
    }
    this.stamp += 1;
    this.symbolNumbering.count = 0;
    this.clusterNumbering.count = 0;
    this.recentClusters.length = 0;
  }

  /** This call's id of the symbol after normalisation. */
  symbolId(raw: string): number {
    return this.symbolIdOf(this.symbolEntry(raw));
  }

  /** The memo's entry for a raw symbol (stable until the generation changes). */
  symbolEntry(raw: string): number {
    let k = this.rawSymbols.get(raw);
    if (k === undefined) {
      const normal = this.normalize(raw);
      k = this.normalSymbols.get(normal);
      if (k === undefined) {
        k = this.symbolNumbering.add(normal);
        this.normalSymbols.set(normal, k);
      }
      this.rawSymbols.set(raw, k);
    }
    return k;
  }

  /** This call's id of a symbol entry. */
  symbolIdOf(k: number): number {
    const numbering = this.symbolNumbering;
    const before = numbering.count;
    const id = numbering.idOf(k, this.stamp);
    if (numbering.count !== before) this.symbolNames[id] = this.symbolEntryNames[k]!;
    return id;
  }

  /** This call's id of the cluster. */
  clusterId(cluster: string): number {
    const recent = this.recentClusters;
    for (let i = 0; i < recent.length; i++) if (recent[i] === cluster) return this.recentClusterIds[i]!;
    let k = this.clusters.get(cluster);
    if (k === undefined) {
      k = this.clusterNumbering.add(cluster);
      this.clusters.set(cluster, k);
    }
    const id = this.clusterNumbering.idOf(k, this.stamp);
    if (recent.length < RECENT_CLUSTERS) {
      this.recentClusterIds[recent.length] = id;
      recent.push(cluster);
    }
    return id;
  }
}
