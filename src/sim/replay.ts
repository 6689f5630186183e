// The replay loop (simulator.md §2): decide at each bar's close, fill at the next bar's open, book every cost.

import type { Decimal } from 'decimal.js';
import { AuctionAllocator } from '../allocator/allocator.js';
import type { AllocationPlan, AllocatorSettings, Decision } from '../allocator/types.js';
import { openMetadataContext, openMetadataOf, portfolioStateOf, sizeSignal, type SizedSignal } from './allocatorInputs.js';
import { baselinePlan } from './baselinePolicy.js';
import { Broker, type CloseOrder, type FillOutcome, type OpenOrder } from './broker.js';
import { flatFundingPayment, fundingPayment, SlippageJitter } from './costs.js';
import { Ledger, type MarkedBook } from './ledger.js';
import { Money, moneyText, ZERO } from './money.js';
import { simSettingsRecord, type SimSettings } from './settings.js';
import { Tape } from './tape.js';
import type { BarSlice, CycleRecord, Fill, FundingRow, ReplayResult, SignalRow, TradeRecord, UnfilledOrder } from './types.js';

/** Where a replay sends what it records, as it goes: the simulator itself writes nothing. */
export interface ReplaySink {
  fill(fill: Fill): void;
  trade(trade: TradeRecord): void;
  cycle(cycle: CycleRecord): void;
  decisions(tsMs: number, decisions: readonly Decision[]): void;
  unfilled(order: UnfilledOrder): void;
  /**
   * Optional backpressure: a promise the replay awaits before its next bar (null to go straight on). A sink that
   * finishes work in callbacks (compression on a thread pool) needs the replay to yield now and then.
   */
  whenReady?(): Promise<void> | null;
}

export interface ReplayInput {
  /** Bar slices in ascending time. */
  readonly prices: AsyncIterable<BarSlice> | Iterable<BarSlice>;
  /** Signals in ascending time. */
  readonly signals: readonly SignalRow[];
  /** Funding settlements in ascending time. */
  readonly funding: readonly FundingRow[];
  /** The mark price at a settlement, when a marks file was given; otherwise the latest close is used. */
  readonly markAt?: (symbol: string, tsMs: number) => number | undefined;
  readonly allocator: AllocatorSettings;
  readonly auctionModeEnabled: boolean;
  readonly sim: SimSettings;
  readonly seed: number;
  /** Trade only from this time on; earlier bars only warm up the tape (walk-forward folds). */
  readonly windowStartMs?: number;
  /** Stop before this time (exclusive). */
  readonly windowEndMs?: number;
}

/** Counters of one cycle, reset when its record is written. */
interface CycleCounters {
  opens: number;
  closes: number;
  swaps: number;
  hysteresisBlocked: number;
  tradedNotional: Decimal;
  fees: Decimal;
  slippage: Decimal;
  funding: Decimal;
}

function freshCounters(): CycleCounters {
  return { opens: 0, closes: 0, swaps: 0, hysteresisBlocked: 0, tradedNotional: ZERO, fees: ZERO, slippage: ZERO, funding: ZERO };
}

/** The text of the last few amounts written, by identity: Decimals are immutable, so the same one has the same text. */
class MoneyTexts {
  private readonly amounts: (Decimal | null)[] = [null, null, null, null];
  private readonly texts = ['', '', '', ''];
  private next = 0;

  of(amount: Decimal): string {
    const amounts = this.amounts;
    for (let i = 0; i < amounts.length; i++) if (amounts[i] === amount) return this.texts[i]!;
    const text = moneyText(amount);
    amounts[this.next] = amount;
    this.texts[this.next] = text;
    this.next = (this.next + 1) % amounts.length;
    return text;
  }
}

export class Replay {
  private readonly ledger: Ledger;
  private readonly broker: Broker;
  private readonly tape: Tape;
  private readonly allocator: AuctionAllocator;
  private counters = freshCounters();
  /** Cash, margin and most cycles' costs are the same Decimal as the cycle before: their text is kept. */
  private readonly moneyTexts = new MoneyTexts();
  /** The latest cycle's record, held back so the end of data can still book into the last cycle. */
  private pendingCycle: CycleRecord | null = null;
  private pendingCloses: CloseOrder[] = [];
  private pendingOpens: OpenOrder[] = [];
  private fundingCursor = 0;
  private previousTsMs = Number.NEGATIVE_INFINITY;
  private cycles = 0;
  private firstTsMs = Number.NaN;
  private unfilledCount = 0;
  private signalsUsed = 0;
  private signalsWithoutBar = 0;
  private bankrupt = false;

