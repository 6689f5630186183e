// The replay loop (simulator.md §2) on small in-memory histories: decide at close / fill at next open, unfilled orders, end of data, stops, funding windows, baseline, bankruptcy, exact sums, order independence and no look-ahead.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Direction } from '../../src/allocator/types.js';
import { Money } from '../../src/sim/money.js';
import type { Bar, FundingRow, SignalRow } from '../../src/sim/types.js';
import { bar, day, flat, inputOf, Recorder, rng, run, signal, slicesOf, sortSignals, type Setup } from './replayBuilders.js';
import { replay } from '../../src/sim/replay.js';

const numRuns = Number(process.env.FC_NUM_RUNS ?? 200);
const NO_SLIPPAGE = { slippageBps: 0 } as const;

/** floor(notional / price, 8 decimals), as text. */
function quantityFor(notional: number, price: string): string {
  return new Money(notional).div(price).toDecimalPlaces(8, Money.ROUND_DOWN).toFixed();
}

describe('decide at the close, fill at the next open', () => {
  it('fills a long at the next bar open + slippage and a short at the next open − slippage', async () => {
    const bars = [
      ...flat('AAA', [0], 50),
      bar('AAA', 1, 50, 52, 49, 51),
      bar('AAA', 2, 53, 54, 52, 53.5),
      bar('AAA', 3, 55, 56, 54, 55),
      ...flat('BBB', [0], 20),
      bar('BBB', 1, 20, 21, 19, 20.5),
      bar('BBB', 2, 21, 22, 20, 21),
      bar('BBB', 3, 22, 22, 21, 21),
    ];
    // Notional = 100 000 × 0.5 % / 5 % = 10 000 each.
    const { rec } = await run({ bars, signals: [signal('AAA', 1, 'long', 80), signal('BBB', 1, 'short', 70)] });
    const opens = rec.fills.filter((f) => f.action === 'open');
    expect(opens).toHaveLength(2);
    const long = opens.find((f) => f.symbol === 'AAA')!;
    const short = opens.find((f) => f.symbol === 'BBB')!;
    // 53 × 1.0002 and 21 × 0.9998: day 2's open, not day 1's close nor day 3's open.
    expect(long).toMatchObject({ cycleTsMs: day(1), fillTsMs: day(2), side: 'buy', price: '53.0106', quantity: quantityFor(10_000, '53.0106') });
    expect(short).toMatchObject({ cycleTsMs: day(1), fillTsMs: day(2), side: 'sell', price: '20.9958', quantity: quantityFor(10_000, '20.9958') });
    // The decision is stamped at the signal's bar, and nothing traded before the next bar.
    expect(rec.decisionBatches.find((b) => b.decisions.some((d) => d.outcome === 'open'))!.tsMs).toBe(day(1));
    expect(rec.fills.filter((f) => f.fillTsMs <= day(1))).toEqual([]);
    expect(rec.cycles.find((c) => c.tsMs === day(1))).toMatchObject({ opens: 0, positions: 0 });
    expect(rec.cycles.find((c) => c.tsMs === day(2))).toMatchObject({ opens: 2, positions: 2 });
  });

  it('sizes by equity × risk / stop distance, capped at max_position_pct of equity', async () => {
    const bars = [...flat('AAA', [0, 1, 2, 3], 100), ...flat('BBB', [0, 1, 2, 3], 100)];
    // AAA: 100 000 × 0.5 / 10 = 5 000; BBB: 100 000 × 0.5 / 1 = 50 000, capped at 10 % = 10 000.
    const { rec } = await run({ bars, signals: [signal('AAA', 0, 'long', 80, 10), signal('BBB', 0, 'long', 80, 1)], sim: NO_SLIPPAGE });
    const opens = rec.fills.filter((f) => f.action === 'open');
    expect(opens.map((f) => [f.symbol, f.notional])).toEqual([
      ['AAA', '5000'],
      ['BBB', '10000'],
    ]);
  });
});

