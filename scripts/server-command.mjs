// How every launcher runs the production entry (npm start, tests, benchmarks), so that they all
// measure and test the same process.
//
// --max-semi-space-size: ingest allocates a short-lived object per point (parsed fields, the line
// for the store) that lives until its batch is stored, tens of milliseconds. V8's default young
// generation is too small for that at 100,000+ points/s, so those objects get copied into the
// old generation and collected there: measured with `npm run bench -- ingest`, 32 MB semi-spaces
// cut the monitor's CPU per point by about a quarter (GC from 15 % to 6 % of its busy time).
// The cost is up to 3 x 32 MB of reserved young-generation memory.
//
// --no-allocation-site-pretenuring: V8 watches which allocation sites' objects survive young
// collections and, past a threshold, allocates that site's objects straight in the old
// generation. A burst of surviving points (the first sight of a thousand series, a slow
// InfluxDB holding batches longer) tripped that for the parser's per-point objects, and it never
// went back: every later point was born old, its young fields referenced from old space, and
// each young collection promoted ~20 MB and took 15-20 ms plus ~50 ms of helper threads.
// Found with --trace-gc-nvp; ingest CPU per point fell from 2.3-2.6 to 1.6-2.0 us.
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=32', '--no-allocation-site-pretenuring'];

/** Arguments for `node` that start scripts/serve.ts (TypeScript through tsx). */
export function serverArgs(extra = []) {
	return [...SERVER_NODE_FLAGS, ...extra, '--import', 'tsx', 'scripts/serve.ts'];
}
