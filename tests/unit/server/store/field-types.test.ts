import { describe, expect, it } from 'vitest';
import type { FieldType, Point } from '../../../../src/lib/server/ingest/point.ts';
import { FieldTypeRegistry } from '../../../../src/lib/server/store/field-types.ts';

function point(measurement: string, types: Record<string, FieldType>): Point {
	return { measurement, tags: {}, series: measurement, fields: {}, types, timeNs: '1', timeMs: 0, line: '' };
}

describe('FieldTypeRegistry', () => {
	it('rejects a field whose type conflicts with the first one seen, in InfluxDB’s words', () => {
		const r = new FieldTypeRegistry();
		expect(r.claim(point('m', { v: 'float' }))).toBeNull();
		expect(r.claim(point('m', { v: 'integer' }))).toBe('field type conflict: input field "v" on measurement "m" is type integer, already exists as type float');
		expect(r.claim(point('other', { v: 'integer' }))).toBeNull();
	});

	it('checks a shared (frozen) types object once, and still refuses a conflicting one', () => {
		const r = new FieldTypeRegistry();
		const floats = Object.freeze({ v: 'float', n: 'integer' } as Record<string, FieldType>);
		const ints = Object.freeze({ v: 'integer' } as Record<string, FieldType>);
		expect(r.claim(point('m', floats))).toBeNull();
		expect(r.claim(point('m', floats))).toBeNull();
		expect(r.claim(point('m', ints))).toMatch(/field type conflict: input field "v"/);
		expect(r.claim(point('m', ints))).toMatch(/field type conflict/);
		expect(r.claim(point('m', { n: 'string' }))).toMatch(/input field "n" on measurement "m" is type string, already exists as type integer/);
		expect(r.typeOf('m', 'v')).toBe('float');
	});
});
