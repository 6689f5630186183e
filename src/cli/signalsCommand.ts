// `auction signals <prices>`: derives example signals from prices with the documented rule (src/sim/signalRule.ts).

import path from 'node:path';
import { readPrices, type CsvSource } from '../io/csv.js';
import { InputError } from '../io/inputError.js';
import { writeSignalsFile } from '../io/signalsFile.js';
import { DEFAULT_SIGNAL_RULE_OPTIONS, SignalRule, type SignalRuleOptions } from '../sim/signalRule.js';
import type { SignalRow } from '../sim/types.js';

export interface SignalsArgs {
  readonly prices: string;
  readonly out: string;
  readonly column: readonly string[];
  readonly adjust?: string;
  readonly symbolPattern?: string;
  readonly tsLabel?: string;
  readonly barMinutes?: number;
  readonly utcOffset?: string;
  readonly minScore?: number;
  readonly cooldownBars?: number;
}

function sourceOf(args: SignalsArgs): CsvSource {
  const columns: Record<string, string> = {};
  const issues = [];
  for (const flag of args.column) {
    const eq = flag.indexOf('=');
    if (eq <= 0) issues.push({ file: '--column', field: flag, message: 'expected ours=theirs, like ts=timestamp' });
    else columns[flag.slice(0, eq)] = flag.slice(eq + 1);
  }
  if (args.adjust !== undefined && args.adjust !== 'adjusted_close') {
    issues.push({ file: '--adjust', field: args.adjust, message: 'expected adjusted_close' });
  }
  if (args.tsLabel !== undefined && args.tsLabel !== 'open' && args.tsLabel !== 'close') {
    issues.push({ file: '--ts-label', field: args.tsLabel, message: 'expected open or close' });
  }
  if (issues.length > 0) throw new InputError(issues);
  return {
    path: path.resolve(args.prices),
    displayPath: args.prices,
    ...(Object.keys(columns).length > 0 ? { columns } : {}),
    ...(args.adjust === 'adjusted_close' ? { adjust: 'adjusted_close' as const } : {}),
    ...(args.symbolPattern === undefined ? {} : { symbolPattern: args.symbolPattern }),
    ...(args.tsLabel === undefined ? {} : { tsLabel: args.tsLabel as 'open' | 'close' }),
    ...(args.barMinutes === undefined ? {} : { barMinutes: args.barMinutes }),
    ...(args.utcOffset === undefined ? {} : { utcOffset: args.utcOffset }),
  };
}

export function signalRuleOptionsOf(args: Pick<SignalsArgs, 'minScore' | 'cooldownBars'>): SignalRuleOptions {
  return {
    ...DEFAULT_SIGNAL_RULE_OPTIONS,
    ...(args.minScore === undefined ? {} : { minScore: args.minScore }),
    ...(args.cooldownBars === undefined ? {} : { cooldownBars: args.cooldownBars }),
  };
}

export async function signalsCommand(args: SignalsArgs): Promise<number> {
  const rule = new SignalRule(signalRuleOptionsOf(args));
  const signals: SignalRow[] = [];
  for await (const slice of readPrices([sourceOf(args)])) {
    for (const bar of slice.bars) {
      const signal = rule.onBar(bar);
      if (signal !== null) signals.push(signal);
    }
  }
  writeSignalsFile(args.out, signals, String(process.pid));
  process.stdout.write(`wrote ${signals.length} signals to ${args.out}\n`);
  return 0;
}
