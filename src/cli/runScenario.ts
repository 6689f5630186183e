// One scenario run end to end: read and check inputs, replay (and the baseline), write the run folder and its report.

import path from 'node:path';
import { checkSignalSymbols, loadReplayData, type InputFile, type ReplayData } from '../io/scenarioData.js';
import { isoTs, RunFolderWriter } from '../io/runWriter.js';
import { packageVersion } from '../io/packageInfo.js';
import { readRun } from '../io/runReader.js';
import { withAtomicFolder, writeJson, writeText } from '../io/runFolder.js';
import type { Scenario } from '../io/scenario.js';
import { riskSectionOf, simSectionOf } from '../io/settingsSnake.js';
import { readPrices } from '../io/csv.js';
import { summaryJsonText } from '../report/summary.js';
import { replay } from '../sim/replay.js';
import type { BarSlice, ReplayResult } from '../sim/types.js';

export interface RunOptions {
  readonly outDir: string;
  /** Write report.md and report.html (summary.json is always written). */
  readonly report: boolean;
  /** Tag for the temporary folder's name (the CLI passes its pid). */
  readonly tempTag: string;
  /** Trade only inside [startMs, endMs): walk-forward folds. */
  readonly window?: { readonly startMs: number; readonly endMs: number };
  /** Where the price slices come from (a sweep worker's memo); by default the price files, read as they stream. */
  readonly prices?: (data: ReplayData) => Promise<AsyncIterable<BarSlice> | Iterable<BarSlice>>;
}

export interface RunOutcome {
  readonly result: ReplayResult;
  readonly baseline: ReplayResult | null;
}

function manifestOf(scenario: Scenario, policy: 'auction' | 'baseline', inputs: readonly InputFile[], result: ReplayResult): unknown {
  return {
    name: scenario.name,
    policy,
    seed: scenario.seed,
    package_version: packageVersion(),
    scenario: { risk: riskSectionOf(scenario.allocator, policy === 'auction'), sim: simSectionOf(scenario.sim) },
    inputs,
    result: {
      cycles: result.cycles,
      first_ts: Number.isFinite(result.firstTsMs) ? isoTs(result.firstTsMs) : '',
      last_ts: Number.isFinite(result.lastTsMs) ? isoTs(result.lastTsMs) : '',
      bankrupt: result.bankrupt,
      unfilled_orders: result.unfilledOrders,
      initial_equity: result.initialEquity,
      final_equity: result.finalEquity,
      signals_used: result.signalsUsed,
      signals_without_bar: result.signalsWithoutBar,
    },
  };
}

/** Replays one policy into `dir`: the record files and the manifest. */
async function replayInto(
  dir: string,
  scenario: Scenario,
  data: ReplayData,
  auctionModeEnabled: boolean,
  options: RunOptions,
): Promise<ReplayResult> {
  const window = options.window;
  const writer = new RunFolderWriter(dir, scenario.sim.writeDecisions);
  let result: ReplayResult;
  try {
    result = await replay(
      {
        prices: options.prices === undefined ? readPrices(data.prices) : await options.prices(data),
        signals: data.signals,
        funding: data.funding,
        ...(data.markAt === undefined ? {} : { markAt: data.markAt }),
        allocator: scenario.allocator,
        auctionModeEnabled,
        sim: scenario.sim,
        seed: scenario.seed,
        ...(window === undefined ? {} : { windowStartMs: window.startMs, windowEndMs: window.endMs }),
      },
      writer,
    );
  } finally {
    await writer.close();
  }
  writeJson(path.join(dir, 'manifest.json'), manifestOf(scenario, auctionModeEnabled ? 'auction' : 'baseline', await data.inputs, result));
  return result;
}

/**
 * Runs the scenario into `options.outDir`, atomically: every file is written in a temporary folder that is
 * renamed into place only when the run, the baseline and the report are all complete.
 */
export async function runScenario(scenario: Scenario, options: RunOptions, loaded?: ReplayData): Promise<RunOutcome> {
  const data = loaded ?? (await loadReplayData(scenario));
  return withAtomicFolder(options.outDir, options.tempTag, async (tempDir) => {
    const result = await replayInto(tempDir, scenario, data, scenario.auctionModeEnabled, options);
    await checkSignalSymbols(scenario, data, result.symbols);
    let baseline: ReplayResult | null = null;
    if (scenario.sim.compareBaseline && scenario.auctionModeEnabled) {
      baseline = await replayInto(path.join(tempDir, 'baseline'), scenario, data, false, options);
    }
    const run = await readRun(tempDir);
    if (options.report) {
      // Loaded only here: vega and vega-lite take about 0.3 s to load, which every sweep worker (no report) would pay.
      const { reportFiles } = await import('../report/render.js');
      const files = await reportFiles(run);
      for (const [name, text] of Object.entries(files)) writeText(path.join(tempDir, name), text);
    } else {
      writeText(path.join(tempDir, 'summary.json'), summaryJsonText(run));
    }
    return { result, baseline };
  });
}
