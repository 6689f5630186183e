#!/usr/bin/env node
// The `auction` executable: the one place that reads process.argv and sets the exit code.

import { hideBin } from 'yargs/helpers';
import { runCli } from './main.js';

process.exitCode = await runCli(hideBin(process.argv));