describe('cycle_bars', () => {
  it('decides only every cycle_bars-th bar; signals of other bars are not used', async () => {
    const { rec, result } = await run({
      bars: flat('AAA', [0, 1, 2, 3, 4, 5], 10),
      signals: [signal('AAA', 1, 'long', 90), signal('AAA', 2, 'short', 80)],
      sim: { cycleBars: 2 },
    });
    expect(rec.decisionBatches.map((b) => b.tsMs)).toEqual([0, 2, 4].map(day));
    expect(rec.fills.filter((f) => f.action === 'open').map((f) => [f.side, f.cycleTsMs, f.fillTsMs])).toEqual([['sell', day(2), day(3)]]);
    expect(result.signalsUsed).toBe(1);
  });
});

describe('orders without a next bar', () => {
  it('leaves an open order unfilled when its symbol has no bar at the next time, and never fills it later', async () => {
    const bars = [...flat('AAA', [0, 1, 2, 3, 4], 10), ...flat('BBB', [0, 1, 3, 4], 20)];
    const { rec, result } = await run({ bars, signals: [signal('BBB', 1, 'long', 90)] });
    expect(rec.unfilledOrders).toEqual([
      { cycleTsMs: day(1), positionId: 'BBB:long:2024-01-02T00:00:00.000Z', symbol: 'BBB', action: 'open', reason: 'winner' },
    ]);
    expect(rec.fills).toEqual([]);
    expect(result.unfilledOrders).toBe(1);
  });

  it('leaves the orders of the last cycle unfilled', async () => {
    const { rec } = await run({ bars: flat('AAA', [0, 1, 2], 10), signals: [signal('AAA', 2, 'short', 90)] });
    expect(rec.unfilledOrders.map((u) => [u.cycleTsMs, u.symbol, u.action])).toEqual([[day(2), 'AAA', 'open']]);
    expect(rec.fills).toEqual([]);
  });

  it('a swap can end half done: the close finds no bar and stays unfilled while the open fills', async () => {
    const bars = [...flat('AAA', [0, 1, 2, 3, 4, 5], 10), ...flat('BBB', [0, 1, 2, 3, 5], 20)];
    const { rec } = await run({
      bars,
      signals: [signal('BBB', 1, 'long', 40), signal('AAA', 3, 'long', 99)],
      allocator: { limits: { maxPositions: 1 } },
    });
    const bbbId = 'BBB:long:2024-01-02T00:00:00.000Z';
    expect(rec.unfilledOrders).toEqual([{ cycleTsMs: day(3), positionId: bbbId, symbol: 'BBB', action: 'close', reason: 'swap_out' }]);
    expect(rec.fills.find((f) => f.symbol === 'AAA' && f.action === 'open')).toMatchObject({ cycleTsMs: day(3), fillTsMs: day(4), reason: 'swap_in' });
    expect(rec.cycles.find((c) => c.tsMs === day(4))!.positions).toBe(2);
  });
});

describe('end of data', () => {
  it('closes every position at its last close with action end_of_data, leaving the book flat', async () => {
    const bars = [
      ...flat('AAA', [0, 1, 2, 3], 10),
      bar('AAA', 4, 10, 11.6, 9.9, 11.5),
      ...flat('BBB', [0, 1, 2], 20),
      bar('BBB', 3, 20, 20.5, 19, 19.25),
    ];
    const { rec, result } = await run({
      bars,
      signals: [signal('AAA', 0, 'long', 80), signal('BBB', 0, 'short', 80)],
      sim: NO_SLIPPAGE,
    });
    const ends = rec.fills.filter((f) => f.action === 'end_of_data');
    expect(ends.map((f) => [f.symbol, f.side, f.price, f.cycleTsMs, f.reason])).toEqual([
      ['AAA', 'sell', '11.5', day(4), 'end_of_data'],
      // BBB has no bar in the last slice: its own last close.
      ['BBB', 'buy', '19.25', day(4), 'end_of_data'],
    ]);
    expect(rec.trades.map((t) => t.exitReason)).toEqual(['end_of_data', 'end_of_data']);
    const last = rec.cycles[rec.cycles.length - 1]!;
    expect(last).toMatchObject({ tsMs: day(4), positions: 0, unrealised: '0', marginUsed: '0' });
    expect(last.equity).toBe(last.cash);
    expect(last.equity).toBe(result.finalEquity);
    // One cycle record per bar time, none extra for the end of data.
    expect(rec.cycles.map((c) => c.tsMs)).toEqual([0, 1, 2, 3, 4].map(day));
  });
});

