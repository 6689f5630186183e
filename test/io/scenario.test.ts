// Scenario YAML → checked settings and resolved sources: round trip, overrides, sweeps, and every problem at once.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ALLOCATOR_SETTINGS } from '../../src/allocator/settings.js';
import { InputError } from '../../src/io/inputError.js';
import {
  applyOverrides,
  loadScenario,
  overrideOf,
  parseScenarioText,
  scenarioFromRaw,
  settingKeySpec,
} from '../../src/io/scenario.js';
import { DEFAULT_SIM_SETTINGS } from '../../src/sim/settings.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'scenario-test-'));
  mkdirSync(path.join(dir, 'data', 'bars'), { recursive: true });
  mkdirSync(path.join(dir, 'data', 'empty'));
  writeFileSync(path.join(dir, 'data', 'bars', 'BTCUSD.csv'), 'ts,open,high,low,close,volume\n');
  mkdirSync(path.join(dir, 'scenarios'));
  for (const f of ['prices.csv', 'signals.csv', 'funding.csv', 'marks.csv.gz']) {
    writeFileSync(path.join(dir, 'data', f), 'ts,symbol\n');
  }
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function errorLines(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).message.split('\n');
  }
  throw new Error('expected an InputError');
}

const MINIMAL = 'data:\n  prices: data/prices.csv\n  signals: data/signals.csv\n';

