/**
 * The simulator `npm start` runs next to the bundled sample, so a newcomer sees live data at once:
 * the config's scenario on a loop, with 15 minutes of history sent first so charts are not empty.
 */
import { dirname, resolve } from 'node:path';
import { loadConfig, SAMPLE_CONFIG, type Config } from '../src/lib/server/config/index.ts';
import { loadScenario, runSimulation } from '../src/lib/server/simulator/index.ts';
import { rootLogger } from '../src/lib/server/observability/index.ts';
import { WindowSchedule } from '../src/lib/server/windows/index.ts';

const BACKFILL_MS = 15 * 60_000;

export function startSampleSimulator(url: string, token: string, configFile = SAMPLE_CONFIG): { stop(): Promise<void> } {
	const config = loadConfig(configFile);
	const scenarioFile = config.simulator?.scenario;
	if (!scenarioFile) return { stop: async () => {} };
	const scenario = loadScenario(resolve(dirname(resolve(configFile)), scenarioFile));
	const openingFor = openingsOf(config, scenario.opens_after);
	const simulation = runSimulation({ url, token, config, scenario, loop: true, backfillMs: BACKFILL_MS, openingFor });
	rootLogger.child({ area: 'simulator' }).info(
		{ scenario: scenario.name, window: config.simulator?.window, opensAt: new Date(openingFor?.(Date.now()) ?? simulation.opensAtMs).toISOString() },
		'simulating the sample booking system'
	);
	return simulation;
}

/**
 * With `simulator.window`, every opening of that booking window plays the scenario: a second
 * belongs to the opening it leads up to (within the scenario's lead-in) or the last one begun.
 */
function openingsOf(config: Config, leadInMs: number): ((timeMs: number) => number) | undefined {
	const id = config.simulator?.window;
	if (!id) return undefined;
	const schedule = new WindowSchedule(config.windows.filter((w) => w.id === id), config.time_zone);
	return (timeMs) => schedule.current(timeMs + leadInMs)?.start ?? schedule.previous(timeMs + leadInMs)?.start ?? timeMs + leadInMs;
}