describe('end of data costs', () => {
  it('a symbol without a bar in the last slice pays the slippage model on its own last bar, not on a stand-in of volume 0', async () => {
    // AAA's last bar (day 2): close 10, volume 1 000 000 → dollar volume 10 000 000. The 10 000 position is 0.1 % of it:
    // volume_share gives 10 bp × 0.1 = 1 bp, so the exit is 10 × 0.9999 = 9.999 (the cap of 50 bp would give 9.95).
    const bars = [...flat('AAA', [0, 1, 2], 10), ...flat('BBB', [0, 1, 2, 3, 4], 20)];
    const { rec } = await run({
      bars,
      signals: [signal('AAA', 0, 'long', 80)],
      sim: { slippageModel: 'volume_share', slippageImpactBps: 10, slippageCapBps: 50 },
    });
    const exit = rec.fills.find((f) => f.action === 'end_of_data')!;
    expect(exit.symbol).toBe('AAA');
    // The impact is taken on the position's own notional (quantity × 10, a little under 10 000 after the
    // entry's slippage): 10 bp × that / 10 000 000 × 100, to 4 decimals of a bp.
    const impactBps = Math.round(10 * ((Number(exit.quantity) * 10) / 10_000_000) * 100 * 10_000) / 10_000;
    expect(Number(exit.price)).toBeCloseTo(10 * (1 - impactBps / 10_000), 12);
    expect(Number(exit.price)).toBeGreaterThan(9.998);
  });
});

describe('order of signals within a timestamp', () => {
  it('two signals of one (time, symbol, direction) give the same records in either order', async () => {
    // Both have the default id AAA:long:<time>; with a value floor of 50 only the 90 can open.
    const bars = flat('AAA', [0, 1, 2, 3], 10);
    const weak = signal('AAA', 1, 'long', 30, 5);
    const strong = signal('AAA', 1, 'long', 90, 2);
    const setup = (signals: SignalRow[]): Setup => ({ bars, signals, allocator: { minValue: 50 } });
    const a = await run(setup([weak, strong]));
    const b = await run(setup([strong, weak]));
    expect(b.rec.fills).toEqual(a.rec.fills);
    expect(b.rec.decisionBatches).toEqual(a.rec.decisionBatches);
  });

  it('permuting signals within each timestamp (distinct time, symbol, direction) changes no record', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, fc.integer(), async (h, key) => {
        const seen = new Set<string>();
        const unique = h.signals.filter((s) => {
          const k = `${s.tsMs}:${s.symbol}:${s.direction}`;
          if (seen.has(k)) return false;
          seen.add(k);
          return true;
        });
        const base = sortSignals(unique);
        // A stable sort by time on a keyed shuffle: every order within a timestamp is reachable.
        const shuffled = base
          .map((s, i) => ({ s, k: Math.imul(i + 1, 2_654_435_761) ^ key }))
          .sort((x, y) => x.s.tsMs - y.s.tsMs || x.k - y.k)
          .map((x) => x.s);
        const a = await record(propertySetup({ ...h, signals: base }, true));
        const b = await recordRaw(propertySetup({ ...h, signals: base }, true), shuffled);
        expect(b.fills).toEqual(a.fills);
        expect(b.cycles).toEqual(a.cycles);
        expect(b.decisionBatches).toEqual(a.decisionBatches);
      }),
      { numRuns },
    );
  });
});

