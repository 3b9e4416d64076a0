// How every launcher runs the production entry (npm start, tests, benchmarks), so that they all
// measure and test the same process.
//
// --max-semi-space-size: ingest allocates a short-lived object per point (parsed fields, the line
// for the store) that lives until its batch is stored, tens of milliseconds. V8's default young
// generation is too small for that at 100,000+ points/s, so those objects get copied into the
// old generation and collected there: measured with `npm run bench -- ingest`, 32 MB semi-spaces
// cut the monitor's CPU per point by about a quarter (GC from 15 % to 6 % of its busy time).
// The cost is up to 3 x 32 MB of reserved young-generation memory.
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=32'];

/** Arguments for `node` that start scripts/serve.ts (TypeScript through tsx). */
export function serverArgs(extra = []) {
	return [...SERVER_NODE_FLAGS, ...extra, '--import', 'tsx', 'scripts/serve.ts'];
}
