/**
 * `npm run simulate -- [options]`: drive a running monitor with a simulated booking system.
 *
 *   --config <file>     monitor config with the components and pipeline (default: the sample)
 *   --scenario <file>   scenario YAML (default: the config's simulator.scenario)
 *   --url <url>         monitor to send to (default http://127.0.0.1:3000)
 *   --token <token>     ingest token (default $MONITOR_TOKEN or $MONITOR_ADMIN_TOKEN)
 *   --backfill <dur>    send this much history first, e.g. 1h
 *   --duration <dur>    stop after this long (default: the scenario's length)
 *   --loop              start the scenario again when it ends
 *   --quiet             no progress lines
 */
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { durationMs, loadConfig, SAMPLE_CONFIG } from '../src/lib/server/config/index.ts';
import { loadScenario, runSimulation } from '../src/lib/server/simulator/index.ts';

const { values } = parseArgs({
	options: {
		config: { type: 'string', default: process.env.MONITOR_CONFIG || SAMPLE_CONFIG },
		scenario: { type: 'string' },
		url: { type: 'string', default: 'http://127.0.0.1:3000' },
		token: { type: 'string', default: process.env.MONITOR_TOKEN ?? process.env.MONITOR_ADMIN_TOKEN },
		backfill: { type: 'string' },
		duration: { type: 'string' },
		loop: { type: 'boolean', default: false },
		quiet: { type: 'boolean', default: false }
	}
});

try {
	const config = loadConfig(values.config!);
	const scenarioFile = values.scenario ?? (config.simulator?.scenario && resolve(dirname(resolve(values.config!)), config.simulator.scenario));
	if (!scenarioFile) throw new Error(`no --scenario given and ${values.config} has no simulator.scenario`);
	const scenario = loadScenario(scenarioFile);
	const simulation = runSimulation({
		url: values.url!.replace(/\/$/, ''),
		token: values.token,
		config,
		scenario,
		loop: values.loop,
		backfillMs: values.backfill ? durationMs(values.backfill) : 0,
		durationMs: values.duration ? durationMs(values.duration) : undefined,
		onTick: values.quiet
			? undefined
			: (tick, time) => {
					if (time % 10_000 !== 0 || time < Date.now() - 2000) return;
					const stages = tick.components.map((c) => `${c.component.id} ${Math.round(c.served)}/s`).join(', ');
					console.log(`${new Date(time).toISOString()} T${Math.round(tick.offsetMs / 1000)}s arrivals ${Math.round(tick.arrivals)}/s: ${stages}`);
				}
	});
	console.log(`simulating "${scenario.name}" against ${values.url}; the window opens at ${new Date(simulation.opensAtMs).toISOString()}`);
	process.on('SIGINT', () => void simulation.stop());
	process.on('SIGTERM', () => void simulation.stop());
	await simulation.done;
} catch (err) {
	console.error(`simulate: ${(err as Error).message}`);
	process.exit(1);
}