  private readonly input: ReplayInput;

  constructor(
    input: ReplayInput,
    private readonly sink: ReplaySink,
  ) {
    this.allocator = new AuctionAllocator(input.allocator);
    // Fixed-shape settings (the allocator's resolved ones, and the simulator's record) keep the per-bar code
    // optimised across runs: a sweep point's overrides would otherwise give each run new object shapes.
    this.input = { ...input, allocator: this.allocator.settings, sim: simSettingsRecord(input.sim) };
    input = this.input;
    this.ledger = new Ledger(new Money(input.sim.initialEquity));
    this.broker = new Broker(this.ledger, input.sim, new SlippageJitter(input.seed, input.sim.slippageJitterBps));
    this.tape = new Tape(input.signals, Math.max(input.sim.trendWindowBars, input.sim.correlationWindowBars));
  }

  /** Runs the whole history; the sink has every record when the promise resolves. */
  async run(): Promise<ReplayResult> {
    let index = 0;
    const startMs = this.input.windowStartMs ?? Number.NEGATIVE_INFINITY;
    const endMs = this.input.windowEndMs ?? Number.POSITIVE_INFINITY;
    for await (const slice of this.input.prices) {
      if (slice.tsMs >= endMs) break;
      if (slice.tsMs < startMs) {
        this.warmUp(slice);
        continue;
      }
      this.step(slice, index % this.input.sim.cycleBars === 0);
      index += 1;
      if (this.bankrupt) break;
      const ready = this.sink.whenReady?.();
      if (ready) await ready;
    }
    if (!this.bankrupt) this.closeAtEnd();
    this.flushCycle();
    return this.result();
  }

  /** A bar before the window: it feeds the trend and correlation windows, and its signals pass unused. */
  private warmUp(slice: BarSlice): void {
    this.tape.advance(slice);
    this.tape.takeSignals();
    this.fundingCursor = advancePast(this.input.funding, this.fundingCursor, slice.tsMs);
    this.previousTsMs = slice.tsMs;
  }

  private step(slice: BarSlice, decides: boolean): void {
    this.flushCycle();
    this.tape.advance(slice);
    if (this.cycles === 0) this.firstTsMs = slice.tsMs;
    this.cycles += 1;
    this.executePending();
    this.chargeFunding(slice.tsMs);
    this.protectiveExits(slice.tsMs);
    this.ledger.markAll((symbol) => this.tape.lastClose(symbol));
    this.ledger.checkIdentity(slice.tsMs);
    const book = this.ledger.markToMarket();
    if (!book.equityPositive) {
      this.bankrupt = true;
      this.closeAll(slice.tsMs, 'bankrupt');
      this.recordCycle(slice.tsMs);
      return;
    }
    if (decides) this.decide(slice.tsMs, book.equityNumber);
    else this.skipSignals();
    this.recordCycle(slice.tsMs, book);
    this.previousTsMs = slice.tsMs;
  }

  /** Step 6 of the cycle before: closes first, then opens, each at its symbol's open in this slice. */
  private executePending(): void {
    for (const order of this.pendingCloses) {
      const bar = this.tape.barNow(order.symbol);
      if (bar === undefined || this.ledger.position(order.positionId) === undefined) {
        this.recordUnfilled(order.cycleTsMs, order.positionId, order.symbol, 'close', order.reason);
        continue;
      }
      this.book(this.broker.close(order.cycleTsMs, order.positionId, bar, bar.open, 'close', order.reason));
      this.counters.closes += 1;
    }
    for (const order of this.pendingOpens) {
      const bar = this.tape.barNow(order.symbol);
      const outcome = bar === undefined ? null : this.broker.open(order, bar);
      if (outcome === null) {
        this.recordUnfilled(order.cycleTsMs, order.positionId, order.symbol, 'open', order.reason);
        continue;
      }
      this.book(outcome);
      this.counters.opens += 1;
    }
    this.pendingCloses = [];
    this.pendingOpens = [];
  }

  private recordUnfilled(cycleTsMs: number, positionId: string, symbol: string, action: 'open' | 'close', reason: string): void {
    this.unfilledCount += 1;
    this.sink.unfilled({ cycleTsMs, positionId, symbol, action, reason });
  }

