// The `auction` command line: argv in, exit code out (0 success, 2 bad input, 1 a bug).

import yargs from 'yargs';
import { EXIT_BAD_INPUT, reportFailure } from './errors.js';
import { replayCommand, scenarioOptions, validateCommand } from './replayCommand.js';
import { reportCommand } from './reportCommand.js';

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
      (args) => run(() => replayCommand(args as never))(),
    )
    .command(
      'validate <scenario>',
      'check a scenario and every input file, reporting every problem at once',
      (y) => scenarioOptions(y).example('$0 validate scenarios/default.yaml', 'check before a long run'),
      (args) => run(() => validateCommand(args as never))(),
    )
    .command(
      'report <run-dir>',
      'rebuild summary.json, report.md and report.html from a run folder',
      (y) =>
        y
          .positional('run-dir', { type: 'string', demandOption: true, describe: 'a folder written by replay' })
          .example('$0 report reports/default', 'rebuild the default run\'s report'),
      (args) => run(() => reportCommand({ runDir: String(args.runDir) }))(),
    )
    .demandCommand(1, 'name a command: replay, validate, report')
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
