import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startInfluxd, type ManagedInfluxd } from '../src/lib/server/influxd/index.ts';
import { buildIfStale } from '../scripts/build-if-stale.mjs';

/**
 * One real InfluxDB for the whole run, under data/test-influxdb (wiped first). Tests isolate
 * themselves by database name (tests/helpers/influx.ts), so they can share it safely.
 */
let influxd: ManagedInfluxd | undefined;

export default async function setup(project: TestProject) {
	// Tests that start the app run the real production entry, which serves the built SvelteKit app.
	// A failed build fails those tests (tests/helpers/app.ts says why), not the whole run.
	try {
		buildIfStale({ quiet: true });
		project.provide('buildError', '');
	} catch (err) {
		project.provide('buildError', (err as Error).message);
	}
	const dir = 'data/test-influxdb';
	rmSync(dir, { recursive: true, force: true });
	influxd = await startInfluxd({ dir });
	process.env.TEST_INFLUX_URL = influxd.url;
	project.provide('influxUrl', influxd.url);
	return async () => {
		await influxd?.stop();
	};
}

declare module 'vitest' {
	export interface ProvidedContext {
		influxUrl: string;
		/** Empty when the app built; else why `vite build` failed. */
		buildError: string;
	}
}