describe('protective exits in the replay', () => {
  it('a stop closes the position on the bar that touches it, with action stop, at the stop level', async () => {
    const bars = [...flat('AAA', [0, 1, 2], 64), bar('AAA', 3, 60, 61, 50, 55), ...flat('AAA', [4, 5], 55)];
    // Entry 64 (no slippage), stop 12.5 % below: 56.
    const { rec } = await run({ bars, signals: [signal('AAA', 1, 'long', 80, 12.5)], sim: NO_SLIPPAGE });
    expect(rec.fills.map((f) => [f.action, f.price, f.fillTsMs])).toEqual([
      ['open', '64', day(2)],
      ['stop', '56', day(3)],
    ]);
    expect(rec.trades).toHaveLength(1);
    expect(rec.trades[0]).toMatchObject({ exitReason: 'stop', exitTsMs: day(3), exitPrice: '56' });
    expect(rec.cycles.find((c) => c.tsMs === day(3))!.positions).toBe(0);
  });

  it("a signal's own take_profit_r overrides the scenario default, and its id names the position", async () => {
    const bars = [...flat('AAA', [0, 1, 2], 80), bar('AAA', 3, 78, 79, 64, 70), ...flat('AAA', [4], 70)];
    // Short at 80, stop 12.5 % = 10: 1 R below is 70 (the default 2 R, 60, is never reached).
    const { rec } = await run({
      bars,
      signals: [signal('AAA', 1, 'short', 80, 12.5, { takeProfitR: 1, id: 'sig-7' })],
      sim: { ...NO_SLIPPAGE, takeProfitR: 2 },
    });
    expect(rec.fills.map((f) => [f.positionId, f.action, f.price])).toEqual([
      ['sig-7', 'open', '80'],
      ['sig-7', 'take_profit', '70'],
    ]);
  });

  it('a take profit (the scenario default) closes a short at its target', async () => {
    const bars = [...flat('AAA', [0, 1, 2], 80), bar('AAA', 3, 78, 79, 58, 62), ...flat('AAA', [4], 62)];
    // Short at 80, stop 12.5 % = 10, target 2 R below: 60.
    const { rec } = await run({ bars, signals: [signal('AAA', 1, 'short', 80, 12.5)], sim: { ...NO_SLIPPAGE, takeProfitR: 2 } });
    expect(rec.fills.map((f) => [f.action, f.side, f.price])).toEqual([
      ['open', 'sell', '80'],
      ['take_profit', 'buy', '60'],
    ]);
  });
});

describe('funding', () => {
  const days = [0, 1, 2, 3, 4, 5];
  /** Long AAA, 100 units at 100 from day 2's open to the end; flat prices, no slippage. */
  const setup = (funding: FundingRow[], direction: Direction = 'long', sim = {}): Setup => ({
    bars: [...flat('AAA', days, 100), ...flat('BBB', days, 50)],
    signals: [signal('AAA', 1, direction, 80)],
    funding,
    sim: { ...NO_SLIPPAGE, ...sim },
  });
  const row = (symbol: string, d: number, rate: number): FundingRow => ({ tsMs: day(d), symbol, rate });

  it('charges each row in (previous cycle, t] once, on mark notional, at the cycle that follows it', async () => {
    const { rec } = await run(
      setup([
        row('AAA', 0.5, 0.01), // before the position: not charged
        row('AAA', 2.25, 0.001), // → cycle day 3: 10
        row('AAA', 3, 0.002), // exactly day 3 → cycle day 3: 20, and not again at day 4
        row('BBB', 3, 0.05), // not held
        row('AAA', 3.5, 0.003), // → day 4: 30
        row('AAA', 4.75, -0.0005), // → day 5: −5 (received)
      ]),
    );
    expect(rec.cycles.map((c) => c.funding)).toEqual(['0', '0', '0', '30', '30', '-5']);
    expect(rec.trades).toHaveLength(1);
    expect(rec.trades[0]!.funding).toBe('55');
    // Flat prices: equity = initial − 2 fees of 5 − funding 55.
    expect(rec.cycles[rec.cycles.length - 1]!.equity).toBe('99935');
    expect(rec.trades[0]!.netPnl).toBe('-65');
  });

  it('uses the mark price at the settlement when a marks file gives one, the latest close otherwise', async () => {
    const rows = [row('AAA', 2.5, 0.001), row('AAA', 3.5, 0.001)];
    const rec = new Recorder();
    // A mark of 120 at day 2.5 only: 100 × 120 × 0.001 = 12; day 3.5 falls back to the close, 100 × 100 × 0.001 = 10.
    const markAt = (symbol: string, tsMs: number): number | undefined => (symbol === 'AAA' && tsMs === day(2.5) ? 120 : undefined);
    await replay({ ...inputOf(setup(rows)), markAt }, rec);
    expect(rec.cycles.map((c) => c.funding)).toEqual(['0', '0', '0', '12', '10', '0']);
  });

  it('a short receives a positive rate', async () => {
    const { rec } = await run(setup([row('AAA', 3, 0.001)], 'short'));
    expect(rec.trades[0]!.funding).toBe('-10');
    expect(rec.cycles.find((c) => c.tsMs === day(3))!.funding).toBe('-10');
  });

  it('flat funding_bps_per_8h is charged per elapsed time on every held position', async () => {
    // 10 000 notional × 8 bp per 8 h = 24 per day; charged at the cycles of days 2 to 5 (opened at the open of day 2).
    const { rec } = await run(setup([], 'long', { fundingBpsPer8h: 8 }));
    expect(rec.cycles.map((c) => c.funding)).toEqual(['0', '0', '24', '24', '24', '24']);
    expect(rec.trades[0]!.funding).toBe('96');
  });
});

