// The simulator's settings (the scenario's `sim:` section), with their defaults.

export type SlippageModel = 'fixed' | 'volume_share' | 'range';

export interface SimSettings {
  readonly initialEquity: number;
  /** Decide every `cycleBars`-th bar time. */
  readonly cycleBars: number;
  /** Risk per trade in % of equity; notional = equity × riskPerTradePct / stopDistancePct. */
  readonly riskPerTradePct: number;
  /** Notional cap in % of equity. */
  readonly maxPositionPct: number;
  /** Margin = notional / leverage (1 for cash equities). */
  readonly leverage: number;
  readonly feeBps: number;
  readonly slippageModel: SlippageModel;
  /** fixed: bps of price against the trade. */
  readonly slippageBps: number;
  /** volume_share: bps per 1 % of the bar's dollar volume the order takes. */
  readonly slippageImpactBps: number;
  /** volume_share: the impact never exceeds this many bps. */
  readonly slippageCapBps: number;
  /** range: share of the bar's high − low paid against the trade. */
  readonly slippageRangeShare: number;
  /** Seeded uniform jitter of ± this many bps added to any model (0: off). */
  readonly slippageJitterBps: number;
  /** Flat funding when no funding file is given; null: none. */
  readonly fundingBpsPer8h: number | null;
  /** Take profit in R when a signal has no take_profit_r; null: none. */
  readonly takeProfitR: number | null;
  /** Bars in the window for trendR (used when the trend bonus is on). */
  readonly trendWindowBars: number;
  /** Bars of returns in the rolling correlation (used when the correlation penalty is on). */
  readonly correlationWindowBars: number;
  /** A symbol reopened within this many cycles of its exit is a re-entry. */
  readonly reentryWindowCycles: number;
  /** Also replay the baseline policy on the same data and report both. */
  readonly compareBaseline: boolean;
  /** Write decisions.jsonl.gz. */
  readonly writeDecisions: boolean;
}

export const DEFAULT_SIM_SETTINGS: SimSettings = {
  initialEquity: 100_000,
  cycleBars: 1,
  riskPerTradePct: 0.5,
  maxPositionPct: 10,
  leverage: 1,
  feeBps: 5,
  slippageModel: 'fixed',
  slippageBps: 2,
  slippageImpactBps: 10,
  slippageCapBps: 50,
  slippageRangeShare: 0.05,
  slippageJitterBps: 0,
  fundingBpsPer8h: null,
  takeProfitR: null,
  trendWindowBars: 20,
  correlationWindowBars: 60,
  reentryWindowCycles: 10,
  compareBaseline: false,
  writeDecisions: true,
};

/** The settings as one fixed-shape record, whatever order or form the caller built them in. */
export function simSettingsRecord(s: SimSettings): SimSettings {
  return {
    initialEquity: s.initialEquity,
    cycleBars: s.cycleBars,
    riskPerTradePct: s.riskPerTradePct,
    maxPositionPct: s.maxPositionPct,
    leverage: s.leverage,
    feeBps: s.feeBps,
    slippageModel: s.slippageModel,
    slippageBps: s.slippageBps,
    slippageImpactBps: s.slippageImpactBps,
    slippageCapBps: s.slippageCapBps,
    slippageRangeShare: s.slippageRangeShare,
    slippageJitterBps: s.slippageJitterBps,
    fundingBpsPer8h: s.fundingBpsPer8h,
    takeProfitR: s.takeProfitR,
    trendWindowBars: s.trendWindowBars,
    correlationWindowBars: s.correlationWindowBars,
    reentryWindowCycles: s.reentryWindowCycles,
    compareBaseline: s.compareBaseline,
    writeDecisions: s.writeDecisions,
  };
}