describe('parseScenarioText', () => {
  it('reads a full scenario into settings, sources and sweep', () => {
    const text = `
name: churn-study
seed: 42
risk:
  auction_mode_enabled: true
  auction_swap_threshold: 5
  auction_max_positions: 10
  auction_max_net_long: null
sim:
  initial_equity: 50000
  fee_bps: 3.5
  slippage_model: volume_share
  funding_bps_per_8h: -0.5
  take_profit_r: 3
  compare_baseline: true
  write_decisions: false
data:
  prices:
    path: data/bars
    columns: { ts: timestamp, close: last }
    utc_offset: "+03:00"
    adjust: adjusted_close
    symbol_pattern: "^(.+)\\\\.csv$"
    ts_label: open
    bar_minutes: 60
    round_ts_minutes: 5
  marks: data/marks.csv.gz
  signals: data/signals.csv
  funding: { path: data/funding.csv }
sweep:
  grid:
    risk.auction_swap_threshold: [0, 5, 10]
    sim.fee_bps: [2, 5]
    sim.slippage_model: [fixed, range]
    risk.auction_mode_enabled: [true, false]
  walk_forward_folds: 4
  rank_by: sharpe
`;
    const s = parseScenarioText(text, 'study.yaml', dir);
    expect(s.name).toBe('churn-study');
    expect(s.seed).toBe(42);
    expect(s.auctionModeEnabled).toBe(true);
    expect(s.allocator).toEqual({
      ...DEFAULT_ALLOCATOR_SETTINGS,
      swapThreshold: 5,
      limits: { ...DEFAULT_ALLOCATOR_SETTINGS.limits, maxPositions: 10 },
    });
    expect(s.sim).toEqual({
      ...DEFAULT_SIM_SETTINGS,
      initialEquity: 50000,
      feeBps: 3.5,
      slippageModel: 'volume_share',
      fundingBpsPer8h: -0.5,
      takeProfitR: 3,
      compareBaseline: true,
      writeDecisions: false,
    });
    expect(s.data).toEqual({
      prices: {
        path: path.join(dir, 'data', 'bars'),
        displayPath: 'data/bars',
        columns: { ts: 'timestamp', close: 'last' },
        utcOffset: '+03:00',
        adjust: 'adjusted_close',
        symbolPattern: '^(.+)\\.csv$',
        tsLabel: 'open',
        barMinutes: 60,
        roundTsMinutes: 5,
      },
      marks: { path: path.join(dir, 'data', 'marks.csv.gz'), displayPath: 'data/marks.csv.gz' },
      signals: { path: path.join(dir, 'data', 'signals.csv'), displayPath: 'data/signals.csv' },
      funding: { path: path.join(dir, 'data', 'funding.csv'), displayPath: 'data/funding.csv' },
    });
    expect(s.sweep).toEqual({
      grid: [
        { key: 'risk.auction_swap_threshold', values: [0, 5, 10] },
        { key: 'sim.fee_bps', values: [2, 5] },
        { key: 'sim.slippage_model', values: ['fixed', 'range'] },
        { key: 'risk.auction_mode_enabled', values: [true, false] },
      ],
      walkForwardFolds: 4,
      rankBy: 'sharpe',
    });
    expect(s.scenarioPath).toBe(path.join(dir, 'study.yaml'));
    // raw is the plain data with paths as written: no absolute path reaches the manifest.
    expect((s.raw as { data: { marks: string } }).data.marks).toBe('data/marks.csv.gz');
    expect(JSON.stringify(s.raw)).not.toContain(dir);
  });

  it('fills defaults: name from the file, seed 1, default settings, no sweep', () => {
    const s = parseScenarioText(MINIMAL, 'my-run.yaml', dir);
    expect(s.name).toBe('my-run');
    expect(s.seed).toBe(1);
    expect(s.allocator).toEqual(DEFAULT_ALLOCATOR_SETTINGS);
    expect(s.auctionModeEnabled).toBe(true);
    expect(s.sim).toEqual(DEFAULT_SIM_SETTINGS);
    expect(s.sweep).toBeUndefined();
    expect(s.data.marks).toBeUndefined();
  });

  it('keeps an explicit 0 as 0', () => {
    const text = `${MINIMAL}risk:\n  auction_entry_cost: 0\n  auction_swap_threshold: 0\nsim:\n  fee_bps: 0\n  slippage_bps: 0\nseed: 0\n`;
    const s = parseScenarioText(text, 's.yaml', dir);
    expect(s.allocator.entryCost).toBe(0);
    expect(s.allocator.swapThreshold).toBe(0);
    expect(s.sim.feeBps).toBe(0);
    expect(s.sim.slippageBps).toBe(0);
    expect(s.seed).toBe(0);
  });

  it('returns auction_mode_enabled: false apart from the allocator settings', () => {
    const s = parseScenarioText(`${MINIMAL}risk: { auction_mode_enabled: false }\n`, 's.yaml', dir);
    expect(s.auctionModeEnabled).toBe(false);
    expect(s.allocator).toEqual(DEFAULT_ALLOCATOR_SETTINGS);
  });

  it('reports every problem at once, in file order, each at its node', () => {
    const text = [
      'name: ok', // 1
      'seed: 1.5', // 2
      'colour: blue', // 3
      'risk:', // 4
      '  auction_max_margin_util: 1.5', // 5
      '  auction_max_positions: 0', // 6
      '  auction_bogus: 1', // 7
      'sim:', // 8
      '  fee_bps: "3"', // 9
      '  fees_bps: 3', // 10
      '  slippage_model: linear', // 11
      'data:', // 12
      '  prices: data/missing.csv', // 13
      '  signals:', // 14
      '    path: data/signals.csv', // 15
      '    utc_offset: "3h"', // 16
      '    symbol_pattern: "[A-Z]+"', // 17
      '    columns: { ts: time, price: px }', // 18
      '    adjust: adjusted_close', // 19
      '  funding: data/empty', // 20
      '  marks: { path: data/bars, ts_label: open }', // 21
      '',
    ].join('\n');
    expect(errorLines(() => parseScenarioText(text, 'bad.yaml', dir))).toEqual([
      'bad.yaml:2:7: seed: expected an integer ≥ 0, was 1.5',
      'bad.yaml:3:1: colour: unknown key',
      'bad.yaml:5:28: risk.auction_max_margin_util: expected a number in (0, 1], was 1.5',
      'bad.yaml:6:26: risk.auction_max_positions: expected an integer ≥ 1, was 0',
      'bad.yaml:7:3: risk.auction_bogus: unknown key',
      'bad.yaml:9:12: sim.fee_bps: expected a number ≥ 0, was "3"',
      'bad.yaml:10:3: sim.fees_bps: unknown key (did you mean fee_bps?)',
      'bad.yaml:11:19: sim.slippage_model: expected one of fixed, volume_share, range, was "linear"',
      'bad.yaml:13:11: data.prices: no such file or folder: "data/missing.csv"',
      'bad.yaml:16:17: data.signals.utc_offset: expected a UTC offset in quotes, like "+03:00", "-05:30" or "Z", was "3h"',
      'bad.yaml:17:21: data.signals.symbol_pattern: expected a regular expression with a capture group for the symbol, was "[A-Z]+"',
      'bad.yaml:18:26: data.signals.columns.price: unknown key',
      'bad.yaml:19:13: data.signals.adjust: applies to price bars only, not signals',
      'bad.yaml:20:12: data.funding: the folder has no .csv or .csv.gz files: "data/empty"',
      'bad.yaml:21:39: data.marks.ts_label: open needs bar_minutes (the bar length)',
    ]);
  });

  it('reports missing sections and required sources', () => {
    expect(errorLines(() => parseScenarioText('seed: 3\n', 's.yaml', dir))).toEqual([
      's.yaml:1:1: data: is required (data: { prices: ..., signals: ... })',
    ]);
    expect(errorLines(() => parseScenarioText('seed: 3\ndata:\n  marks: data/prices.csv\n', 's.yaml', dir))).toEqual([
      's.yaml:2:1: data.prices: is required',
      's.yaml:2:1: data.signals: is required',
    ]);
    expect(errorLines(() => parseScenarioText('data:\n  prices: { columns: {} }\n  signals: 3\n', 's.yaml', dir))).toEqual([
      's.yaml:2:11: data.prices.path: is required',
      's.yaml:3:12: data.signals: expected a file path or a map with path:, was 3',
    ]);
  });

  it('reports an invalid regular expression and a bad sweep', () => {
    const text = [
      'data:', // 1
      '  prices: { path: data/prices.csv, symbol_pattern: "([A-Z]+" }', // 2
      '  signals: data/signals.csv', // 3
      'sweep:', // 4
      '  grid:', // 5
      '    risk.auction_swap_threshold: [0, -1, 0]', // 6
      '    sim.nope: [1]', // 7
      '    sim.fee_bps: 3', // 8
      '  walk_forward_folds: 1', // 9
      '',
    ].join('\n');
    expect(errorLines(() => parseScenarioText(text, 's.yaml', dir))).toEqual([
      's.yaml:2:52: data.prices.symbol_pattern: expected a regular expression with a capture group for the symbol, was "([A-Z]+"',
      's.yaml:6:38: sweep.grid.risk.auction_swap_threshold[1]: expected a number ≥ 0, was -1',
      's.yaml:6:42: sweep.grid.risk.auction_swap_threshold[2]: repeats the value 0',
      's.yaml:7:5: sweep.grid.sim.nope: not a setting to sweep (expected risk.<key>, sim.<key> or seed)',
      's.yaml:8:18: sweep.grid.sim.fee_bps: expected a non-empty list of values, was 3',
      's.yaml:9:23: sweep.walk_forward_folds: expected an integer ≥ 2, was 1',
    ]);
  });

  it('reports a YAML syntax error with its line', () => {
    expect(errorLines(() => parseScenarioText(`${MINIMAL}  prices: again.csv\n`, 's.yaml', dir))).toEqual([
      's.yaml:4:3: Map keys must be unique',
    ]);
    expect(errorLines(() => parseScenarioText('data:\n  prices: "unterminated\n', 's.yaml', dir))[0]).toMatch(/^s\.yaml:\d+:\d+: Missing closing/);
  });

  it('rejects a name that would leave the reports folder', () => {
    expect(errorLines(() => parseScenarioText(`name: ../x\n${MINIMAL}`, 's.yaml', dir))).toEqual([
      's.yaml:1:7: name: expected a name usable as a folder name (no / or \\), was "../x"',
    ]);
  });
});

