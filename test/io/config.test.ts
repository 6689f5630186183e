// config.yaml's `risk:` section → AllocatorSettings: the key table, defaults, and every problem reported at once.

import { describe, expect, it } from 'vitest';
import { DEFAULT_ALLOCATOR_SETTINGS } from '../../src/allocator/settings.js';
import { ALLOCATOR_KEYS, loadAllocatorSettings, loadRiskConfig } from '../../src/io/allocatorConfig.js';
import { InputError } from '../../src/io/inputError.js';

/** The formatted lines of the InputError `fn` throws. */
function errorLines(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).message.split('\n');
  }
  throw new Error('expected an InputError');
}

describe('loadAllocatorSettings', () => {
  it('gives the defaults when risk: is absent or empty', () => {
    expect(loadAllocatorSettings('exchange: { name: x }\n', 'config.yaml')).toEqual(DEFAULT_ALLOCATOR_SETTINGS);
    expect(loadAllocatorSettings('risk:\n', 'config.yaml')).toEqual(DEFAULT_ALLOCATOR_SETTINGS);
  });

  it('maps every key of the table to its setting', () => {
    const text = `
bot:
  name: live-1       # other sections are not ours
  unknown_here: yes
risk:
  auction_mode_enabled: true
  auction_max_positions: 20
  auction_max_margin_util: 0.75
  auction_max_per_cluster: 4
  auction_max_per_symbol: 2
  auction_max_net_long: 5000
  auction_max_net_short: 2500.5
  auction_swap_threshold: 7.5
  auction_min_hold_minutes: 30
  auction_max_trades_per_cycle: 6
  auction_entry_cost: 1.5
  auction_exit_cost: 2.5
  auction_max_new_opens_per_cycle: 3
  auction_max_closes_per_cycle: 4
  auction_min_value: -3
  auction_pnl_bonus_per_r: 6
  auction_trend_bonus_per_r: 1
  auction_trend_cap_r: 2
  auction_time_decay_per_hour: 0.25
  auction_time_decay_grace_hours: 12
  auction_direction_concentration_penalty: 8
  auction_cluster_concentration_penalty: 3
  auction_correlation_penalty: 4
  auction_symbol_aliases: { XBTUSD: BTCUSD, "1000PEPE": PEPE }
logging: { level: debug }
`;
    expect(loadAllocatorSettings(text, 'config.yaml')).toEqual({
      limits: {
        maxPositions: 20,
        maxMarginUtil: 0.75,
        maxPerCluster: 4,
        maxPerSymbol: 2,
        maxNetLong: 5000,
        maxNetShort: 2500.5,
      },
      swapThreshold: 7.5,
      minHoldMinutes: 30,
      maxTradesPerCycle: 6,
      maxNewOpensPerCycle: 3,
      maxClosesPerCycle: 4,
      entryCost: 1.5,
      exitCost: 2.5,
      minValue: -3,
      pnlBonusPerR: 6,
      trendBonusPerR: 1,
      trendCapR: 2,
      timeDecayPerHour: 0.25,
      timeDecayGraceHours: 12,
      directionConcentrationPenalty: 8,
      clusterConcentrationPenalty: 3,
      correlationPenalty: 4,
      symbolAliases: { XBTUSD: 'BTCUSD', '1000PEPE': 'PEPE' },
    });
  });

  it('keeps an explicit 0 as 0', () => {
    const text = [
      'risk:',
      '  auction_entry_cost: 0',
      '  auction_exit_cost: 0',
      '  auction_swap_threshold: 0',
      '  auction_min_hold_minutes: 0',
      '  auction_max_trades_per_cycle: 0',
      '  auction_pnl_bonus_per_r: 0',
      '  auction_direction_concentration_penalty: 0',
      '  auction_max_net_long: 0',
      '',
    ].join('\n');
    const s = loadAllocatorSettings(text, 'config.yaml');
    expect(s.entryCost).toBe(0);
    expect(s.exitCost).toBe(0);
    expect(s.swapThreshold).toBe(0);
    expect(s.minHoldMinutes).toBe(0);
    expect(s.maxTradesPerCycle).toBe(0);
    expect(s.pnlBonusPerR).toBe(0);
    expect(s.directionConcentrationPenalty).toBe(0);
    expect(s.limits.maxNetLong).toBe(0);
  });

  it('reads a null net cap as no cap', () => {
    const s = loadAllocatorSettings('risk:\n  auction_max_net_long: null\n  auction_max_net_short: ~\n', 'config.yaml');
    expect(s.limits).toEqual(DEFAULT_ALLOCATOR_SETTINGS.limits);
    expect('maxNetLong' in s.limits).toBe(false);
  });

  it('reports every problem at once, each at its node with its key', () => {
    const text = [
      'bot: { name: x }', // 1
      'risk:', // 2
      '  auction_max_positions: 0', // 3
      '  auction_max_margin_util: 1.5', // 4
      '  auction_swap_threshold: ten', // 5
      '  auction_swap_treshold: 3', // 6
      '  max_leverage: 3', // 7
      '  auction_max_trades_per_cycle: 2.5', // 8
      '  auction_max_net_short: -1', // 9
      '  auction_symbol_aliases: { XBTUSD: "" }', // 10
      '  auction_mode_enabled: yes', // 11
      '  auction_entry_cost: .inf', // 12
      '',
    ].join('\n');
    expect(errorLines(() => loadAllocatorSettings(text, 'config.yaml'))).toEqual([
      'config.yaml:3:26: auction_max_positions: expected an integer ≥ 1, was 0',
      'config.yaml:4:28: auction_max_margin_util: expected a number in (0, 1], was 1.5',
      'config.yaml:5:27: auction_swap_threshold: expected a number ≥ 0, was "ten"',
      'config.yaml:6:3: auction_swap_treshold: unknown key (did you mean auction_swap_threshold?)',
      'config.yaml:7:3: max_leverage: unknown key',
      'config.yaml:8:33: auction_max_trades_per_cycle: expected an integer ≥ 0, was 2.5',
      'config.yaml:9:26: auction_max_net_short: expected a number ≥ 0 or null, was -1',
      'config.yaml:10:37: auction_symbol_aliases.XBTUSD: expected a map of symbol: symbol (non-empty strings), was ""',
      // YAML 1.2: `yes` is a string, not a boolean.
      'config.yaml:11:25: auction_mode_enabled: expected true or false, was "yes"',
      'config.yaml:12:23: auction_entry_cost: expected a number ≥ 0, was Infinity',
    ]);
  });

  it('reports an empty alias key at the key', () => {
    expect(errorLines(() => loadAllocatorSettings('risk:\n  auction_symbol_aliases:\n    "": BTCUSD\n', 'c.yaml'))).toEqual([
      'c.yaml:3:5: auction_symbol_aliases[""]: expected a map of symbol: symbol (non-empty strings), key was ""',
    ]);
  });

  it('reports a YAML syntax error at its line', () => {
    const lines = errorLines(() => loadAllocatorSettings('risk:\n  auction_max_positions: 5\n  a: [1,\n', 'config.yaml'));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatch(/^config\.yaml:\d+:\d+: /);
  });

  it('rejects a risk: that is not a map, and a file that is not a map', () => {
    expect(errorLines(() => loadAllocatorSettings('risk: 5\n', 'c.yaml'))).toEqual(['c.yaml:1:7: expected a map, was 5']);
    expect(errorLines(() => loadAllocatorSettings('- a\n', 'c.yaml'))).toEqual([
      'c.yaml:1:1: expected a map of sections (risk: ...), was a list',
    ]);
  });
});

describe('loadRiskConfig', () => {
  it('returns auction_mode_enabled apart from the allocator settings', () => {
    const r = loadRiskConfig('risk:\n  auction_mode_enabled: false\n  auction_swap_threshold: 4\n', 'config.yaml');
    expect(r.auctionModeEnabled).toBe(false);
    expect(r.allocator.swapThreshold).toBe(4);
    expect('auctionModeEnabled' in r.allocator).toBe(false);
    expect(loadRiskConfig('risk: {}\n', 'config.yaml').auctionModeEnabled).toBe(true);
  });
});

describe('ALLOCATOR_KEYS', () => {
  it('names each setting once, with auction_ stripped and camelCased', () => {
    const settings = Object.values(ALLOCATOR_KEYS).map((k) => k.setting);
    expect(new Set(settings).size).toBe(settings.length);
    for (const [key, spec] of Object.entries(ALLOCATOR_KEYS)) {
      const camel = key.replace(/^auction_/, '').replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      expect(spec.setting.replace(/^limits\./, '')).toBe(camel);
    }
  });
});