describe('baseline policy', () => {
  const setup = (auctionModeEnabled: boolean): Setup => ({
    bars: ['AAA', 'BBB', 'CCC'].flatMap((s) => flat(s, [0, 1, 2, 3, 4, 5, 6], 10)),
    signals: [signal('AAA', 1, 'long', 30), signal('BBB', 2, 'long', 99), signal('CCC', 4, 'short', 99)],
    allocator: { limits: { maxPositions: 1 } },
    auctionModeEnabled,
  });

  it('the auction swaps on these signals (so the baseline check below is not vacuous)', async () => {
    const { rec } = await run(setup(true));
    expect(rec.fills.some((f) => f.action === 'close' && f.reason === 'swap_out')).toBe(true);
    expect(rec.cycles.some((c) => c.swaps > 0)).toBe(true);
  });

  it('never closes by swap: positions leave only by stop, take profit or end of data', async () => {
    const { rec } = await run(setup(false));
    expect(rec.fills.filter((f) => f.action === 'close')).toEqual([]);
    expect(rec.fills.map((f) => [f.symbol, f.action])).toEqual([
      ['AAA', 'open'],
      ['AAA', 'end_of_data'],
    ]);
    expect(rec.cycles.every((c) => c.swaps === 0)).toBe(true);
    expect(rec.decisionBatches.flatMap((b) => b.decisions).filter((d) => d.outcome === 'close')).toEqual([]);
  });
});