describe('loadScenario', () => {
  it('resolves data paths against the scenario file folder, not the cwd', () => {
    const file = path.join(dir, 'scenarios', 'rel.yaml');
    writeFileSync(file, 'data:\n  prices: ../data/prices.csv\n  signals: ../data/signals.csv\n');
    const s = loadScenario(file);
    expect(s.name).toBe('rel');
    expect(s.scenarioPath).toBe(file);
    expect(s.data.prices).toEqual({ path: path.join(dir, 'data', 'prices.csv'), displayPath: '../data/prices.csv' });
    expect(s.data.signals.path).toBe(path.join(dir, 'data', 'signals.csv'));
  });

  it('reports a missing scenario file', () => {
    expect(errorLines(() => loadScenario(path.join(dir, 'nope.yaml')))).toEqual([`${path.join(dir, 'nope.yaml')}: no such file`]);
  });

  it('applies --set overrides, read as YAML and checked like file values', () => {
    const file = path.join(dir, 'scenarios', 'over.yaml');
    writeFileSync(file, 'seed: 3\nrisk:\n  auction_swap_threshold: 10\ndata:\n  prices: ../data/prices.csv\n  signals: ../data/signals.csv\n');
    const s = loadScenario(file, [
      { key: 'risk.auction_swap_threshold', value: '5' },
      { key: 'sim.fee_bps', value: '0' },
      { key: 'seed', value: '7' },
      { key: 'risk.auction_mode_enabled', value: 'false' },
      { key: 'sim.take_profit_r', value: 'null' },
      { key: 'risk.auction_symbol_aliases', value: '{XBTUSD: BTCUSD}' },
    ]);
    expect(s.allocator.swapThreshold).toBe(5);
    expect(s.sim.feeBps).toBe(0);
    expect(s.seed).toBe(7);
    expect(s.auctionModeEnabled).toBe(false);
    expect(s.sim.takeProfitR).toBeNull();
    expect(s.allocator.symbolAliases).toEqual({ XBTUSD: 'BTCUSD' });
    expect((s.raw as { seed: number; sim: { fee_bps: number } }).sim.fee_bps).toBe(0);
    expect((s.raw as { seed: number }).seed).toBe(7);
  });

  it('reports bad overrides as --set, with file problems, all at once', () => {
    const file = path.join(dir, 'scenarios', 'badover.yaml');
    writeFileSync(file, 'seed: x\ndata:\n  prices: ../data/prices.csv\n  signals: ../data/signals.csv\n');
    expect(
      errorLines(() =>
        loadScenario(file, [
          { key: 'risk.auction_swap_threshold', value: 'ten' },
          { key: 'sim.fee_bsp', value: '3' },
          { key: 'seed.x', value: '1' },
          { key: 'risk.', value: '1' },
          { key: 'sim.fee_bps', value: '[1,' },
        ]),
      ),
    ).toEqual([
      `${file}:1:7: seed: expected an integer ≥ 0, was "x"`,
      '--set: seed.x: cannot set inside seed, which is not a map',
      '--set: risk.: expected a dotted key like risk.auction_swap_threshold, sim.fee_bps or seed',
      expect.stringMatching(/^--set: sim\.fee_bps: cannot read "\[1," as a value: /),
      '--set: risk.auction_swap_threshold: expected a number ≥ 0, was "ten"',
      '--set: sim.fee_bsp: unknown key (did you mean fee_bps?)',
    ]);
  });
});