  private book(outcome: FillOutcome): void {
    this.counters.tradedNotional = this.counters.tradedNotional.add(outcome.notional);
    this.counters.fees = this.counters.fees.add(outcome.fee);
    this.counters.slippage = this.counters.slippage.add(outcome.slippageCost);
    this.sink.fill(outcome.fill);
    if (outcome.trade !== undefined) this.sink.trade(outcome.trade);
  }

  /** Step 1: funding settlements in (previous cycle, now] on every held position of their symbol. */
  private chargeFunding(tsMs: number): void {
    const rows = this.input.funding;
    const positions = this.ledger.positions();
    while (this.fundingCursor < rows.length && rows[this.fundingCursor]!.tsMs <= tsMs) {
      const row = rows[this.fundingCursor]!;
      this.fundingCursor += 1;
      if (row.tsMs <= this.previousTsMs) continue;
      for (const p of positions) {
        if (p.symbol !== row.symbol) continue;
        const mark = this.input.markAt?.(row.symbol, row.tsMs) ?? this.tape.lastClose(row.symbol) ?? p.markPrice;
        this.payFunding(p.id, fundingPayment(p.quantity, mark, row.rate, p.sign));
      }
    }
    const flatBps = this.input.sim.fundingBpsPer8h;
    if (flatBps !== null && rows.length === 0 && Number.isFinite(this.previousTsMs)) {
      const elapsedMs = tsMs - this.previousTsMs;
      for (const p of positions) {
        const mark = this.tape.lastClose(p.symbol) ?? p.markPrice;
        this.payFunding(p.id, flatFundingPayment(p.quantity, mark, flatBps, elapsedMs, p.sign));
      }
    }
  }

  private payFunding(positionId: string, amount: Decimal): void {
    if (amount.isZero()) return;
    this.ledger.chargeFunding(positionId, amount);
    this.counters.funding = this.counters.funding.add(amount);
  }

  /** Step 2: stops and take profits on the bar that ends now. */
  private protectiveExits(tsMs: number): void {
    for (const p of this.ledger.positions().slice()) {
      const bar = this.tape.barNow(p.symbol);
      if (bar === undefined) continue;
      const exit = this.broker.protectiveExit(p, bar);
      if (exit !== null) this.book(this.broker.close(tsMs, p.id, bar, exit.reference, exit.action, exit.action));
    }
  }

  /** Steps 4–5: the auction (or the baseline) on the book and the signals stamped now; orders wait for the next open. */
  private decide(tsMs: number, equity: number): void {
    const { now, skipped } = this.tape.takeSignals();
    this.signalsWithoutBar += skipped;
    this.signalsUsed += now.length;
    const { allocator: settings, sim } = this.input;
    const positions = this.ledger.positions();
    const context = openMetadataContext(tsMs, equity);
    const open = positions.map((p) => openMetadataOf(p, context, this.tape, settings, sim));
    const sized = new Map<string, SizedSignal>();
    for (const signal of now) {
      const s = sizeSignal(signal, equity, sim);
      // Two signals with one candidate id (the CSV reader refuses them; a library caller may not): keep the
      // stronger one by a rule that does not depend on their order.
      const held = sized.get(s.candidate.id);
      if (held === undefined || strongerSignal(s.signal, held.signal)) sized.set(s.candidate.id, s);
    }
    const candidates = [...sized.values()].map((s) => s.candidate);
    const state = portfolioStateOf(equity, this.ledger.marginUsedNumber, tsMs, this.tape, settings, sim);
    const plan: AllocationPlan = this.input.auctionModeEnabled
      ? this.allocator.allocate(open, candidates, state)
      : baselinePlan(open, candidates, state, settings);
    this.sink.decisions(tsMs, plan.decisions);
    this.counters.swaps += plan.reasons.swap_in;
    this.counters.hysteresisBlocked += plan.reasons.hysteresis_blocked;
    if (plan.closes.length === 0 && plan.opens.length === 0) return;
    const reasonOf = new Map(plan.decisions.map((d) => [d.id, d.reason]));
    for (const id of plan.closes) {
      const p = this.ledger.position(id)!;
      this.pendingCloses.push({ cycleTsMs: tsMs, positionId: id, symbol: p.symbol, reason: reasonOf.get(id) ?? 'close' });
    }
    for (const candidate of plan.opens) {
      const s = sized.get(candidate.id)!;
      this.pendingOpens.push({
        cycleTsMs: tsMs,
        positionId: candidate.id,
        symbol: s.signal.symbol,
        direction: s.signal.direction,
        notional: s.notional,
        entryScore: s.signal.score,
        cluster: candidate.cluster,
        stopDistancePct: s.signal.stopDistancePct,
        takeProfitR: s.signal.takeProfitR ?? sim.takeProfitR,
        reason: reasonOf.get(candidate.id) ?? 'winner',
      });
    }
  }