describe('bankruptcy', () => {
  it('ends the run when equity ≤ 0, closing what is left, with bankrupt in the result', async () => {
    const bars = [
      ...flat('AAA', [0, 1], 100),
      bar('AAA', 2, 100, 100.5, 99.5, 100),
      bar('AAA', 3, 5, 5, 4, 4), // gaps through the 1 % stop: fills at 5
      ...flat('AAA', [4, 5], 4),
      ...flat('BBB', [0, 1, 2, 3, 4, 5], 10),
    ];
    const { rec, result } = await run({
      bars,
      // AAA: 10 × equity of notional on 1/20 margin; BBB: a wide stop, held when the account dies.
      signals: [signal('AAA', 1, 'long', 80, 1), signal('BBB', 1, 'long', 70, 50)],
      sim: { leverage: 20, maxPositionPct: 1000, riskPerTradePct: 100 },
    });
    expect(result.bankrupt).toBe(true);
    expect(result.cycles).toBe(4);
    expect(result.lastTsMs).toBe(day(3));
    expect(Number(result.finalEquity)).toBeLessThanOrEqual(0);
    expect(rec.fills.filter((f) => f.fillTsMs > day(3))).toEqual([]);
    expect(rec.cycles.map((c) => c.tsMs)).toEqual([0, 1, 2, 3].map(day));
    expect(rec.fills.filter((f) => f.fillTsMs === day(3)).map((f) => [f.symbol, f.action, f.reason])).toEqual([
      ['AAA', 'stop', 'stop'],
      ['BBB', 'end_of_data', 'bankrupt'],
    ]);
    expect(rec.cycles[rec.cycles.length - 1]).toMatchObject({ positions: 0, marginUsed: '0' });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The records add up exactly (simulator.md §4): what a report sums from the files is what the ledger booked.

const dsum = (xs: readonly string[]): InstanceType<typeof Money> => xs.reduce((a, v) => a.add(v), new Money(0));

function expectRecordsAddUp(rec: Recorder, initial: number): void {
  const eq = (a: InstanceType<typeof Money>, b: InstanceType<typeof Money>, what: string): void =>
    expect(a.eq(b), `${what}: ${a.toFixed()} ≠ ${b.toFixed()}`).toBe(true);
  for (const c of rec.cycles) eq(new Money(c.equity), new Money(c.cash).add(c.unrealised), `equity = cash + unrealised at ${c.tsMs}`);
  for (const f of rec.fills) eq(new Money(f.notional), new Money(f.quantity).mul(f.price), `notional of ${f.positionId}`);
  for (const t of rec.trades) eq(new Money(t.netPnl), new Money(t.grossPnl).sub(t.fees).sub(t.funding), `net of ${t.positionId}`);
  eq(dsum(rec.fills.map((f) => f.fee)), dsum(rec.cycles.map((c) => c.fees)), 'Σ fill fees = Σ cycle fees');
  eq(dsum(rec.fills.map((f) => f.slippageCost)), dsum(rec.cycles.map((c) => c.slippage)), 'Σ fill slippage = Σ cycle slippage');
  eq(dsum(rec.fills.map((f) => f.notional)), dsum(rec.cycles.map((c) => c.tradedNotional)), 'Σ fill notional = Σ traded notional');
  const last = rec.cycles[rec.cycles.length - 1]!;
  expect(last.positions).toBe(0);
  // Every position is closed by the end: the books are the round trips.
  eq(dsum(rec.trades.map((t) => t.fees)), dsum(rec.fills.map((f) => f.fee)), 'Σ trade fees = Σ fill fees');
  eq(dsum(rec.trades.map((t) => t.funding)), dsum(rec.cycles.map((c) => c.funding)), 'Σ trade funding = Σ cycle funding');
  eq(new Money(last.equity), new Money(initial).add(dsum(rec.trades.map((t) => t.netPnl))), 'final equity = initial + Σ net PnL');
}

describe('the records add up exactly', () => {
  it('on random histories: equity, fees, slippage, funding and net PnL agree across fills, trades and cycles', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, fc.boolean(), async (h, auction) => {
        expectRecordsAddUp(await record(propertySetup(h, auction)), 100_000);
      }),
      { numRuns },
    );
  });

  it('on a long history with float stop levels, jitter, volume slippage and flat funding', async () => {
    const next = rng(3);
    const symbols = ['A', 'B', 'C', 'D', 'E', 'F'];
    const last = new Map(symbols.map((s) => [s, 10_000]));
    const bars: Bar[] = [];
    const signals: SignalRow[] = [];
    for (let d = 0; d < 800; d++) {
      for (const s of symbols) {
        const prev = last.get(s)!;
        const open = Math.max(100, Math.round(prev * (1 + (next() - 0.5) * 0.02)));
        const close = Math.max(100, Math.round(open * (1 + (next() - 0.5) * 0.06)));
        const high = Math.max(open, close) + Math.round(next() * prev * 0.01);
        const low = Math.max(50, Math.min(open, close) - Math.round(next() * prev * 0.01));
        last.set(s, close);
        bars.push(bar(s, d, open / 100, high / 100, low / 100, close / 100, 1000 + Math.floor(next() * 50_000)));
        if (next() < 0.2) {
          const tp = next() < 0.3 ? { takeProfitR: 1.7 } : {};
          signals.push(signal(s, d, next() < 0.5 ? 'long' : 'short', Math.floor(next() * 100), 1.3 + Math.floor(next() * 10) / 3, tp));
        }
      }
    }
    const { rec } = await run({
      bars,
      signals,
      sim: { slippageModel: 'volume_share', slippageJitterBps: 1.5, fundingBpsPer8h: 1.1, feeBps: 3.3, initialEquity: 123_456.78 },
      allocator: { limits: { maxPositions: 4 }, swapThreshold: 5 },
      seed: 5,
    });
    expect(rec.trades.length).toBeGreaterThan(100);
    expectRecordsAddUp(rec, 123_456.78);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// No look-ahead: cutting the history after bar time T changes nothing recorded before T.

interface History {
  readonly bars: Bar[];
  readonly signals: SignalRow[];
  readonly funding: FundingRow[];
}

const SYMBOLS = ['AAA', 'BBB', 'CCC'];

/** One day of one symbol: whether it trades, the gap to its open and its move to the close (in bp), wicks in cents. */
const barArb = fc.record({
  present: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
  gap: fc.integer({ min: -300, max: 300 }),
  move: fc.integer({ min: -400, max: 400 }),
  up: fc.integer({ min: 0, max: 300 }),
  down: fc.integer({ min: 0, max: 300 }),
  volume: fc.integer({ min: 0, max: 100_000 }),
});

const historyArb: fc.Arbitrary<History> = fc
  .record({ symbols: fc.integer({ min: 1, max: 3 }), days: fc.integer({ min: 3, max: 14 }) })
  .chain(({ symbols, days }) =>
    fc.record({
      grid: fc.array(fc.array(barArb, { minLength: days, maxLength: days }), { minLength: symbols, maxLength: symbols }),
      signals: fc.array(
        fc.record({
          s: fc.nat({ max: symbols - 1 }),
          d: fc.nat({ max: days - 1 }),
          direction: fc.constantFrom<Direction>('long', 'short'),
          score: fc.integer({ min: 0, max: 100 }),
          stop: fc.integer({ min: 2, max: 40 }).map((n) => n / 2),
          tp: fc.option(fc.integer({ min: 1, max: 6 }).map((n) => n / 2), { nil: undefined }),
        }),
        { maxLength: 3 * days },
      ),
      funding: fc.array(
        fc.record({ s: fc.nat({ max: symbols - 1 }), q: fc.nat({ max: 4 * days - 1 }), rate: fc.integer({ min: -50, max: 50 }).map((n) => n / 10_000) }),
        { maxLength: 2 * days },
      ),
    }),
  )
  .map(({ grid, signals, funding }) => {
    const bars: Bar[] = [];
    grid.forEach((row, s) => {
      // A random walk in whole cents from 100.00.
      let last = 10_000;
      row.forEach((b, d) => {
        // Day 0 always trades, so every symbol with a signal has prices.
        if (!b.present && d > 0) return;
        const open = Math.max(100, Math.round((last * (10_000 + b.gap)) / 10_000));
        const close = Math.max(100, Math.round((open * (10_000 + b.move)) / 10_000));
        const high = Math.max(open, close) + b.up;
        const low = Math.max(50, Math.min(open, close) - b.down);
        last = close;
        bars.push(bar(SYMBOLS[s]!, d, open / 100, high / 100, low / 100, close / 100, b.volume));
      });
    });
    const seen = new Set<string>();
    const sigs = signals.map((g) => signal(SYMBOLS[g.s]!, g.d, g.direction, g.score, g.stop, g.tp === undefined ? {} : { takeProfitR: g.tp }));
    // Funding (ts, symbol) is unique, at quarter days.
    const rows: FundingRow[] = [];
    for (const f of funding) {
      const key = `${f.s}:${f.q}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push({ tsMs: day(f.q / 4), symbol: SYMBOLS[f.s]!, rate: f.rate });
    }
    return { bars, signals: sigs, funding: rows };
  });

const propertySetup = (h: History, auctionModeEnabled: boolean): Setup => ({
  bars: h.bars,
  signals: h.signals,
  funding: h.funding,
  // Trend bonus and correlation penalty on, so the tape's windows feed the auction.
  allocator: { limits: { maxPositions: 2 }, swapThreshold: 5, trendBonusPerR: 2, correlationPenalty: 5 },
  auctionModeEnabled,
  sim: { slippageBps: 2, slippageJitterBps: 3, riskPerTradePct: 1, takeProfitR: null, trendWindowBars: 3, correlationWindowBars: 4 },
  seed: 99,
});

async function record(setup: Setup): Promise<Recorder> {
  const rec = new Recorder();
  await replay(inputOf(setup), rec);
  return rec;
}

/** As `record`, with the signals passed exactly in the given order (inputOf sorts them). */
async function recordRaw(setup: Setup, signals: SignalRow[]): Promise<Recorder> {
  const rec = new Recorder();
  await replay({ ...inputOf(setup), signals }, rec);
  return rec;
}

const notEnd = (reason: string): boolean => reason !== 'end_of_data';

describe('no look-ahead', () => {
  it('cutting bars, signals and funding after bar time T leaves every record before T unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, fc.nat(), fc.boolean(), async (h, pick, auction) => {
        const times = slicesOf(h.bars).map((s) => s.tsMs);
        const cutTs = times[pick % times.length]!;
        const full = await record(propertySetup(h, auction));
        const cut = await record(
          propertySetup(
            {
              bars: h.bars.filter((b) => b.tsMs <= cutTs),
              signals: h.signals.filter((s) => s.tsMs <= cutTs),
              funding: h.funding.filter((f) => f.tsMs <= cutTs),
            },
            auction,
          ),
        );
        // Fills and trades up to T, save the cut's own end-of-data closes, are the same in the same order.
        expect(cut.fills.filter((f) => notEnd(f.reason))).toEqual(full.fills.filter((f) => f.fillTsMs <= cutTs && notEnd(f.reason)));
        expect(cut.trades.filter((t) => notEnd(t.exitReason))).toEqual(full.trades.filter((t) => t.exitTsMs <= cutTs && notEnd(t.exitReason)));
        // Cycle records before T; the cycle at T also books the cut's end of data.
        expect(cut.cycles.filter((c) => c.tsMs < cutTs)).toEqual(full.cycles.filter((c) => c.tsMs < cutTs));
        // Decisions up to and including T are made before anything after T could be known.
        expect(cut.decisionBatches).toEqual(full.decisionBatches.filter((b) => b.tsMs <= cutTs));
        expect(cut.unfilledOrders.filter((u) => u.cycleTsMs < cutTs)).toEqual(full.unfilledOrders.filter((u) => u.cycleTsMs < cutTs));
      }),
      { numRuns },
    );
  });

  it('the random histories do trade (the property above is not vacuous)', async () => {
    const samples = fc.sample(historyArb, { numRuns: 40, seed: 5 });
    let fills = 0;
    let stops = 0;
    let swaps = 0;
    for (const h of samples) {
      const rec = await record(propertySetup(h, true));
      fills += rec.fills.length;
      stops += rec.fills.filter((f) => f.action === 'stop' || f.action === 'take_profit').length;
      swaps += rec.fills.filter((f) => f.reason === 'swap_out').length;
    }
    expect(fills).toBeGreaterThan(40);
    expect(stops).toBeGreaterThan(0);
    expect(swaps).toBeGreaterThan(0);
  });
});

describe('a sink that asks for a yield', () => {
  it('awaits the promise whenReady gives before the next bar, and records the same run', async () => {
    const setup: Setup = {
      bars: [...flat('AAA', [0, 1, 2, 3], 100), ...flat('BBB', [0, 1, 2, 3], 50)],
      signals: [signal('AAA', 0, 'long', 80), signal('BBB', 1, 'short', 70)],
    };
    const plain = await run(setup);
    const log: string[] = [];
    class YieldingRecorder extends Recorder {
      override cycle(c: Parameters<Recorder['cycle']>[0]): void {
        log.push(`cycle ${c.tsMs}`);
        super.cycle(c);
      }
      whenReady(): Promise<void> {
        log.push('asked');
        // A macrotask: the replay goes on only after it, as after a compression callback.
        return new Promise((resolve) => setTimeout(() => {
          log.push('resolved');
          resolve();
        }, 0));
      }
    }
    const rec = new YieldingRecorder();
    const result = await replay(inputOf(setup), rec);
    expect(result).toEqual(plain.result);
    expect(rec.fills).toEqual(plain.rec.fills);
    expect(rec.cycles).toEqual(plain.rec.cycles);
    // One ask per bar, each resolved before anything else is recorded.
    expect(log.filter((l) => l === 'asked')).toHaveLength(4);
    log.forEach((entry, i) => {
      if (entry === 'asked') expect(log[i + 1]).toBe('resolved');
    });
  });
});
