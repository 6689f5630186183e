// `auction replay <scenario>` and `auction validate <scenario>`.

import path from 'node:path';
import { loadReplayData } from '../io/scenarioData.js';
import { loadScenario, type Override } from '../io/scenario.js';
import { parseSetFlags } from './overrides.js';
import { runScenario } from './runScenario.js';

interface ScenarioArgs {
  scenario: string;
  set: string[];
  seed?: number;
}

function overridesOf(args: ScenarioArgs): Override[] {
  const overrides = parseSetFlags(args.set);
  if (args.seed !== undefined) overrides.push({ key: 'seed', value: String(args.seed) });
  return overrides;
}

export async function replayCommand(args: ScenarioArgs & { out?: string; decisions: boolean; report: boolean }): Promise<number> {
  const overrides = overridesOf(args);
  if (!args.decisions) overrides.push({ key: 'sim.write_decisions', value: 'false' });
  const scenario = loadScenario(args.scenario, overrides);
  const outDir = args.out ?? path.join('reports', scenario.name);
  const { result, baseline } = await runScenario(scenario, { outDir, report: args.report, tempTag: String(process.pid) });
  const lines = [
    `replayed ${scenario.name}: ${result.cycles} cycles, equity ${result.initialEquity} → ${result.finalEquity}` +
      (result.bankrupt ? ' (bankrupt)' : ''),
  ];
  if (baseline !== null) lines.push(`baseline policy on the same data: equity ${baseline.initialEquity} → ${baseline.finalEquity}`);
  if (result.unfilledOrders > 0) lines.push(`${result.unfilledOrders} orders found no next bar (unfilled.csv)`);
  lines.push(`wrote ${outDir}/`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

export async function validateCommand(args: ScenarioArgs): Promise<number> {
  const scenario = loadScenario(args.scenario, overridesOf(args));
  const data = await loadReplayData(scenario, true);
  const s = data.summary!;
  process.stdout.write(
    `${args.scenario}: valid. ${s.rows} bars of ${s.symbols.length} symbols, ` +
      `${new Date(s.firstTsMs).toISOString()} to ${new Date(s.lastTsMs).toISOString()}; ` +
      `${data.signals.length} signals; ${data.funding.length} funding rows.\n`,
  );
  return 0;
}
