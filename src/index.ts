// The package's public face: the allocator API (and, as it lands, the replay API).

export { AuctionAllocator } from './allocator/allocator.js';
export { AllocatorInputError } from './allocator/errors.js';
export { createCandidateSignal, positionToOpenMetadata } from './allocator/inputs.js';
export { DEFAULT_ALLOCATOR_SETTINGS, PortfolioLimits } from './allocator/settings.js';
export { symbolNormalizer } from './allocator/symbols.js';
export { REASON_CODES } from './allocator/types.js';
export { loadAllocatorSettings } from './io/allocatorConfig.js';
export { InputError, type InputIssue } from './io/inputError.js';
export { loadScenario, type Scenario } from './io/scenario.js';
export { replay, type ReplayInput, type ReplaySink } from './sim/replay.js';
export { DEFAULT_SIM_SETTINGS, type SimSettings } from './sim/settings.js';
export type { Bar, BarSlice, CycleRecord, Fill, FundingRow, ReplayResult, SignalRow, TradeRecord } from './sim/types.js';
export type {
  AllocationPlan,
  AllocatorOptions,
  AllocatorSettings,
  CandidateSignal,
  Decision,
  DecisionKind,
  Direction,
  LimitReason,
  OpenPositionMetadata,
  Outcome,
  Position,
  PortfolioState,
  ReasonCode,
  Signal,
  ValueTerms,
} from './allocator/types.js';
