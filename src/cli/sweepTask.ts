// One sweep task (a grid point, or a walk-forward run): a full replay into its own folder, failures captured.

import { InputError } from '../io/inputError.js';
import { loadScenario, overrideOf, type Override } from '../io/scenario.js';
import type { GridPoint } from '../sim/sweepGrid.js';
import { AllocatorInputError } from '../allocator/errors.js';
import { readPrices } from '../io/csv.js';
import type { ReplayData } from '../io/scenarioData.js';
import { PriceMemo } from './priceMemo.js';
import { runScenario } from './runScenario.js';

export interface SweepTask {
  readonly scenarioPath: string;
  /** The command line's `--set` flags, then the point's values and seed. */
  readonly overrides: readonly Override[];
  readonly outDir: string;
  readonly window?: { readonly startMs: number; readonly endMs: number };
  readonly tempTag: string;
}

export type SweepTaskResult =
  | { readonly ok: true; readonly bankrupt: boolean }
  | { readonly ok: false; readonly error: string; readonly badInput: boolean };

/** This worker's price memo: every point of a sweep reads the same price files. */
const priceMemo = new PriceMemo();

/** The memo's key: the price files' contents (sha256, computed for the manifest anyway) and how they are read. */
async function pricesKey(data: ReplayData): Promise<string> {
  const hashes = (await data.inputs).filter((i) => i.role === 'prices').map((i) => i.sha256);
  return JSON.stringify([data.prices, hashes]);
}

async function memoPrices(data: ReplayData): Promise<ReturnType<PriceMemo['pricesFor']>> {
  return priceMemo.pricesFor(await pricesKey(data), () => readPrices(data.prices));
}

/** Runs a task; a failure (a bad override value, or a bug) is returned, never thrown, so other points go on. */
export async function runSweepTask(task: SweepTask): Promise<SweepTaskResult> {
  try {
    const scenario = loadScenario(task.scenarioPath, task.overrides);
    const { result } = await runScenario(scenario, {
      outDir: task.outDir,
      report: false,
      tempTag: task.tempTag,
      prices: memoPrices,
      ...(task.window === undefined ? {} : { window: task.window }),
    });
    return { ok: true, bankrupt: result.bankrupt };
  } catch (error) {
    const badInput = error instanceof InputError || error instanceof AllocatorInputError;
    const text = error instanceof Error ? (badInput ? error.message : (error.stack ?? error.message)) : String(error);
    return { ok: false, error: text, badInput };
  }
}

/** A point's overrides: the shared ones, then its grid values, then its derived seed. */
export function pointOverrides(common: readonly Override[], point: GridPoint): Override[] {
  return [...common, ...point.values.map((v) => overrideOf(v.key, v.value)), { key: 'seed', value: String(point.seed) }];
}
