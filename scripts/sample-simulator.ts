/**
 * The simulator `npm start` runs next to the bundled sample, so a newcomer sees live data at once:
 * the config's scenario on a loop, with 15 minutes of history sent first so charts are not empty.
 */
import { dirname, resolve } from 'node:path';
import { loadConfig, SAMPLE_CONFIG } from '../src/lib/server/config/index.ts';
import { loadScenario, runSimulation } from '../src/lib/server/simulator/index.ts';
import { rootLogger } from '../src/lib/server/observability/index.ts';

const BACKFILL_MS = 15 * 60_000;

export function startSampleSimulator(url: string, token: string, configFile = SAMPLE_CONFIG): { stop(): Promise<void> } {
	const config = loadConfig(configFile);
	const scenarioFile = config.simulator?.scenario;
	if (!scenarioFile) return { stop: async () => {} };
	const scenario = loadScenario(resolve(dirname(resolve(configFile)), scenarioFile));
	const simulation = runSimulation({ url, token, config, scenario, loop: true, backfillMs: BACKFILL_MS });
	rootLogger.child({ area: 'simulator' }).info(
		{ scenario: scenario.name, opensAt: new Date(simulation.opensAtMs).toISOString() },
		'simulating the sample booking system'
	);
	return simulation;
}
