// Reads a run folder the replay wrote (manifest, fills, trades, cycles, decisions, unfilled, baseline/) into typed rows.

import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FillAction } from '../sim/types.js';
import { DECISION_STATS_FILE, parseDecisionStats } from './decisionTotals.js';
import { InputError } from './inputError.js';
import { readDecisionStats, toManifest, toSettings } from './runJson.js';
import { CsvTable, IssueCollector } from './runRows.js';
import type { CycleRow, DecisionStats, FillRow, RunData, TradeRow, UnfilledRow } from './runTypes.js';

export type * from './runTypes.js';

const FILL_COLUMNS = ['cycle_ts', 'fill_ts', 'position_id', 'symbol', 'side', 'action', 'quantity', 'price', 'notional', 'fee', 'slippage_cost', 'reason'];
const TRADE_COLUMNS = ['position_id', 'symbol', 'direction', 'entry_ts', 'exit_ts', 'entry_price', 'exit_price', 'quantity', 'gross_pnl', 'fees', 'funding', 'net_pnl', 'pnl_r', 'holding_minutes', 'exit_reason', 'entry_score', 'cluster'];
const CYCLE_COLUMNS = ['ts', 'equity', 'cash', 'unrealised', 'margin_used', 'positions', 'opens', 'closes', 'swaps', 'hysteresis_blocked', 'traded_notional', 'fees', 'slippage', 'funding'];
const UNFILLED_COLUMNS = ['cycle_ts', 'position_id', 'symbol', 'action', 'reason'];
const FILL_ACTIONS: readonly FillAction[] = ['open', 'close', 'stop', 'take_profit', 'end_of_data'];

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

async function readRequired(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why = code === 'ENOENT' ? 'missing: a run folder must contain this file' : `cannot be read: ${(error as Error).message}`;
    throw new InputError([{ file, message: why }]);
  }
}

function readFills(table: CsvTable): FillRow[] {
  return table.rows.map((row) => {
    const cycle = row.timestamp('cycle_ts');
    const fill = row.timestamp('fill_ts');
    return {
      cycleTs: cycle.text, cycleMs: cycle.ms, fillTs: fill.text, fillMs: fill.ms,
      positionId: row.nonEmpty('position_id'), symbol: row.nonEmpty('symbol'),
      side: row.oneOf('side', ['buy', 'sell'] as const), action: row.oneOf('action', FILL_ACTIONS),
      quantity: row.number('quantity'), price: row.number('price'), notional: row.number('notional'),
      fee: row.number('fee'), slippageCost: row.number('slippage_cost'), reason: row.nonEmpty('reason'),
      exact: { notional: row.text('notional'), fee: row.text('fee'), slippageCost: row.text('slippage_cost') },
    };
  });
}

function readTrades(table: CsvTable): TradeRow[] {
  return table.rows.map((row) => {
    const entry = row.timestamp('entry_ts');
    const exit = row.timestamp('exit_ts');
    return {
      positionId: row.nonEmpty('position_id'), symbol: row.nonEmpty('symbol'),
      direction: row.oneOf('direction', ['long', 'short'] as const),
      entryTs: entry.text, entryMs: entry.ms, exitTs: exit.text, exitMs: exit.ms,
      entryPrice: row.number('entry_price'), exitPrice: row.number('exit_price'), quantity: row.number('quantity'),
      grossPnl: row.number('gross_pnl'), fees: row.number('fees'), funding: row.number('funding'), netPnl: row.number('net_pnl'),
      pnlR: row.number('pnl_r'), holdingMinutes: row.number('holding_minutes'), exitReason: row.nonEmpty('exit_reason'),
      entryScore: row.number('entry_score'), cluster: row.text('cluster'),
      exact: {
        entryPrice: row.text('entry_price'), exitPrice: row.text('exit_price'), quantity: row.text('quantity'),
        grossPnl: row.text('gross_pnl'), fees: row.text('fees'), funding: row.text('funding'), netPnl: row.text('net_pnl'),
      },
    };
  });
}

