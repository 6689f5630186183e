// Child process of the end-to-end benchmark: one replay (read + replay + write), printing its time and peak memory.

import { loadScenario } from '../io/scenario.js';
import { runScenario } from '../cli/runScenario.js';

const [scenarioPath, outDir, decisions] = process.argv.slice(2);
const t0 = performance.now();
const scenario = loadScenario(scenarioPath!, decisions === 'no' ? [{ key: 'sim.write_decisions', value: 'false' }] : []);
const { result } = await runScenario(scenario, { outDir: outDir!, report: false, tempTag: String(process.pid) });
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(
  JSON.stringify({ seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, cycles: result.cycles, finalEquity: result.finalEquity }) + '\n',
);
