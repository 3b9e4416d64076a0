import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * The parser caches every new series' key. If the cached strings were slices of the request
 * body, each body that brought a new series would stay in memory as long as the series is
 * cached. A child process with an exposed GC parses 40 bodies of about 1 MB, each bringing new
 * series, drops them, collects, and reports how much heap is left.
 */
const SCRIPT = `
import { parseLineProtocol } from './src/lib/server/ingest/index.ts';
const before = (global.gc(), process.memoryUsage().heapUsed);
for (let b = 0; b < 40; b++) {
	let body = '';
	for (let i = 0; i < 5000; i++) body += 'traffic,component=reservation-api,instance=instance-' + b + '-' + (i % 10) + ',region=kr-central-region requests_per_second_total=' + i + ',rps=1 1764576000000000000\\n';
	parseLineProtocol(body, { precision: 'ns', nowNs: '1764576000000000000' });
}
global.gc();
console.log(JSON.stringify({ retainedMB: (process.memoryUsage().heapUsed - before) / 2 ** 20 }));
`;

describe('the key cache', () => {
	it('keeps its own copies of keys, not the request bodies they came in', () => {
		const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', SCRIPT], { encoding: 'utf8', timeout: 60_000 });
		expect(r.status, r.stderr).toBe(0);
		const { retainedMB } = JSON.parse(r.stdout.trim().split('\n').pop()!) as { retainedMB: number };
		// 40 bodies of ~0.6 MB (one-byte strings) would be 24 MB; 400 cached keys are well under 1 MB.
		expect(retainedMB).toBeLessThan(4);
	});
});
