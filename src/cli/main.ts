// The `auction` command line: argv in, exit code out (0 success, 2 bad input, 1 a bug).
// Each command's module loads only when that command runs, so `--help` and small commands start fast.

import yargs from 'yargs';
import { EXIT_BAD_INPUT, reportFailure } from './errors.js';
import { scenarioOptions } from './scenarioOptions.js';
import { describeSignalRule, DEFAULT_SIGNAL_RULE_OPTIONS } from '../sim/signalRule.js';

async function dispatch(argv: string[]): Promise<number> {
  let exitCode = 0;
  const run = (work: () => Promise<number>) => async () => {
    exitCode = await work();
  };
  const parser = yargs(argv)
    .scriptName('auction')
    .usage('$0 <command> [options]')
    .command(
      'replay <scenario>',
      'replay a scenario through the allocator and write a run folder with its report',
      (y) =>
        scenarioOptions(y)
          .option('out', { type: 'string', describe: 'run folder (default reports/<scenario name>/)' })
          .option('decisions', { type: 'boolean', default: true, describe: 'write decisions.jsonl.gz (--no-decisions to skip)' })
          .option('report', { type: 'boolean', default: true, describe: 'write report.md and report.html' })
          .example('$0 replay scenarios/default.yaml', 'replay the shipped S&P 500 slice into reports/default/')
          .example('$0 replay scenarios/default.yaml --set risk.auction_swap_threshold=20 --out reports/t20', 'one knob changed'),
      (args) => run(async () => (await import('./replayCommand.js')).replayCommand(args as never))(),
    )
    .command(
      'validate <scenario>',
      'check a scenario and every input file, reporting every problem at once',
      (y) => scenarioOptions(y).example('$0 validate scenarios/default.yaml', 'check before a long run'),
      (args) => run(async () => (await import('./replayCommand.js')).validateCommand(args as never))(),
    )
    .command(
      'report <run-dir>',
      'rebuild summary.json, report.md and report.html from a run folder',
      (y) =>
        y
          .positional('run-dir', { type: 'string', demandOption: true, describe: 'a folder written by replay' })
          .example('$0 report reports/default', 'rebuild the default run\'s report'),
      (args) => run(async () => (await import('./reportCommand.js')).reportCommand({ runDir: String(args.runDir) }))(),
    )
    .command('sweep', 'run a grid of replays in parallel (resumable, shardable), or merge shard folders', (y) =>
      y
        .command(
          'merge <out> <shards..>',
          'join the folders of a sharded sweep into one, with results.csv and the report',
          (m) =>
            m
              .positional('out', { type: 'string', demandOption: true, describe: 'the merged sweep folder' })
              .positional('shards', { type: 'string', array: true, demandOption: true, describe: 'shard folders' })
              .example('$0 sweep merge reports/big reports/big-1 reports/big-2', 'merge two shards'),
          (args) => run(async () =>
              (await import('./sweepCommand.js')).sweepMergeCommand({ out: String(args.out), shards: (args.shards as string[]) ?? [] }),
            )(),
        )
        .command(
          '$0 <scenario>',
          'run every point of the grid',
          (g) =>
            scenarioOptions(g)
              .option('grid', { type: 'string', array: true, default: [] as string[], describe: 'an axis: key=v1,v2,... (repeatable; Cartesian product)' })
              .option('out', { type: 'string', describe: 'sweep folder (default reports/<scenario name>-sweep/)' })
              .option('workers', { type: 'number', describe: 'worker threads (default: the number of cores)' })
              .option('shard', { type: 'string', describe: 'run only shard i of n: i/n' })
              .option('walk-forward', { type: 'number', describe: 'folds for an out-of-sample check of the best point' })
              .option('rank-by', { type: 'string', describe: 'metric that ranks points in walk-forward (default net_pnl)' })
              .option('decisions', { type: 'boolean', default: false, describe: 'write decisions.jsonl.gz for every point' })
              .example('$0 sweep scenarios/sweep-default.yaml', 'the shipped grid of swap_threshold × fee')
              .example('$0 sweep scenarios/default.yaml --grid risk.auction_swap_threshold=0,5,10,20 --grid sim.fee_bps=2,5,10', 'a grid from flags')
              .example('$0 sweep scenarios/default.yaml --grid sim.fee_bps=1,2,3,4 --shard 1/2 --out reports/s-1', 'one shard of two'),
          (args) => run(async () => (await import('./sweepCommand.js')).sweepCommand(args as never))(),
        ),
    )
    .command(
      'signals <prices>',
      'derive example signals from prices by a documented rule (see signals --help)',
      (y) =>
        y
          .positional('prices', { type: 'string', demandOption: true, describe: 'a prices CSV, or a folder of them' })
          .option('out', { type: 'string', demandOption: true, describe: 'signals CSV to write (.csv.gz: gzip)' })
          .option('column', { type: 'string', array: true, default: [] as string[], describe: 'column name map: ours=theirs' })
          .option('adjust', { type: 'string', describe: 'adjusted_close: scale OHLC by adjusted_close / close' })
          .option('symbol-pattern', { type: 'string', describe: 'regex with a capture group: the symbol from each file name' })
          .option('ts-label', { type: 'string', describe: 'open when rows are stamped at the bar open' })
          .option('bar-minutes', { type: 'number', describe: 'bar length, with --ts-label open' })
          .option('utc-offset', { type: 'string', describe: 'zone of timestamps written without one, like +03:00' })
          .option('min-score', { type: 'number', describe: 'drop signals scoring below this' })
          .option('cooldown-bars', { type: 'number', describe: 'bars a symbol stays quiet after a signal' })
          .epilogue(`The rule:\n${describeSignalRule(DEFAULT_SIGNAL_RULE_OPTIONS)}`)
          .example('$0 signals data/sp500 --column ts=timestamp --adjust adjusted_close --out data/sp500-signals.csv.gz', 'the shipped S&P 500 signals'),
      (args) => run(async () => (await import('./signalsCommand.js')).signalsCommand(args as never))(),
    )
    .demandCommand(1, 'name a command: replay, validate, report, sweep, signals')
    .strict()
    .help()
    .version(false)
    .fail((message, error) => {
      if (error) throw error;
      throw new UsageError(message);
    });
  await parser.parseAsync();
  return exitCode;
}

/** A bad flag or argument: usage errors are bad input (exit 2). */
class UsageError extends Error {}

/** Runs the CLI on `argv` (without node and script) and returns the exit code; every failure is reported on stderr. */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    return await dispatch([...argv]);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\nRun 'auction --help' for usage.\n`);
      return EXIT_BAD_INPUT;
    }
    return reportFailure(error);
  }
}