describe('applyOverrides and scenarioFromRaw', () => {
  it('make a sweep point from a scenario raw plus typed values, re-checked', () => {
    const base = parseScenarioText(`${MINIMAL}sim: { fee_bps: 5 }\n`, 'base.yaml', dir);
    const point = [overrideOf('risk.auction_swap_threshold', 20), overrideOf('sim.slippage_model', 'range')];
    const raw = applyOverrides(base.raw, point) as { risk: Record<string, unknown>; sim: Record<string, unknown> };
    expect(raw.risk).toEqual({ auction_swap_threshold: 20 });
    expect(raw.sim).toEqual({ fee_bps: 5, slippage_model: 'range' });
    // The base raw is left as it was.
    expect((base.raw as Record<string, unknown>).risk).toBeUndefined();

    const s = scenarioFromRaw(base.raw, base.scenarioPath, point);
    expect(s.allocator.swapThreshold).toBe(20);
    expect(s.sim.slippageModel).toBe('range');
    expect(s.data.prices.path).toBe(path.join(dir, 'data', 'prices.csv'));
    expect(s.name).toBe('base');

    expect(errorLines(() => scenarioFromRaw(base.raw, base.scenarioPath, [overrideOf('sim.fee_bps', -1)]))).toEqual([
      '--set: sim.fee_bps: expected a number ≥ 0, was -1',
    ]);
  });

  it('settingKeySpec knows risk, sim and seed keys only', () => {
    expect(settingKeySpec('risk.auction_swap_threshold')).toBeDefined();
    expect(settingKeySpec('risk.auction_mode_enabled')).toBeDefined();
    expect(settingKeySpec('sim.fee_bps')).toBeDefined();
    expect(settingKeySpec('seed')).toBeDefined();
    expect(settingKeySpec('sim.nope')).toBeUndefined();
    expect(settingKeySpec('data.prices')).toBeUndefined();
  });
});
