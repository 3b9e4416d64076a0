/**
 * `npm run bench -- <name>`: runs one benchmark, which prints its figures and the ratios
 * against its reference, measured side by side in the same run (machines here are noisy).
 */
const benches: Record<string, { issue: number; load?: () => Promise<{ run(args: string[]): Promise<void> }> }> = {
	ingest: { issue: 2, load: () => import('./ingest.ts') },
	live: { issue: 3, load: () => import('./live.ts') },
	alerts: { issue: 4, load: () => import('./alerts.ts') },
	pipeline: { issue: 5, load: () => import('./pipeline.ts') },
	wall: { issue: 6, load: () => import('./wall.ts') },
	soak: { issue: 7, load: () => import('./soak.ts') }
};

const [name, ...args] = process.argv.slice(2);
const bench = name ? benches[name] : undefined;
if (!bench) {
	console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}> [options]`);
	process.exit(2);
}
if (!bench.load) {
	console.error(`benchmark "${name}" does not exist yet: it arrives with issue ${bench.issue}.`);
	process.exit(2);
}
await (await bench.load()).run(args);
process.exit(0);
