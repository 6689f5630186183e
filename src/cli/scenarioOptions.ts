// The options every scenario command shares: the scenario file, `--set` overrides and `--seed`.

import type { Argv } from 'yargs';

export function scenarioOptions<T>(y: Argv<T>) {
  return y
    .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
    .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a setting: key=value (repeatable)' })
    .option('seed', { type: 'number', describe: 'seed (overrides the scenario\'s)' });
}