function readCycles(table: CsvTable): CycleRow[] {
  const cycles: CycleRow[] = [];
  for (const row of table.rows) {
    const ts = row.timestamp('ts');
    const previous = cycles[cycles.length - 1];
    if (previous !== undefined && ts.ms !== 0 && ts.ms <= previous.tsMs) {
      table.issues.add({ file: table.file, line: row.line, field: 'ts', message: `expected times in strictly ascending order, ${ts.text} follows ${previous.ts}` });
    }
    cycles.push({
      ts: ts.text, tsMs: ts.ms, equity: row.number('equity'), cash: row.number('cash'), unrealised: row.number('unrealised'),
      marginUsed: row.number('margin_used'), positions: row.count('positions'), opens: row.count('opens'), closes: row.count('closes'),
      swaps: row.count('swaps'), hysteresisBlocked: row.count('hysteresis_blocked'), tradedNotional: row.number('traded_notional'),
      fees: row.number('fees'), slippage: row.number('slippage'), funding: row.number('funding'),
      exact: { funding: row.text('funding') },
    });
  }
  return cycles;
}

function readUnfilled(table: CsvTable): UnfilledRow[] {
  return table.rows.map((row) => {
    const cycle = row.timestamp('cycle_ts');
    return {
      cycleTs: cycle.text, cycleMs: cycle.ms, positionId: row.text('position_id'), symbol: row.nonEmpty('symbol'),
      action: row.nonEmpty('action'), reason: row.text('reason'),
    };
  });
}

/**
 * The decision totals: from decision_stats.json, which every run writes; from streaming decisions.jsonl.gz for
 * run folders written before it existed; null when neither is there.
 */
async function readDecisionTotals(dir: string, issues: IssueCollector): Promise<DecisionStats | null> {
  const statsFile = join(dir, DECISION_STATS_FILE);
  if (await exists(statsFile)) {
    let raw: unknown;
    try {
      raw = JSON.parse((await readRequired(statsFile)).toString('utf8'));
    } catch (error) {
      issues.add({ file: statsFile, message: `malformed JSON: ${(error as Error).message}` });
      return null;
    }
    const parsed = parseDecisionStats(raw);
    if ('problems' in parsed) {
      for (const p of parsed.problems) issues.add({ file: statsFile, field: p.field, message: p.message });
      return null;
    }
    return parsed;
  }
  const decisionsFile = join(dir, 'decisions.jsonl.gz');
  return (await exists(decisionsFile)) ? readDecisionStats(decisionsFile, issues) : null;
}

async function readOne(dir: string, withBaseline: boolean): Promise<RunData> {
  const issues = new IssueCollector();
  const manifestFile = join(dir, 'manifest.json');
  let rawManifest: unknown;
  try {
    rawManifest = JSON.parse((await readRequired(manifestFile)).toString('utf8'));
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError([{ file: manifestFile, message: `malformed JSON: ${(error as Error).message}` }]);
  }
  const manifest = toManifest(manifestFile, rawManifest, issues);
  const settings = toSettings(manifestFile, manifest, issues);
  const table = async (name: string, columns: readonly string[]): Promise<CsvTable> => {
    const file = join(dir, name);
    return new CsvTable(file, issues, (await readRequired(file)).toString('utf8'), columns);
  };
  const fills = readFills(await table('fills.csv', FILL_COLUMNS));
  const trades = readTrades(await table('trades.csv', TRADE_COLUMNS));
  const cycles = readCycles(await table('cycles.csv', CYCLE_COLUMNS));
  const unfilledFile = join(dir, 'unfilled.csv');
  const unfilled = (await exists(unfilledFile)) ? readUnfilled(await table('unfilled.csv', UNFILLED_COLUMNS)) : [];
  const decisions = await readDecisionTotals(dir, issues);
  issues.throwIfAny();
  const baselineDir = join(dir, 'baseline');
  const baseline = withBaseline && (await exists(join(baselineDir, 'manifest.json'))) ? await readOne(baselineDir, false) : null;
  return { manifest, settings, fills, trades, cycles, decisions, unfilled, baseline };
}

/**
 * Reads a run folder. Throws InputError listing every malformed cell (file, line, column) or a missing file.
 * `baseline/` is read when it holds a manifest; unfilled.csv and decisions.jsonl.gz may be absent.
 */
export function readRun(dir: string): Promise<RunData> {
  return readOne(dir, true);
}
