// Reading a scenario's inputs for a replay: prices checked in full first, then signals, funding and marks.

import type { FundingRow, SignalRow } from '../sim/types.js';
import { readFunding, readPrices, readSignals, validatePrices, type CsvSource, type PriceSummary } from './csv.js';
import { sha256Of } from './runFolder.js';
import type { Scenario } from './scenario.js';

/** One input file of a run, for the manifest. */
export interface InputFile {
  readonly role: 'prices' | 'signals' | 'funding' | 'marks';
  readonly path: string;
  readonly sha256: string;
}

/** Everything a replay reads, checked: prices stay on disk and are streamed again by the replay. */
export interface ReplayData {
  readonly prices: readonly CsvSource[];
  readonly summary: PriceSummary;
  readonly signals: readonly SignalRow[];
  readonly funding: readonly FundingRow[];
  /** Mark closes at the funding settlements, when a marks file was given. */
  readonly markAt?: (symbol: string, tsMs: number) => number | undefined;
  readonly inputs: readonly InputFile[];
}

/** Reads and checks every input of the scenario; throws InputError with every problem of the first bad file set. */
export async function loadReplayData(scenario: Scenario): Promise<ReplayData> {
  const { data } = scenario;
  const prices = [data.prices];
  const summary = await validatePrices(prices);
  const signals = await readSignals(data.signals, { knownSymbols: new Set(summary.symbols) });
  const funding = data.funding === undefined ? [] : await readFunding(data.funding);
  const markAt = data.marks === undefined ? undefined : await markLookup(data.marks, funding);
  const inputs: InputFile[] = [];
  for (const [role, source] of [['prices', data.prices], ['signals', data.signals], ['funding', data.funding], ['marks', data.marks]] as const) {
    if (source !== undefined) inputs.push({ role, path: source.displayPath, sha256: await sha256Of(source.path) });
  }
  return { prices, summary, signals, funding, ...(markAt === undefined ? {} : { markAt }), inputs };
}

/** Keeps only the mark closes stamped at a funding settlement: all that funding needs of a marks file. */
async function markLookup(marks: CsvSource, funding: readonly FundingRow[]): Promise<(symbol: string, tsMs: number) => number | undefined> {
  const wanted = new Set(funding.map((f) => `${f.symbol}\u0000${f.tsMs}`));
  const closes = new Map<string, number>();
  for await (const slice of readPrices([marks])) {
    for (const bar of slice.bars) {
      const key = `${bar.symbol}\u0000${bar.tsMs}`;
      if (wanted.has(key)) closes.set(key, bar.close);
    }
  }
  return (symbol, tsMs) => closes.get(`${symbol}\u0000${tsMs}`);
}
