import { describe, expect, it } from 'vitest';
import { Columns } from '../../../src/lib/live/columns.ts';
import { formatDelta, formatValue } from '../../../src/lib/charts/format.ts';
import { levelOf } from '../../../src/lib/charts/levels.ts';
import { coloursFor, colourFor } from '../../../src/lib/charts/palette.ts';
import { followsLive, parseRange, rangeParams, resolveRange } from '../../../src/lib/live/range.ts';

describe('Columns', () => {
	it('appends new seconds, replaces late ones in place, and never erases a value with null', () => {
		const c = new Columns(2);
		c.merge({ times: [1000, 2000], values: [[1, 2], [10, null]] });
		c.merge({ times: [3000], values: [[3], [30]] });
		c.merge({ times: [2000], values: [[2.5], [20]] }); // a late point for second 2
		c.merge({ times: [1500], values: [[1.5], [null]] }); // an older second arriving after newer ones
		expect(c.times).toEqual([1000, 1500, 2000, 3000]);
		expect(c.values).toEqual([[1, 1.5, 2.5, 3], [10, null, 20, 30]]);
		c.merge({ times: [3000], values: [[null], [null]] });
		expect(c.values[0][3]).toBe(3);
	});

	it('maps block columns onto its own and ignores unknown ones', () => {
		const c = new Columns(3);
		c.merge({ times: [1000], values: [[1], [2], [3]] }, [2, -1, 0]);
		expect(c.values).toEqual([[3], [null], [1]]);
	});

	it('trims what is older than its span behind the newest second', () => {
		const c = new Columns(1, 2000);
		for (let t = 1000; t <= 10_000; t += 1000) c.merge({ times: [t], values: [[t]] });
		expect(c.times).toEqual([8000, 9000, 10_000]);
	});

	it('answers the latest value and the value at an earlier time', () => {
		const c = new Columns(1);
		c.merge({ times: [1000, 2000, 3000, 4000], values: [[5, null, 7, null]] });
		expect(c.latest(0)).toEqual({ time: 3000, value: 7 });
		expect(c.valueAt(0, 2500)).toBe(5);
		expect(c.valueAt(0, 500)).toBeNull();
	});
});

describe('ranges', () => {
	it('round-trips presets and absolute ranges through the URL', () => {
		expect(parseRange(new URLSearchParams('range=1h'))).toEqual({ kind: 'relative', ms: 3_600_000 });
		expect(parseRange(new URLSearchParams('from=1000&to=5000'))).toEqual({ kind: 'absolute', from: 1000, to: 5000 });
		expect(parseRange(new URLSearchParams('range=forever'))).toEqual({ kind: 'relative', ms: 900_000 });
		expect(parseRange(new URLSearchParams('from=5000&to=1000'))).toEqual({ kind: 'relative', ms: 900_000 });
		expect(rangeParams({ kind: 'relative', ms: 3_600_000 })).toEqual({ range: '1h', from: null, to: null, window: null, wname: null });
		// A booking window's range names the window, so the link says what it shows.
		const w = { kind: 'window', id: 'drill-7', name: 'Drill', from: 1000, to: 5000 } as const;
		const params = new URLSearchParams(rangeParams(w) as Record<string, string>);
		expect(parseRange(params)).toEqual(w);
		expect(resolveRange(w, 99_999)).toEqual({ from: 1000, to: 5000 });
		expect(followsLive(w, 4000)).toBe(true);
		expect(followsLive(w, 6000)).toBe(false);
		expect(resolveRange({ kind: 'relative', ms: 60_000 }, 100_000)).toEqual({ from: 40_000, to: 100_000 });
	});
});

describe('status and formatting', () => {
	const thresholds = [
		{ value: 80, level: 'warning', direction: 'above' },
		{ value: 95, level: 'critical', direction: 'above' }
	] as const;
	it('takes the worst breached threshold', () => {
		expect(levelOf(null, [...thresholds])).toBe('none');
		expect(levelOf(50, [...thresholds])).toBe('ok');
		expect(levelOf(90, [...thresholds])).toBe('warning');
		expect(levelOf(99, [...thresholds])).toBe('critical');
		expect(levelOf(5, [{ value: 10, level: 'warning', direction: 'below' }])).toBe('warning');
	});
	it('formats values and deltas for people', () => {
		expect(formatValue(12_345, 'req/s')).toBe('12.3K req/s');
		expect(formatValue(850)).toBe('850');
		expect(formatValue(0.256)).toBe('0.26');
		expect(formatValue(null, 'ms')).toBe('–');
		expect(formatDelta(110, 100)).toBe('+10%');
		expect(formatDelta(97, 100)).toBe('−3.0%');
		expect(formatDelta(100.001, 100)).toBe('±0%');
	});
	it('keeps a series colour stable and distinct within a chart', () => {
		expect(colourFor('cdn')).toBe(colourFor('cdn'));
		const cs = coloursFor(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
		expect(new Set(cs).size).toBe(7);
	});
});
