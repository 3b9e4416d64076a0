import { describe, expect, it } from 'vitest';
import { parseSeriesParams, parseTime } from '../../../../src/lib/server/http/series-params.ts';

const now = 1_732_500_000_000;
const parse = (qs: string) => parseSeriesParams(new URLSearchParams(qs), now);

describe('parseSeriesParams', () => {
	it('reads repeated and comma-separated components and relative times', () => {
		const r = parse('measurement=traffic&field=rps&component=a,b&component=c&from=now-1h&to=now&step=10s&maxPoints=500');
		expect(r).toMatchObject({ components: ['a', 'b', 'c'], fromMs: now - 3_600_000, toMs: now, minStepMs: 10_000, maxPoints: 500 });
	});
	it.each([
		['no measurement', 'field=rps&component=a', /measurement/],
		['no component', 'measurement=traffic&field=rps', /component/],
		['from after to', 'measurement=traffic&field=rps&component=a&from=now&to=now-1h', /must be before/],
		['a bad time', 'measurement=traffic&field=rps&component=a&from=yesterday', /not epoch ms/],
		['an unknown source', 'measurement=traffic&field=rps&component=a&source=cache', /source/]
	])('refuses %s with a message saying what to send', (_n, qs, msg) => {
		expect(() => parse(qs)).toThrow(msg);
	});
});

describe('parseTime', () => {
	it.each([
		['now', now],
		['now-15m', now - 900_000],
		['1732400000000', 1_732_400_000_000],
		['2024-11-25T02:00:00Z', Date.UTC(2024, 10, 25, 2)]
	])('%s', (text, ms) => expect(parseTime(text, now, 'from')).toBe(ms));
});
