import { describe, expect, it } from 'vitest';
import { parseLineProtocol } from '../../../../src/lib/server/ingest/index.ts';
import { LatestValues } from '../../../../src/lib/server/live/latest-values.ts';
import { makePoint } from '../../../fixtures/points.ts';

const parse = (body: string) => parseLineProtocol(body, { precision: 'ms', nowNs: '1732500000000000000' }).points;

describe('LatestValues', () => {
	it('keeps the latest point of each series, merged with earlier fields it did not send', () => {
		const latest = new LatestValues();
		latest.publish(parse('traffic,component=cdn,instance=a rps=1,p95_ms=100 1000\ntraffic,component=cdn,instance=a rps=2,p95_ms=90 2000'));
		latest.publish(parse('traffic,component=cdn,instance=a rps=3 3000\ntraffic,component=cdn,instance=b rps=10,p95_ms=300 3000'));
		latest.publish(parse('traffic,component=cdn,instance=a rps=99 500'));
		const [cdn] = latest.snapshot();
		expect(cdn).toMatchObject({ component: 'cdn', instances: 2, lastSeenMs: 3000, values: { 'traffic.rps': 13, 'traffic.p95_ms': 300 } });
	});

	it('never changes a published point’s fields (they are shared with the hub and the store)', () => {
		const latest = new LatestValues();
		const first = parse('traffic,component=cdn,instance=a rps=1,p95_ms=100 1000');
		latest.publish(first);
		latest.publish([makePoint({ measurement: 'traffic', tags: { component: 'cdn', instance: 'a' }, fields: { rps: 5 }, timeMs: 2000 })]);
		expect(first[0].fields).toEqual({ rps: 1, p95_ms: 100 });
		expect(latest.snapshot()[0].values).toEqual({ 'traffic.rps': 5, 'traffic.p95_ms': 100 });
	});
});
