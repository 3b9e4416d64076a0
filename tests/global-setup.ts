import { existsSync, readdirSync, rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startInfluxd, type ManagedInfluxd } from '../src/lib/server/influxd/index.ts';
import { buildIfStale } from '../scripts/build-if-stale.mjs';

/**
 * One real InfluxDB for the whole run, under data/test-influxdb/run-<pid> (so two runs side by
 * side never share files), removed afterwards. Tests isolate themselves by database name
 * (tests/helpers/influx.ts), so they can share it safely.
 */
let influxd: ManagedInfluxd | undefined;

export default async function setup(project: TestProject) {
	// Tests that start the app run the real production entry, which serves the built SvelteKit app.
	// A failed build fails those tests (tests/helpers/app.ts says why), not the whole run.
	// SKIP_BUILD=1: for running in-process integration tests while another run owns build/.
	try {
		if (process.env.SKIP_BUILD === '1') project.provide('buildError', 'not built: SKIP_BUILD=1');
		else {
			buildIfStale({ quiet: true });
			project.provide('buildError', '');
		}
	} catch (err) {
		project.provide('buildError', (err as Error).message);
	}
	removeLeftovers('data/test-influxdb');
	const dir = `data/test-influxdb/run-${process.pid}`;
	influxd = await startInfluxd({ dir });
	process.env.TEST_INFLUX_URL = influxd.url;
	project.provide('influxUrl', influxd.url);
	return async () => {
		await influxd?.stop();
		rmSync(dir, { recursive: true, force: true });
	};
}

declare module 'vitest' {
	export interface ProvidedContext {
		influxUrl: string;
		/** Empty when the app built; else why `vite build` failed. */
		buildError: string;
	}
}

/** Directories of earlier runs whose process is gone (a killed run never tidied up). */
function removeLeftovers(root: string): void {
	if (!existsSync(root)) return;
	for (const name of readdirSync(root)) {
		const pid = /^run-(\d+)$/.exec(name)?.[1];
		if (pid && isAlive(Number(pid))) continue;
		rmSync(`${root}/${name}`, { recursive: true, force: true });
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}