  /** Cycles that do not decide still consume their signals, so none is carried to a later bar. */
  private skipSignals(): void {
    const { now, skipped } = this.tape.takeSignals();
    this.signalsWithoutBar += skipped + now.length;
  }

  /** Closes every position at its symbol's last close: on the bar that ends now, or its own latest bar. */
  private closeAll(tsMs: number, reason: string): void {
    for (const p of this.ledger.positions().slice()) {
      // A symbol without a bar now still has its real last bar (volume, range) for the slippage models.
      const bar = this.tape.barNow(p.symbol) ?? this.tape.lastBar(p.symbol)!;
      this.book(this.broker.close(tsMs, p.id, bar, bar.close, 'end_of_data', reason));
    }
  }

  /** At the end of the data: orders still pending are unfilled, and every position closes at its last close. */
  private closeAtEnd(): void {
    if (this.cycles === 0) return;
    const tsMs = this.tape.tsMs;
    for (const order of this.pendingCloses) this.recordUnfilled(order.cycleTsMs, order.positionId, order.symbol, 'close', order.reason);
    for (const order of this.pendingOpens) this.recordUnfilled(order.cycleTsMs, order.positionId, order.symbol, 'open', order.reason);
    this.pendingCloses = [];
    this.pendingOpens = [];
    this.closeAll(tsMs, 'end_of_data');
    this.ledger.checkIdentity(tsMs);
    this.recordCycle(tsMs);
  }

  private flushCycle(): void {
    if (this.pendingCycle === null) return;
    this.sink.cycle(this.pendingCycle);
    this.pendingCycle = null;
    this.counters = freshCounters();
  }

  /** Builds (or rebuilds, after end-of-data closes) the current cycle's record; it is emitted by flushCycle. */
  private recordCycle(tsMs: number, book: MarkedBook = this.ledger.markToMarket()): void {
    const c = this.counters;
    const text = this.moneyTexts;
    this.pendingCycle = {
      tsMs,
      equity: book.equityText,
      cash: text.of(this.ledger.cash),
      unrealised: book.unrealisedText,
      marginUsed: text.of(this.ledger.marginUsed),
      positions: this.ledger.size,
      opens: c.opens,
      closes: c.closes,
      swaps: c.swaps,
      hysteresisBlocked: c.hysteresisBlocked,
      tradedNotional: text.of(c.tradedNotional),
      fees: text.of(c.fees),
      slippage: text.of(c.slippage),
      funding: text.of(c.funding),
    };
  }

  private result(): ReplayResult {
    const lastTsMs = this.tape.tsMs;
    return {
      cycles: this.cycles,
      firstTsMs: this.firstTsMs,
      lastTsMs: Number.isFinite(lastTsMs) ? lastTsMs : Number.NaN,
      bankrupt: this.bankrupt,
      unfilledOrders: this.unfilledCount,
      initialEquity: moneyText(this.ledger.initialEquity),
      finalEquity: moneyText(this.ledger.equity()),
      signalsUsed: this.signalsUsed,
      signalsWithoutBar: this.signalsWithoutBar + this.tape.signalsLeft(),
      symbols: this.tape.symbols(),
    };
  }
}

/** Higher score, then the tighter stop, then the nearer take profit (none counts as farthest). */
function strongerSignal(a: SignalRow, b: SignalRow): boolean {
  if (a.score !== b.score) return a.score > b.score;
  if (a.stopDistancePct !== b.stopDistancePct) return a.stopDistancePct < b.stopDistancePct;
  return (a.takeProfitR ?? Number.POSITIVE_INFINITY) < (b.takeProfitR ?? Number.POSITIVE_INFINITY);
}

/** The index of the first row stamped after `tsMs`, starting the search at `from`. */
function advancePast(rows: readonly FundingRow[], from: number, tsMs: number): number {
  let i = from;
  while (i < rows.length && rows[i]!.tsMs <= tsMs) i += 1;
  return i;
}

/** Replays a history through the allocator (or the baseline), sending every record to `sink`. */
export async function replay(input: ReplayInput, sink: ReplaySink): Promise<ReplayResult> {
  return new Replay(input, sink).run();
}
