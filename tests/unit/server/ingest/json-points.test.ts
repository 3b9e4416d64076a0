import { describe, expect, it } from 'vitest';
import { parseJsonPoints } from '../../../../src/lib/server/ingest/index.ts';

const parse = (points: unknown[]) => parseJsonPoints(JSON.parse(JSON.stringify({ points })), { precision: 'ms', nowNs: '1700000000000000000' });

describe('JSON points: names line protocol cannot carry', () => {
	it('keeps a field named __proto__ (JSON.parse makes it an own key; plain assignment dropped it)', () => {
		const { points, errors } = parse([{ measurement: 'm', tags: { component: 'cdn' }, fields: JSON.parse('{"__proto__": 1, "v": 2}'), time: 1 }]);
		expect(errors).toEqual([]);
		expect(Object.entries(points[0].fields)).toEqual([
			['__proto__', 1],
			['v', 2]
		]);
	});

	it.each([
		[{ measurement: 'm\\', fields: { v: 1 } }, 'measurement ends in a backslash, which line protocol (and so InfluxDB) cannot store'],
		[{ measurement: 'm', tags: { component: 'a"b\\' }, fields: { v: 1 } }, 'tag "component" ends in a backslash, which line protocol (and so InfluxDB) cannot store'],
		[{ measurement: 'm', tags: { 'multi\nline': 'x' }, fields: { v: 1 } }, 'tag key "multi\nline" contains a newline, which line protocol (and so InfluxDB) cannot store'],
		[{ measurement: 'm', fields: { 'k\\': 1 } }, 'field key "k\\" ends in a backslash, which line protocol (and so InfluxDB) cannot store']
	])('refuses %j, saying why', (point, error) => {
		expect(parse([point]).errors).toEqual([{ line: 1, error }]);
	});

	it('still takes a backslash inside a name', () => {
		const { points, errors } = parse([{ measurement: 'm', tags: { component: 'a\\b' }, fields: { v: 1 }, time: 1 }]);
		expect(errors).toEqual([]);
		expect(points[0].tags.component).toBe('a\\b');
	});
});
